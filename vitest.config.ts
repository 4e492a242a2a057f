import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// The signing secret tests run with (a real deployment gets its own from `wrangler secret put JWT_SECRET`).
process.env.JWT_SECRET ??= "test-secret-that-is-at-least-32-bytes-long";

// Tests run inside workerd, against the bindings wrangler.toml declares (local D1, rate limiters, ...).
export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      main: "./workers/index.ts",
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations("./migrations"),
          // test/fuzz.test.ts: FUZZ_SEED=<seed> replays a run, FUZZ_CASES=<n> sends more (or fewer) cases.
          FUZZ_SEED: process.env.FUZZ_SEED ?? "",
          FUZZ_CASES: process.env.FUZZ_CASES ?? "",
          // A relay of the chat's fan-out holds 3 sockets, so that test/chat-relays.test.ts spreads a few clients over
          // several relays (a room sends joins to relays only past its own CHAT_ROOM_SOCKETS; that test sets it to 0).
          CHAT_RELAY_SOCKETS: "3",
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    // The browser tests run in Node against a wrangler dev of their own: vitest.e2e.config.ts.
    exclude: ["test/e2e/**"],
    // Request logs are one JSON line per request; keep test output to failures and warnings.
    onConsoleLog: (log: string) => !log.startsWith('{"level":"info"'),
    setupFiles: ["./test/setup.ts"],
    // Tests assert behaviour, never speed: the limit only stops a hung test, and a busy 2-core machine is slow.
    testTimeout: 20_000,
  },
}));
