/**
 * The workerd process's memory during the soak: its resident set (VmRSS in /proc/<pid>/status, Linux), sampled every
 * 10 s, with the machine's load average beside it (other work on the machine slows every figure).
 * The workerd running the Worker (with its Durable Objects, D1 and the cache emulation) is found in the process tree:
 * below this script under Miniflare directly; below `wrangler dev`'s node process, beside a second workerd (its
 * development proxy, on the server's port) whose memory is sampled too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

export const SAMPLE_EVERY_MS = 10_000;

export interface MemorySample {
  /** Seconds since the load started. */
  atSeconds: number;
  /** The Worker's workerd. */
  rssMiB: number;
  /** The part of it in V8's heap (see `v8HeapMiB`); the rest is workerd's own (tcmalloc, code, buffers). */
  v8HeapMiB: number | undefined;
  /** The development proxy's workerd. */
  proxyRssMiB: number | undefined;
  /** The machine's 1-minute load average. */
  load1: number;
  /**
   * Since the sample before, the share of one core the Worker's workerd used, and the soak's own process (the load
   * generator and every client): near 100 %, that one thread is what answers wait for.
   */
  workerdCpuPercent: number | undefined;
  soakCpuPercent: number | undefined;
}

/** CPU time (user + system) of process `pid` so far, in seconds, from /proc (Linux); undefined elsewhere. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/** The parent pid and command name of `pid`, from /proc/<pid>/stat (the name is in parentheses, may hold spaces). */
function statOf(pid: number): { ppid: number; name: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const ppid = Number(stat.slice(close + 2).split(" ")[1]);
    return { ppid, name: stat.slice(stat.indexOf("(") + 1, close) };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** The pids of the processes named `name` below `root` in the process tree. */
export function descendantsNamed(root: number, name: string): number[] {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = statOf(pid);
    if (!stat) continue;
    names.set(pid, stat.name);
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  for (let pid = stack.pop(); pid !== undefined; pid = stack.pop()) {
    if (names.get(pid) === name) found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** The resident set of `pid` in MiB, or undefined once it has exited. */
export function residentMiB(pid: number): number | undefined {
  try {
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

const CAGE_BYTES = 2 ** 32;

/**
 * The resident part of `pid`'s V8 heap, in MiB: workerd's isolates share one pointer-compression cage, an anonymous
 * reservation of 4 GiB aligned on 4 GiB, where every V8 heap page lives (tcmalloc's arenas are 1 GiB ones). Read from
 * /proc/<pid>/smaps, summing the resident pages of the anonymous mappings inside such a reservation: a view of the
 * heap without a debugger attached. Undefined if no cage is found (another V8 build) or the process is gone.
 */
export function v8HeapMiB(pid: number): number | undefined {
  let smaps: string;
  try {
    smaps = readFileSync(`/proc/${pid}/smaps`, "utf8");
  } catch {
    return undefined;
  }
  // Adjacent anonymous mappings, joined: [start, end, resident KiB].
  const regions: [number, number, number][] = [];
  let anonymous = false;
  for (const line of smaps.split("\n")) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (mapping) {
      const [start, end] = [Number.parseInt(mapping[1] as string, 16), Number.parseInt(mapping[2] as string, 16)];
      anonymous = mapping[3] === "0" && mapping[4] === "";
      const last = regions.at(-1);
      if (anonymous && last?.[1] === start) last[1] = end;
      else if (anonymous) regions.push([start, end, 0]);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB$/.exec(line);
    if (rss && anonymous) (regions.at(-1) as [number, number, number])[2] += Number(rss[1]);
  }
  const cages = regions.filter(([start, end]) => start % CAGE_BYTES === 0 && end - start >= CAGE_BYTES);
  return cages.length === 0 ? undefined : cages.reduce((sum, [, , kib]) => sum + kib, 0) / 1024;
}

/**
 * The workerd processes below `serverPid`: under `wrangler dev`, its development proxy's listens on `devProxyPort`
 * and the other runs the Worker; under Miniflare directly, the one there is runs the Worker.
 */
export function workerdProcesses(serverPid: number, devProxyPort: string | undefined) {
  const proxyMark = `--socket-addr=entry=127.0.0.1:${devProxyPort}`;
  const isProxy = (pid: number) =>
    devProxyPort !== undefined && readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(proxyMark);
  const all = descendantsNamed(serverPid, "workerd");
  const workers = all.filter((pid) => !isProxy(pid));
  if (workers.length !== 1) {
    throw new Error(`expected one workerd running the Worker below pid ${serverPid}, found ${workers.length}`);
  }
  return { worker: workers[0] as number, proxy: all.find(isProxy) };
}

/**
 * Samples the resident set of the Worker's workerd (and the dev proxy's) below `serverPid` now and every 10 s until
 * stopped, with the CPU that workerd and this process used in between; `stop` returns the samples (the last taken as
 * it stops).
 */
export function sampleWorkerdMemory(serverPid: number, devProxyPort: string | undefined, startedAt: number) {
  const { worker, proxy } = workerdProcesses(serverPid, devProxyPort);
  const samples: MemorySample[] = [];
  const soakCpuSeconds = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  let before = { at: performance.now(), workerd: cpuSecondsOf(worker), soak: soakCpuSeconds() };
  const sample = () => {
    const rssMiB = residentMiB(worker);
    if (rssMiB === undefined) return;
    const now = { at: performance.now(), workerd: cpuSecondsOf(worker), soak: soakCpuSeconds() };
    const wallSeconds = (now.at - before.at) / 1000;
    const percent = (from: number | undefined, to: number | undefined) =>
      from === undefined || to === undefined || wallSeconds <= 0 ? undefined : (100 * (to - from)) / wallSeconds;
    samples.push({
      atSeconds: (now.at - startedAt) / 1000,
      rssMiB,
      v8HeapMiB: v8HeapMiB(worker),
      proxyRssMiB: proxy === undefined ? undefined : residentMiB(proxy),
      load1: loadavg()[0] ?? 0,
      workerdCpuPercent: samples.length === 0 ? undefined : percent(before.workerd, now.workerd),
      soakCpuPercent: samples.length === 0 ? undefined : percent(before.soak, now.soak),
    });
    before = now;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return {
    pid: worker,
    proxyPid: proxy,
    /** The last sample's resident set, in MiB. */
    latest: () => samples.at(-1)?.rssMiB,
    stop(): MemorySample[] {
      clearInterval(timer);
      sample();
      return samples;
    },
  };
}
