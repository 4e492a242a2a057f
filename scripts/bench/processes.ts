/**
 * What the bench starts and how all of it stops, on success, on error and on Ctrl-C.
 *
 * Each command runs in a process group of its own, so that it and what it spawns (wrangler dev starts workerd and
 * esbuild) stop together. Being outside the terminal's group, those groups never see Ctrl-C: the bench stops them.
 * Anything to stop is registered with `mustStop`; `exitAfterStopping` stops it all, newest first, and is how the
 * bench exits.
 */
import { type ChildProcess, type StdioOptions, spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";

export function progress(message: string): void {
  console.error(`[bench] ${message}`);
}

export function lastLines(text: string, lines = 25): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Stopping everything, and interrupts

/** What must still be stopped before the script exits, as registered by `mustStop`. */
const pendingStops = new Set<() => Promise<void>>();
/** Process groups still up, for a last synchronous SIGKILL if the script exits without stopping them. */
const liveGroups = new Set<number>();
let interrupted = false;
let exiting: Promise<never> | undefined;

/**
 * Registers something to stop before the script exits. Returns the function that stops it: calling it again, or
 * from the interrupt handler at the same time, waits for the first stop.
 */
export function mustStop(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const stopOnce = () => (stopping ??= stop().finally(() => pendingStops.delete(stopOnce)));
  pendingStops.add(stopOnce);
  return stopOnce;
}

export function isInterrupted(): boolean {
  return interrupted;
}

/** Called before starting anything: after SIGINT/SIGTERM nothing new may start while everything is stopped. */
export function ensureNotInterrupted(): void {
  if (interrupted) throw new Error("interrupted");
}

/** Stops everything still running, newest first, then exits: with 130 if interrupted, else with `code`. */
export function exitAfterStopping(code: number): Promise<never> {
  exiting ??= (async () => {
    for (const stop of [...pendingStops].reverse()) {
      await stop().catch((error: unknown) => progress(`could not stop a child process: ${String(error)}`));
    }
    return process.exit(interrupted ? 130 : code);
  })();
  return exiting;
}

/** On SIGINT/SIGTERM: stop everything, then exit with 130. */
export function installInterruptHandlers(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // `on`, not `once`: the signal can arrive twice (from the terminal and relayed by npm/tsx), and the handler
    // must stay installed until everything is stopped, or the second one kills the script mid-cleanup.
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      progress(`${signal}: stopping servers`);
      void exitAfterStopping(130);
    });
  }
  // Last resort if the script exits another way (a crash; Miniflare's own SIGINT handler exits at once).
  process.on("exit", () => {
    for (const pgid of liveGroups) signalGroup(pgid, "SIGKILL");
  });
}

/**
 * How a script of scripts/ runs: reads its configuration (a bad one exits with 2 and says why), installs the
 * interrupt handlers, runs `main`, and exits with its code (1 if it threw) once everything it started has stopped.
 *
 * @example
 * await runScript(readSoakConfig, main);
 */
export async function runScript<Config>(
  readConfig: () => Config,
  main: (config: Config) => Promise<number>,
): Promise<never> {
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    progress(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  installInterruptHandlers();
  const exitCode = await main(config).catch((error: unknown) => {
    if (!isInterrupted()) progress(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  });
  return exitAfterStopping(exitCode);
}

// ---------------------------------------------------------------------------------------------------------------
// Process groups

export interface SpawnSettings {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdio: StdioOptions;
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
    if (!signalGroup(pgid, 0)) return true;
  }
  return false;
}

/** SIGTERM, then SIGKILL whatever is left after a grace period. */
async function stopGroup(pgid: number): Promise<void> {
  if (signalGroup(pgid, "SIGTERM") && !(await waitForGroupExit(pgid, 10_000))) {
    signalGroup(pgid, "SIGKILL");
    await waitForGroupExit(pgid, 5_000);
  }
  liveGroups.delete(pgid);
}

/** Starts a command in a process group of its own (`detached`); `stop` stops the whole group. */
export function spawnGroup(
  command: string,
  args: string[],
  settings: SpawnSettings,
): { child: ChildProcess; stop: () => Promise<void> } {
  ensureNotInterrupted();
  const child = spawn(command, args, { ...settings, detached: true });
  if (child.pid === undefined) {
    child.on("error", () => {}); // reported by the throw below
    throw new Error(`could not start ${command}`);
  }
  const pgid = child.pid;
  liveGroups.add(pgid);
  return { child, stop: mustStop(() => stopGroup(pgid)) };
}

/** Runs a command to completion; its output is shown only if it fails. */
export async function runCommand(
  command: string,
  args: string[],
  settings: Omit<SpawnSettings, "stdio">,
): Promise<void> {
  const { child, stop } = spawnGroup(command, args, { ...settings, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  try {
    const [code] = (await once(child, "close")) as [number | null];
    if (code !== 0) throw new Error(`\`${command} ${args.join(" ")}\` exited with ${code}:\n${lastLines(output)}`);
  } finally {
    await stop(); // anything the command left behind
  }
}
