/**
 * The peer: the public catalog's read path on Node + Fastify + PostgreSQL (../shared/peers/fastify-catalog), started
 * with its own run.sh and stopped at the end, for a side-by-side run on the same machine and data size.
 *
 * run.sh installs PostgreSQL from Debian's packages when it is missing (apt-get) and runs every PostgreSQL command
 * as `su postgres`, so it needs root; it starts a private cluster on 127.0.0.1:55432 (a fixed port) in PEER_DIR
 * (default /tmp/peer-fastify-catalog), seeds it with N programs (dropping what was there), then serves in the
 * foreground. The bench gives it a free port (PORT) rather than its default 3100, so that a peer someone else runs
 * by hand is left alone; and it stops the PostgreSQL cluster afterwards only if it was not already running.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ROOT } from "../seed/local-platform";
import { ensureNotInterrupted, lastLines, mustStop, progress, runCommand, spawnGroup } from "./processes";
import { freePort, HOST, type Server } from "./targets";

/** Fixed by run.sh. */
const PEER_POSTGRES_PORT = 55432;
/** run.sh's own default for PEER_DIR. */
const DEFAULT_PEER_DIR = "/tmp/peer-fastify-catalog";
/** The first run installs PostgreSQL and the peer's npm packages: minutes, not seconds. */
const STARTUP_TIMEOUT_MS = 15 * 60_000;

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

/** The newest installed PostgreSQL's bin directory, as run.sh picks it (`ls -d /usr/lib/postgresql/*\/bin | tail -1`). */
function postgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((version) => existsSync(join(root, version, "bin")));
  return versions.length ? join(root, versions.sort()[versions.length - 1]!, "bin") : undefined;
}

/**
 * Why the peer cannot start here, or undefined if it can: run.sh must exist, and it needs root (apt-get, and
 * `su postgres` without a password) and either PostgreSQL installed or apt-get to install it.
 */
export function peerUnavailable(peerPath: string): string | undefined {
  if (!existsSync(join(peerPath, "run.sh"))) return `no run.sh in ${peerPath} (set BENCH_PEER_PATH)`;
  if (process.getuid?.() !== 0) return "its run.sh needs root (apt-get install postgresql, su postgres); run as root";
  if (!postgresBin() && !onPath("apt-get")) return "PostgreSQL is not installed and apt-get is not available";
  return undefined;
}

/** Whether something listens on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(1_000);
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}

/** Stops the cluster run.sh started (fast shutdown: the bench's connections are gone by then). */
async function stopPostgres(peerDir: string): Promise<void> {
  const bin = postgresBin();
  const dataDir = join(peerDir, "pg");
  if (!bin || !existsSync(join(dataDir, "postmaster.pid"))) return;
  const settings = { cwd: ROOT, env: process.env };
  await runCommand("su", ["postgres", "-c", `${bin}/pg_ctl -D ${dataDir} -m fast -w stop`], settings);
}

/** run.sh gave up before serving (e.g. PostgreSQL could not bind its port): worth one more try. */
class EarlyExit extends Error {}

/**
 * Why run.sh stopped: its own output, and PostgreSQL's log when it is the database that failed (run.sh then only
 * says "pg_ctl: could not start server").
 */
function whyItExited(logFile: string, peerDir: string): string {
  const output = lastLines(readFile(logFile), 10);
  const postgresLog = join(peerDir, "pg", "log");
  const database = output.includes("pg_ctl")
    ? `\nPostgreSQL's log (${postgresLog}):\n${lastLines(readFile(postgresLog), 6)}`
    : "";
  return `the peer's run.sh exited before serving; its output:\n${output}${database}`;
}

async function waitForFloor(url: string, exited: () => boolean, whyExited: () => string): Promise<void> {
  for (const deadline = Date.now() + STARTUP_TIMEOUT_MS; Date.now() < deadline; await sleep(500)) {
    ensureNotInterrupted();
    if (exited()) throw new EarlyExit(whyExited());
    try {
      const response = await fetch(`${url}/floor`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet: installing, seeding or starting
    }
  }
  throw new Error(`the peer did not answer GET /floor in ${STARTUP_TIMEOUT_MS / 60_000} min`);
}

const readFile = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : "");

/** One run of run.sh, on a free port, until the peer answers; on failure its process group is stopped. */
async function runPeer(peerPath: string, env: NodeJS.ProcessEnv, logFile: string, peerDir: string): Promise<Server> {
  const port = await freePort();
  const log = openSync(logFile, "a");
  let group: ReturnType<typeof spawnGroup>;
  try {
    const settings = { cwd: ROOT, env: { ...env, PORT: String(port) } };
    group = spawnGroup("bash", [join(peerPath, "run.sh")], { ...settings, stdio: ["ignore", log, log] });
  } finally {
    closeSync(log); // the child has its own copy
  }
  const url = `http://${HOST}:${port}`;
  const { child, stop } = group;
  try {
    await waitForFloor(
      url,
      () => child.exitCode !== null || child.signalCode !== null,
      () => whyItExited(logFile, peerDir),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/**
 * Starts the peer from `peerPath` with `programs` programs and waits until it answers; tries once more if run.sh
 * exits early. Port 55432 lies in Linux's ephemeral port range (32768–60999), so on a machine busy with loopback
 * traffic a client socket can hold it for a moment and PostgreSQL's bind fails. Stopping the peer stops its server
 * and, unless it was already running before, its PostgreSQL cluster.
 */
export async function startPeer(peerPath: string, programs: number, logFile: string): Promise<Server> {
  const why = peerUnavailable(peerPath);
  if (why) throw new Error(why);
  const peerDir = process.env.PEER_DIR || DEFAULT_PEER_DIR;
  const postgresWasUp = await listening(PEER_POSTGRES_PORT);
  if (postgresWasUp) progress(`PostgreSQL already listens on ${HOST}:${PEER_POSTGRES_PORT}: it is left running`);
  // Registered before the server so that, stopping newest first, the server goes before its database.
  const stopDatabase = postgresWasUp ? async () => {} : mustStop(() => stopPostgres(peerDir));
  const env: NodeJS.ProcessEnv = { ...process.env, N: String(programs), PEER_DIR: peerDir };
  delete env.PGPORT; // run.sh starts PostgreSQL on 55432 whatever it says; the server must look there too
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const server = await runPeer(peerPath, env, logFile, peerDir);
        const stop = async () => {
          await server.stop();
          await stopDatabase().catch((error: unknown) => progress(`could not stop the peer's PostgreSQL: ${error}`));
        };
        return { url: server.url, stop };
      } catch (error) {
        if (!(error instanceof EarlyExit) || attempt >= 2) throw error;
        progress(`${error.message.split("\n")[0]}; trying once more in 3 s (log: ${logFile})`);
        await sleep(3_000);
      }
    }
  } catch (error) {
    await stopDatabase().catch(() => {});
    throw error;
  }
}
