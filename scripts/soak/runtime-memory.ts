/**
 * How workerd's memory grows under Miniflare with no app at all, to compare with the soak's figures
 * (`npx tsx scripts/soak/runtime-memory.ts [none|match|put] [seconds]`): a Worker of a few lines answers each request
 * with nothing (`none`), a `cache.match` of a new key (`match`), or a `cache.put` of one (`put`, a 4 KiB body, the
 * size of a catalog page); 20 clients ask one after another. workerd's resident set, and the part of it in V8's heap,
 * are printed every 10 s, then for a minute without requests. The cache is kept on disk, as the soak's server keeps it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireFromWrangler } from "../seed/local-platform";
import { residentMiB, v8HeapMiB, workerdProcesses } from "./memory";

const mode = ["match", "none"].includes(process.argv[2] ?? "") ? process.argv[2] : "put";
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

const { Miniflare } = requireFromWrangler("miniflare") as typeof import("miniflare");
const dir = mkdtempSync(join(tmpdir(), "runtime-memory-"));
const mf = new Miniflare({ modules: true, script: WORKER, cachePersist: join(dir, "cache"), cf: false });
try {
  const origin = (await mf.ready).origin;
  const { worker } = workerdProcesses(process.pid, undefined);
  const started = performance.now();
  const until = started + seconds * 1000;
  let requests = 0;
  const print = () =>
    console.log(
      `${((performance.now() - started) / 1000).toFixed(0)} s: ${requests} requests, workerd ${residentMiB(worker)?.toFixed(1)} MiB, V8 heap ${v8HeapMiB(worker)?.toFixed(1)} MiB`,
    );
  print();
  const timer = setInterval(print, 10_000);
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (performance.now() < until) {
        const response = await fetch(`${origin}/${client}-${requests++}?mode=${mode}`);
        await response.arrayBuffer();
      }
    }),
  );
  print();
  // Then idle for a minute: what the runtime gives back once nothing asks.
  console.log("idle");
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  clearInterval(timer);
  print();
} finally {
  await mf.dispose();
  rmSync(dir, { recursive: true, force: true });
}
