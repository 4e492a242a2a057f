/**
 * The servers the bench loads, all on 127.0.0.1 and on the local D1 `wrangler dev` uses:
 *   - `wrangler dev`, as `npm start` runs it but on free ports;
 *   - the built Worker (`wrangler deploy --dry-run`) under Miniflare directly: the same workerd, bindings and local
 *     D1, without the development proxy `wrangler dev` puts in front.
 * And a D1-only Miniflare over that state, for what the bench adds to it (see data.ts).
 */
import type { ChildProcess } from "node:child_process";
import { closeSync, createWriteStream, existsSync, openSync, readFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import {
  builtWorkerOptions,
  STATE as LOCAL_STATE,
  ROOT,
  requireFromWrangler,
  WRANGLER_CLI,
  CONFIG as WRANGLER_CONFIG,
} from "../seed/local-platform";
import { ensureNotInterrupted, lastLines, mustStop, runCommand, spawnGroup } from "./processes";

/** The only address the bench loads or listens on. */
export const HOST = "127.0.0.1";

/** The D1 databases of the local state `wrangler dev` uses. */
const LOCAL_D1 = join(LOCAL_STATE, "d1");
const STARTUP_TIMEOUT_MS = 120_000;

export interface Server {
  url: string;
  stop: () => Promise<void>;
  /** The process the server was started as, when it is a child of this script (its workerd runs below it). */
  pid?: number;
}

/** Starts a server, runs `use` with it, and stops it whatever happens. */
export async function withServer<S extends Server, T>(start: () => Promise<S>, use: (server: S) => Promise<T>) {
  const server = await start();
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

/** Where and how wrangler and npm run; no call-home from the tools: no Request.cf download, no metrics. */
function toolSettings() {
  return { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" } };
}

/** A TCP port free on 127.0.0.1 a moment ago, for a server the bench starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// wrangler dev

/** `.dev.vars`, local migrations and the demo data, as `npm start` prepares them. */
export function prepareLocalState(): Promise<void> {
  return runCommand("npm", ["run", "dev:prepare"], toolSettings());
}

/**
 * Waits until `url` answers 200 from the server `child` started (`name` in errors); fails if the child exits first
 * (with the end of its `logFile`, if any) or after STARTUP_TIMEOUT_MS.
 */
export async function waitUntilAnswering(url: string, child: ChildProcess, name: string, logFile?: string) {
  for (const deadline = Date.now() + STARTUP_TIMEOUT_MS; Date.now() < deadline; await sleep(250)) {
    ensureNotInterrupted();
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = logFile === undefined ? "" : `; its log:\n${lastLines(readFileSync(logFile, "utf8"))}`;
      throw new Error(`${name} exited before answering${log}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
  }
  const path = new URL(url).pathname;
  const log = logFile === undefined ? "" : `; see ${logFile}`;
  throw new Error(`${name} did not answer GET ${path} with 200 in ${STARTUP_TIMEOUT_MS / 1000} s${log}`);
}

/** `wrangler dev` on free ports; `extraArgs` go to wrangler (e.g. `--persist-to <dir>` for a state of its own). */
export async function startWranglerDev(logFile: string, extraArgs: string[] = []): Promise<Server> {
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const args = [
    WRANGLER_CLI,
    "dev",
    ...["--ip", HOST, "--port", String(port)],
    ...["--inspector-ip", HOST, "--inspector-port", String(inspectorPort)],
    "--show-interactive-dev-session=false",
    ...extraArgs,
  ];
  const { child, stop } = spawnLoggingTo(logFile, process.execPath, args);
  const url = `http://${HOST}:${port}`;
  try {
    await waitUntilAnswering(`${url}/health`, child, "wrangler dev", logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop, pid: child.pid };
}

function spawnLoggingTo(logFile: string, command: string, args: string[]): ReturnType<typeof spawnGroup> {
  const log = openSync(logFile, "a");
  try {
    return spawnGroup(command, args, { ...toolSettings(), stdio: ["ignore", log, log] });
  } finally {
    closeSync(log); // the child has its own copy
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Miniflare

type MiniflareModule = typeof import("miniflare");
type MiniflareOptions = ConstructorParameters<MiniflareModule["Miniflare"]>[0];
type WranglerApi = typeof import("wrangler");
let wranglerApi: Promise<WranglerApi> | undefined;

/**
 * wrangler's programmatic API, imported on first use. Importing it installs SIGINT/SIGTERM handlers that exit at
 * once; those are removed, so that an interrupted bench still stops its servers first.
 */
function importWrangler(): Promise<WranglerApi> {
  wranglerApi ??= (async () => {
    const signals = ["SIGINT", "SIGTERM"] as const;
    const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
    const api = await import("wrangler");
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.includes(listener)) process.off(signal, listener);
      }
    }
    return api;
  })();
  return wranglerApi;
}

/**
 * The bindings `wrangler dev` gives the Worker, derived by wrangler itself from wrangler.toml and .dev.vars:
 * vars and JWT_SECRET, D1 `DB`, the rate limiters with their limits, compatibility date and flags.
 */
async function workerOptionsFromWranglerConfig() {
  const { unstable_getMiniflareWorkerOptions } = await importWrangler();
  const logLevel = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = "error"; // wrangler's config warnings were already shown by its own commands
  try {
    return unstable_getMiniflareWorkerOptions(WRANGLER_CONFIG).workerOptions;
  } finally {
    if (logLevel === undefined) delete process.env.WRANGLER_LOG;
    else process.env.WRANGLER_LOG = logLevel;
  }
}

/**
 * Starts Miniflare, registered to be stopped. Should the script exit first, Miniflare's own exit hook kills its
 * workerd; that hook also exits at once on SIGINT, and our exit hook then kills any process group still up.
 */
/** A Miniflare (wrangler's, 4.x) that is stopped before the script exits, interrupted or not. */
export async function startMiniflare(options: MiniflareOptions) {
  ensureNotInterrupted();
  const { version } = requireFromWrangler("miniflare/package.json") as { version: string };
  if (!version.startsWith("4.")) throw new Error(`wrangler resolves miniflare ${version}; this bench needs 4.x`);
  const { Miniflare } = requireFromWrangler("miniflare") as MiniflareModule;
  const mf = new Miniflare(options);
  const stop = mustStop(() => mf.dispose());
  try {
    return { mf, stop, url: (await mf.ready).origin };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Bundles the Worker as `wrangler deploy` would, without uploading; returns the path of the module. */
export async function buildWorker(outDir: string): Promise<string> {
  await runCommand(process.execPath, [WRANGLER_CLI, "deploy", "--dry-run", "--outdir", outDir], toolSettings());
  const bundle = join(outDir, "index.js");
  if (!existsSync(bundle)) throw new Error(`wrangler deploy --dry-run wrote no ${bundle}`);
  return bundle;
}

/**
 * The built Worker under Miniflare's own HTTP server, on the local state `wrangler dev` uses (or `state`); `vars`
 * replace wrangler.toml's. `env()` gives its bindings, to reach its objects over RPC.
 */
export async function startMiniflareDirect(
  bundle: string,
  logFile: string,
  state = LOCAL_STATE,
  vars: Record<string, string> = {},
): Promise<Server & { env: () => Promise<Env> }> {
  const log = createWriteStream(logFile, { flags: "a" });
  await importWrangler(); // first, so that its signal handlers are removed before anything else imports it
  const options = await builtWorkerOptions(bundle, state);
  const { mf, stop, url } = await startMiniflare({
    ...options,
    bindings: { ...(options as { bindings?: Record<string, unknown> }).bindings, ...vars },
    host: HOST,
    port: await freePort(),
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.pipe(log, { end: false });
      stderr.pipe(log, { end: false });
    },
  });
  return { url, stop: () => stop().finally(() => log.end()), env: () => mf.getBindings<Env>() };
}

/**
 * Runs `use` with the D1 binding `DB` over the local database persisted in `persistDir` (the one `wrangler dev`
 * uses by default), from a Miniflare that serves nothing else.
 */
export async function withLocalD1<T>(use: (db: D1Database) => Promise<T>, persistDir = LOCAL_D1): Promise<T> {
  const { compatibilityDate, d1Databases } = await workerOptionsFromWranglerConfig();
  const { mf, stop } = await startMiniflare({
    modules: true,
    script: "export default { fetch: () => new Response(null, { status: 404 }) };",
    compatibilityDate,
    d1Databases,
    d1Persist: persistDir,
    host: HOST,
    cf: false,
  });
  try {
    return await use((await mf.getD1Database("DB")) as unknown as D1Database);
  } finally {
    await stop();
  }
}

/** Applies the migrations to an empty local D1 kept in `stateDir` (not the development database). */
export async function migrateScratchD1(stateDir: string): Promise<string> {
  await runCommand(
    process.execPath,
    [WRANGLER_CLI, "d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir],
    toolSettings(),
  );
  return join(stateDir, "v3", "d1");
}
