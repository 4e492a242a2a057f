// Prints the JavaScript each page of the web app loads, gzip-compressed as browsers receive it: the shell every page
// loads (the entry and what it imports), then each page's own chunks. Reads the Vite manifest of the last build
// (`npm run web:build`). Usage: `npx tsx scripts/web-sizes.ts`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const DIST = new URL("../web/dist/", import.meta.url).pathname;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
}

const manifest = JSON.parse(readFileSync(join(DIST, ".vite/manifest.json"), "utf8")) as Record<string, ManifestChunk>;

/** The chunk's file and every file it imports statically, transitively. */
function filesOf(key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const imported of chunk.imports ?? []) filesOf(imported, seen);
  return seen;
}

const gzipKiB = (files: Iterable<string>) =>
  [...files].reduce((sum, file) => sum + gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length, 0) / 1024;

const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
if (!entry) throw new Error("no entry in the manifest: run npm run web:build");
const shell = filesOf(entry);
const rows = Object.keys(manifest)
  .filter((key) => manifest[key]?.isDynamicEntry && key.includes("/pages/"))
  .map((key) => {
    const own = [...filesOf(key)].filter((file) => !shell.has(file));
    const page = key.replace(/^.*\/pages\//, "").replace(/\.tsx$/, "");
    return { page, own: gzipKiB(own), total: gzipKiB(shell) + gzipKiB(own) };
  })
  .sort((a, b) => a.page.localeCompare(b.page));

console.log(`| page | its own chunks | with the shell (${gzipKiB(shell).toFixed(1)} KiB) |`);
console.log("| --- | ---: | ---: |");
for (const { page, own, total } of rows) console.log(`| ${page} | ${own.toFixed(1)} KiB | ${total.toFixed(1)} KiB |`);
