/**
 * The soak's report: the figures as JSON (everything, for a file), as readable text (stdout), and as a markdown
 * block for the README (totals, latency per minute, memory, the checks).
 */
import { arch, cpus, platform, totalmem } from "node:os";
import { decimal, integer, markdownTable } from "../bench/report";
import type { MemorySample } from "./memory";
import type { Kind, Percentiles, Recorder } from "./recorder";
import type { Check } from "./workload";

export interface SoakFigures {
  date: string;
  machine: string;
  server: string;
  minutes: number;
  /** What ran at once, in words. */
  mix: string[];
  /** 1-minute load averages: at the start, and the highest sampled. */
  load: { start: number; peak: number; end: number };
  memory: {
    pid: number;
    startMiB: number;
    peakMiB: number;
    endMiB: number;
    /** The part of the resident set in V8's heap (see memory.ts); NaN where it could not be told. */
    v8Heap: { startMiB: number; peakMiB: number; endMiB: number };
    /** The development proxy's workerd, for comparison. */
    proxy: { pid: number | undefined; startMiB: number; peakMiB: number; endMiB: number };
    samples: MemorySample[];
  };
  statuses: Record<Kind, Record<string, number>>;
  serverErrors: number;
  latency: { kind: Kind; perMinute: Percentiles[]; total: Percentiles }[];
  checks: Check[];
  problems: string[];
  passed: boolean;
}

/** This machine, in one line. */
export function describeMachine(): string {
  const cpu = cpus();
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${cpu.length} CPUs (${cpu[0]?.model.trim() ?? "unknown"}), ${memory} GiB, ${platform()} ${arch()}, Node ${process.version}`;
}

export function soakFigures(
  context: Pick<SoakFigures, "server" | "minutes" | "mix"> & { loadAtStart: number },
  recorder: Recorder,
  memory: { pid: number; proxyPid: number | undefined; samples: MemorySample[] },
  checks: Check[],
): SoakFigures {
  const rss = memory.samples.map((sample) => sample.rssMiB);
  const heap = memory.samples.map((sample) => sample.v8HeapMiB ?? Number.NaN);
  const proxyRss = memory.samples.map((sample) => sample.proxyRssMiB ?? Number.NaN);
  const loads = memory.samples.map((sample) => sample.load1);
  const statuses = Object.fromEntries(
    [...recorder.statuses].map(([kind, counts]) => [kind, Object.fromEntries(counts)]),
  ) as SoakFigures["statuses"];
  const serverErrors = recorder.serverErrors();
  return {
    date: new Date().toISOString(),
    machine: describeMachine(),
    server: context.server,
    minutes: context.minutes,
    mix: context.mix,
    load: { start: context.loadAtStart, peak: Math.max(context.loadAtStart, ...loads), end: loads.at(-1) ?? 0 },
    memory: {
      pid: memory.pid,
      startMiB: rss[0] ?? Number.NaN,
      peakMiB: Math.max(...rss),
      endMiB: rss.at(-1) ?? Number.NaN,
      v8Heap: { startMiB: heap[0] ?? Number.NaN, peakMiB: Math.max(...heap), endMiB: heap.at(-1) ?? Number.NaN },
      proxy: {
        pid: memory.proxyPid,
        startMiB: proxyRss[0] ?? Number.NaN,
        peakMiB: Math.max(...proxyRss),
        endMiB: proxyRss.at(-1) ?? Number.NaN,
      },
      samples: memory.samples,
    },
    statuses,
    serverErrors,
    latency: recorder.latencyFigures(),
    checks,
    problems: recorder.problems,
    passed: serverErrors === 0 && checks.every((check) => check.ok),
  };
}

const ms = (n: number) => (Number.isNaN(n) ? "–" : n < 10 ? decimal(n) : integer(n));
const trio = (p: Percentiles) => (p.count === 0 ? "–" : `${ms(p.p50Ms)} / ${ms(p.p95Ms)} / ${ms(p.p99Ms)}`);
const mib = (n: number) => `${decimal(n)} MiB`;

function describeStatuses(counts: Record<string, number> | undefined): string {
  return Object.entries(counts ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}×${integer(n)}`)
    .join(", ");
}

function totalsTable(figures: SoakFigures): string {
  const rows = figures.latency.map(({ kind, total }) => [
    kind,
    integer(total.count),
    describeStatuses(figures.statuses[kind]) || "(deliveries)",
    ms(total.p50Ms),
    ms(total.p95Ms),
    ms(total.p99Ms),
    ms(total.maxMs),
  ]);
  const header = ["work", "timed", "answers", "p50 ms", "p95 ms", "p99 ms", "max ms"];
  return markdownTable(header, rows, [false, true, false, true, true, true, true]);
}

/** The last memory sample taken by the end of minute `minute` (from 1), if any. */
function sampleByMinute(samples: MemorySample[], minute: number): MemorySample | undefined {
  return samples.filter((sample) => sample.atSeconds <= minute * 60).at(-1);
}

/** A sample's resident set, with the part of it in V8's heap in parentheses. */
const memoryCell = (sample: MemorySample | undefined) =>
  sample === undefined
    ? "–"
    : `${integer(sample.rssMiB)}${sample.v8HeapMiB === undefined ? "" : ` (${integer(sample.v8HeapMiB)})`}`;

