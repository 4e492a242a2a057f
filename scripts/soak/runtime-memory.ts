/**
 * How workerd's memory grows with no app at all, to compare with the soak's figures
 * (`npx tsx scripts/soak/runtime-memory.ts [none|match|put|workerd] [seconds]`): a Worker of a few lines answers each
 * request with nothing (`none`), a `cache.match` of a new key (`match`), or a `cache.put` of one (`put`, a 4 KiB body,
 * the size of a catalog page), under Miniflare as the soak runs the app; `workerd` answers with nothing from workerd
 * alone (its binary and a config of one Worker and one socket: no Miniflare, no cache, no disk). 20 clients ask one
 * after another. workerd's resident set, and the part of it in V8's heap, are printed every 10 s, then for a minute
 * without requests.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { runScript, spawnGroup } from "../bench/processes";
import { freePort, HOST, startMiniflare, waitUntilAnswering } from "../bench/targets";
import { ROOT, requireFromWrangler } from "../seed/local-platform";
import { residentMiB, v8HeapMiB, workerdProcesses } from "./memory";

const MODES = ["none", "match", "put", "workerd"];
const mode = MODES.includes(process.argv[2] ?? "") ? (process.argv[2] as string) : "put";
const seconds = Number(process.argv[3] ?? 120);
const CLIENTS = 20;
const IDLE_SECONDS = 60;

const WORKER = `
const body = "x".repeat(4096);
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const key = "https://cache.internal" + url.pathname;
    if (url.searchParams.get("mode") === "put") {
      await caches.default.put(key, new Response(body, { headers: { "Cache-Control": "public, max-age=60" } }));
      return new Response("put");
    }
    if (url.searchParams.get("mode") === "none") return new Response("none");
    return new Response((await caches.default.match(key)) ? "hit" : "miss");
  },
};`;

/** The Worker served by workerd alone: one module, one HTTP socket on 127.0.0.1. */
function workerdConfig(port: number, compatibilityDate: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "${compatibilityDate}",
);
`;
}

/** Starts the server for `mode`: its origin, workerd's pid, and how to stop it (also done if the script is interrupted). */
async function startServer(dir: string) {
  if (mode === "workerd") {
    const workerd = requireFromWrangler("workerd") as { default: string; compatibilityDate: string };
    const port = await freePort();
    writeFileSync(join(dir, "worker.js"), WORKER);
    writeFileSync(join(dir, "config.capnp"), workerdConfig(port, workerd.compatibilityDate));
    const { child, stop } = spawnGroup(workerd.default, ["serve", join(dir, "config.capnp")], {
      cwd: ROOT,
      env: process.env,
      stdio: "ignore",
    });
    const origin = `http://${HOST}:${port}`;
    try {
      await waitUntilAnswering(`${origin}/?mode=none`, child, "workerd");
    } catch (error) {
      await stop();
      throw error;
    }
    return { origin, pid: child.pid as number, stop };
  }
  // The cache is kept on disk, as the soak's server keeps it.
  const { stop, url } = await startMiniflare({
    modules: true,
    script: WORKER,
    cachePersist: join(dir, "cache"),
    cf: false,
    host: HOST,
  });
  return { origin: url, pid: workerdProcesses(process.pid, undefined).worker, stop };
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "runtime-memory-"));
  try {
    const { origin, pid: worker, stop } = await startServer(dir);
    try {
      await measure(origin, worker);
    } finally {
      await stop();
    }
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 20 clients one request after another for `seconds`, then a minute idle; memory printed every 10 s. */
async function measure(origin: string, worker: number): Promise<void> {
  const query = mode === "workerd" ? "none" : mode;
  const started = performance.now();
  const until = started + seconds * 1000;
  let requests = 0;
  const print = () =>
    console.log(
      `${((performance.now() - started) / 1000).toFixed(0)} s: ${requests} requests, workerd ${residentMiB(worker)?.toFixed(1)} MiB, V8 heap ${v8HeapMiB(worker)?.toFixed(1)} MiB`,
    );
  print();
  const timer = setInterval(print, 10_000);
  try {
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        while (performance.now() < until) {
          const response = await fetch(`${origin}/${client}-${requests++}?mode=${query}`);
          await response.arrayBuffer();
        }
      }),
    );
    print();
    // Then idle for a minute: what the runtime gives back once nothing asks.
    console.log("idle");
    await sleep(IDLE_SECONDS * 1000);
    print();
  } finally {
    clearInterval(timer);
  }
}

await runScript(() => undefined, main);
