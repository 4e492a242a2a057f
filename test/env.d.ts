declare namespace Cloudflare {
  interface Env {
    /** The D1 migrations, read by vitest.config.ts and applied by test/setup.ts. */
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** test/fuzz.test.ts: the seed to replay (empty: a new one from the clock) and the number of cases to send. */
    FUZZ_SEED: string;
    FUZZ_CASES: string;
  }
}

/** A file's text, imported with Vite's `?raw` suffix (e.g. wrangler.toml, to check code against the configuration). */
declare module "*?raw" {
  const text: string;
  export default text;
}