/** The mean share of a core each process used over minute `minute` (from 1): "workerd / soak" in %. */
function cpuCell(samples: MemorySample[], minute: number): string {
  const within = samples.filter((sample) => sample.atSeconds > (minute - 1) * 60 && sample.atSeconds <= minute * 60);
  const mean = (pick: (sample: MemorySample) => number | undefined) => {
    const values = within.map(pick).filter((value): value is number => value !== undefined);
    return values.length === 0 ? "–" : integer(values.reduce((sum, value) => sum + value, 0) / values.length);
  };
  return `${mean((sample) => sample.workerdCpuPercent)} / ${mean((sample) => sample.soakCpuPercent)}`;
}

function perMinuteTable(figures: SoakFigures): string {
  const minutes = Math.max(...figures.latency.map(({ perMinute }) => perMinute.length));
  const rows = Array.from({ length: minutes }, (_, minute) => [
    String(minute + 1),
    ...figures.latency.map(({ perMinute }) => trio(perMinute[minute] ?? ({ count: 0 } as Percentiles))),
    memoryCell(sampleByMinute(figures.memory.samples, minute + 1)),
    cpuCell(figures.memory.samples, minute + 1),
  ]);
  const header = [
    "minute",
    ...figures.latency.map(({ kind }) => kind),
    "workerd MiB (V8 heap)",
    "CPU % of a core: workerd / soak",
  ];
  return markdownTable(header, rows, [false, ...figures.latency.map(() => true), true, true]);
}

/**
 * How the resident set moved over the second half of the run, once the runtime has taken what the load needs: the
 * level at half time, the highest after it, and the end, each against the level at half time.
 */
function secondHalfLine({ memory, minutes }: SoakFigures): string {
  const half = sampleByMinute(memory.samples, minutes / 2);
  const after = memory.samples.filter((sample) => half !== undefined && sample.atSeconds > half.atSeconds);
  const end = memory.samples.at(-1);
  if (half === undefined || end === undefined || after.length === 0) return "";
  const change = (mib: number) => {
    const percent = (100 * (mib - half.rssMiB)) / half.rssMiB;
    return `${mib >= half.rssMiB ? "+" : ""}${decimal(percent)} %`;
  };
  const peak = Math.max(...after.map((sample) => sample.rssMiB));
  return (
    ` Over the second half: ${mib(half.rssMiB)} at ${Math.round(half.atSeconds / 6) / 10} min, at most ${mib(peak)} after ` +
    `(${change(peak)}), ${mib(end.rssMiB)} at the end (${change(end.rssMiB)}).`
  );
}

function memoryLine({ memory, load }: SoakFigures): string {
  return (
    `workerd (pid ${memory.pid}) resident set: ${mib(memory.startMiB)} at the start, ${mib(memory.peakMiB)} at the ` +
    `peak, ${mib(memory.endMiB)} at the end (${memory.samples.length} samples, every 10 s)` +
    (memory.proxy.pid === undefined
      ? ""
      : `; the dev proxy's workerd ${mib(memory.proxy.startMiB)}, ${mib(memory.proxy.peakMiB)}, ` +
        `${mib(memory.proxy.endMiB)}`) +
    (Number.isNaN(memory.v8Heap.startMiB)
      ? ". "
      : `; of which V8's heap ${mib(memory.v8Heap.startMiB)}, ${mib(memory.v8Heap.peakMiB)} at its peak, ` +
        `${mib(memory.v8Heap.endMiB)} at the end. `) +
    `Machine load (1-min average): ${load.start.toFixed(2)} at the start, ${load.peak.toFixed(2)} at the peak, ` +
    `${load.end.toFixed(2)} at the end.`
  );
}

const checkLine = (check: Check) => `- ${check.ok ? "✔" : "✘"} ${check.name}: ${check.detail}`;

/** The markdown block for the README. */
export function markdownReport(figures: SoakFigures): string {
  return [
    `Soak of ${figures.date.slice(0, 16).replace("T", " ")} UTC, ${figures.minutes} min, ${figures.server}, on ${figures.machine}.`,
    "",
    ...figures.mix.map((line) => `- ${line}`),
    "",
    `${figures.serverErrors} answers with a 5xx status. ${memoryLine(figures)}${secondHalfLine(figures)}`,
    "",
    totalsTable(figures),
    "",
    "Latency per minute, p50 / p95 / p99 ms, with workerd's memory at the end of the minute and the CPU it and the soak used:",
    "",
    perMinuteTable(figures),
    "",
    "Checks after the run:",
    "",
    ...figures.checks.map(checkLine),
  ].join("\n");
}

/** The readable report for stdout: the markdown, then the problems seen, if any. */
export function textReport(figures: SoakFigures, jsonPath: string): string {
  return [
    `# Soak: ${figures.passed ? "PASSED" : "FAILED"}`,
    "",
    "<!-- the block for the README -->",
    markdownReport(figures),
    "<!-- end of the block -->",
    "",
    figures.problems.length > 0
      ? `Problems seen (${figures.problems.length}):\n${figures.problems
          .slice(0, 30)
          .map((p) => `  ${p}`)
          .join("\n")}`
      : "No problems seen.",
    "",
    `All figures (every memory sample, every minute): ${jsonPath}`,
  ].join("\n");
}
