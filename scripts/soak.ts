/**
 * A bounded soak of the Worker on loopback (`npm run soak`, `-- --minutes N`, `-- --smoke`): the built Worker under
 * Miniflare directly on 127.0.0.1, as the bench loads it (or `-- --wrangler-dev`: `wrangler dev`, as `npm start`
 * runs it, through its development proxy), under a mixed workload for the whole run (catalog and
 * shelf reads, searches, checkouts, calendar writes under SSE subscribers, score updates to 1,000 WebSocket viewers,
 * a stream's chat; see soak/config.ts for the mix). Every part stays under the API's per-client limits.
 *
 * What it checks: no answer with a 5xx status; no acknowledged write lost (after the run, every event, order, chat
 * message and score update that got a 2xx or an echo is stored, and every real-time client saw it); stock never
 * oversold. What it measures: latency per kind of work per minute (p50, p95, p99) and over the run, and the resident
 * memory of the workerd process every 10 s (start, peak, end), beside the machine's load average.
 *
 * It prints a report (with a markdown block for the README) and writes every figure as JSON (`--json <file>`, by
 * default in the temporary directory). Exit code 0 only if every check held. The bench's data (catalog of 50
 * programs, the bench store, customers `…@bench.invalid`) is added to the local D1 first and removed at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { addBenchCatalog, addBenchStore, removeBenchData } from "./bench/data";
import { isInterrupted, progress, runScript } from "./bench/processes";
import { logInAsEditor } from "./bench/requests";
import {
  buildWorker,
  prepareLocalState,
  type Server,
  startMiniflareDirect,
  startWranglerDev,
  withServer,
} from "./bench/targets";
import { prepareCalendar } from "./soak/calendar";
import { prepareChat } from "./soak/chat";
import { describeMix, readSoakConfig, type SoakConfig, type WorkKind } from "./soak/config";
import { sampleWorkerdMemory } from "./soak/memory";
import { prepareReads } from "./soak/reads";
import { Recorder } from "./soak/recorder";
import { type SoakFigures, soakFigures, textReport } from "./soak/report";
import { prepareScoreboard } from "./soak/scoreboard";
import { prepareStore } from "./soak/store";
import type { Check, SoakContext, Workload } from "./soak/workload";

const CATALOG_PROGRAMS = 50;

/** Prints a line every minute: how far, how many answers, how many 5xx, workerd's memory. */
function reportProgress(recorder: Recorder, minutes: number, rss: () => number | undefined) {
  const timer = setInterval(() => {
    const minute = recorder.minuteOf(performance.now());
    let answers = 0;
    for (const counts of recorder.statuses.values()) for (const n of counts.values()) answers += n;
    const memory = rss();
    progress(
      `minute ${minute} of ${minutes}: ${answers} answers, ${recorder.serverErrors()} with 5xx, ` +
        `workerd ${memory === undefined ? "?" : memory.toFixed(1)} MiB, load ${loadavg()[0]?.toFixed(2)}`,
    );
  }, 60_000);
  return () => clearInterval(timer);
}

/** The server the soak loads, its name for the report, and the process its workerd runs below (see memory.ts). */
type SoakServer = Server & { pid: number; title: string };

async function startServer(config: SoakConfig, workDir: string): Promise<SoakServer> {
  if (config.wranglerDev) {
    const logFile = join(workDir, "wrangler-dev.log");
    progress(`starting wrangler dev (log: ${logFile})`);
    const server = await startWranglerDev(logFile);
    if (server.pid === undefined) throw new Error("wrangler dev's process is not known: cannot find its workerd");
    return { ...server, pid: server.pid, title: "wrangler dev, as npm start runs it (through its development proxy)" };
  }
  progress("building the Worker (wrangler deploy --dry-run)");
  const bundle = await buildWorker(join(workDir, "dist"));
  const logFile = join(workDir, "miniflare.log");
  progress(`starting the built Worker under Miniflare (log: ${logFile})`);
  const server = await startMiniflareDirect(bundle, logFile);
  return { ...server, pid: process.pid, title: "the built Worker under Miniflare directly (no development proxy)" };
}

