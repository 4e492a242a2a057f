/**
 * The Worker's bindings over the local state `wrangler dev` uses (.wrangler/state/v3), for Node scripts such as the
 * seed. wrangler's `getPlatformProxy` gives D1 and R2 but cannot reach Durable Objects the Worker itself defines
 * (every call fails with "no such actor class"), so this runs the built Worker under Miniflare instead: same
 * bindings (derived by wrangler from wrangler.toml and .dev.vars), same Worker name, hence the same storage for D1,
 * R2 and every Durable Object, whose RPC methods then work from Node.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root directory. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CONFIG = join(ROOT, "wrangler.toml");
/** Where `wrangler dev` keeps local state; its D1 databases live under `d1/`. */
export const STATE = join(ROOT, ".wrangler/state/v3");
export const WRANGLER_DIR = dirname(createRequire(import.meta.url).resolve("wrangler/package.json"));
export const WRANGLER_CLI = join(WRANGLER_DIR, "bin/wrangler.js");
/**
 * Resolves packages the way wrangler does, so `miniflare` is the 4.x wrangler runs on, not another major the test
 * pool may have hoisted.
 */
export const requireFromWrangler = createRequire(join(WRANGLER_DIR, "package.json"));

/**
 * Miniflare options for the bundled Worker at `bundle` with the bindings `wrangler dev` gives it (derived by wrangler
 * from wrangler.toml and .dev.vars), over the local `state`.
 */
export async function builtWorkerOptions(bundle: string, state = STATE) {
  const { unstable_getMiniflareWorkerOptions, unstable_readConfig } = await import("wrangler");
  return {
    ...unstable_getMiniflareWorkerOptions(CONFIG).workerOptions,
    // Durable Object storage is keyed by Worker name and class: without the name it would not be wrangler dev's.
    name: unstable_readConfig({ config: CONFIG }, { hideWarnings: true }).name,
    modules: true,
    scriptPath: bundle,
    modulesRoot: dirname(bundle), // module names are relative to this; the bundle is outside the project
    defaultPersistRoot: state,
    d1Persist: join(state, "d1"),
    cf: false, // no download of Request.cf data
  };
}

/** Runs `use` with the Worker's bindings over `state` (by default wrangler dev's), then stops the Worker. */
export async function withLocalPlatform<T>(use: (env: Env) => Promise<T>, state = STATE): Promise<T> {
  const outDir = mkdtempSync(join(tmpdir(), "edge-platform-seed-"));
  try {
    // Bundled as `wrangler deploy` would (the Worker is TypeScript with npm dependencies), without uploading.
    execFileSync(process.execPath, [WRANGLER_CLI, "deploy", "--dry-run", "--outdir", outDir], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    const { Miniflare } = requireFromWrangler("miniflare") as typeof import("miniflare");
    const mf = new Miniflare(await builtWorkerOptions(join(outDir, "index.js"), state));
    try {
      return await use(await mf.getBindings<Env>());
    } finally {
      await mf.dispose();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