async function soak(server: SoakServer, config: SoakConfig): Promise<SoakFigures> {
  const { mix } = config;
  const recorder = new Recorder();
  const context: SoakContext = { baseUrl: server.url, editorToken: await logInAsEditor(server.url), recorder };
  progress(
    config.only === undefined
      ? `opening ${mix.scoreViewers} scoreboard sockets, ${mix.chatViewers + mix.chatSenders} chat sockets, ${mix.feedSubscribers} SSE subscribers`
      : `running ${config.only} alone`,
  );
  const workloads: Workload[] = [];
  const runs = (...kinds: WorkKind[]) => config.only === undefined || kinds.includes(config.only);
  const prepare = async (workload: Promise<Workload>) => workloads.push(await workload);
  try {
    if (runs("catalog", "search")) {
      const readers = runs("catalog") ? mix.readers : 0;
      const searchers = runs("search") ? mix.searchers : 0;
      await prepare(prepareReads(context, CATALOG_PROGRAMS, { ...mix, readers, searchers }));
    }
    if (runs("checkout")) await prepare(prepareStore(context, mix.customers, mix.checkoutPauseMs));
    if (runs("calendar")) {
      await prepare(prepareCalendar(context, mix.feedSubscribers, mix.calendarWriters, mix.calendarPauseMs));
    }
    if (runs("scores")) await prepare(prepareScoreboard(context, mix.scoreViewers, mix.scorePauseMs));
    if (runs("chat")) await prepare(prepareChat(context, mix.chatViewers, mix.chatSenders, mix.chatEditorPauseMs));

    const loadAtStart = loadavg()[0] ?? 0;
    recorder.start(config.minutes);
    const until = recorder.startedAt + config.minutes * 60_000;
    const devProxyPort = config.wranglerDev ? new URL(server.url).port : undefined;
    const memory = sampleWorkerdMemory(server.pid, devProxyPort, recorder.startedAt);
    progress(`load running for ${config.minutes} min; workerd is pid ${memory.pid}`);
    const stopProgress = reportProgress(recorder, config.minutes, memory.latest);
    try {
      await Promise.all(workloads.map((workload) => workload.run(until)));
    } finally {
      stopProgress();
    }
    const samples = memory.stop();
    progress("load stopped; verifying every acknowledged write");
    const checks: Check[] = [];
    for (const workload of workloads) checks.push(...(await workload.verify()));
    const figures = soakFigures(
      { server: server.title, minutes: config.minutes, mix: describeMix(mix, config.only), loadAtStart },
      recorder,
      { pid: memory.pid, proxyPid: memory.proxyPid, samples },
      checks,
    );
    return figures;
  } finally {
    for (const workload of workloads) await workload.close().catch(() => undefined);
  }
}

async function main(config: SoakConfig): Promise<number> {
  const workDir = mkdtempSync(join(tmpdir(), "soak-"));
  let keepLogs = true;
  process.on("exit", () => keepLogs || rmSync(workDir, { recursive: true, force: true }));
  progress("npm run dev:prepare (.dev.vars, local migrations, seed)");
  await prepareLocalState();
  progress(`adding the bench catalog (${CATALOG_PROGRAMS} programs) and the bench store`);
  await addBenchCatalog(CATALOG_PROGRAMS);
  await addBenchStore();
  let figures: SoakFigures;
  try {
    figures = await withServer(
      () => startServer(config, workDir),
      (server) => soak(server, config),
    );
  } finally {
    if (!isInterrupted()) {
      progress("removing the bench data");
      await removeBenchData().catch((error: unknown) => progress(`could not remove the bench data: ${String(error)}`));
    }
  }
  writeFileSync(config.jsonPath, `${JSON.stringify(figures, null, 2)}\n`);
  keepLogs = !figures.passed;
  console.log(textReport(figures, config.jsonPath));
  if (keepLogs) console.log(`\nThe server's log is in ${workDir}`);
  return figures.passed ? 0 : 1;
}

await runScript(readSoakConfig, main);
