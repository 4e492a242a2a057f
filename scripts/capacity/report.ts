/**
 * The capacity script's tables in docs/SCALING.md: each goes between a pair of markers
 * (`<!-- capacity:NAME:start -->` … `<!-- capacity:NAME:end -->`), so that a new run replaces the figures and leaves
 * the hand-written text around them alone.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { DeferredWork } from "./deferred";
import type { Unexercised } from "./examples";
import type { Measured } from "./probe";

const n = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 0 });

function edgeColumn(m: Measured, ttlSeconds: number): string {
  if (m.socket) return "socket";
  if (m.cache === "miss") return `edge ${ttlSeconds} s`;
  if (m.cache === "bypass") return "bypass (signed in)";
  return m.cache ?? "";
}

/** One row per measured operation (a cache miss and its hit as two rows), then what was not exercised and why. */
export function routeTable(measured: Measured[], unexercised: Unexercised[], ttlSeconds: number): string[] {
  const lines = [
    "| operation | request sent | as | status | D1 queries | rows read | rows written | edge cache | Cache-Control |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
  ];
  const cell = (text: string) => text.replaceAll("|", "\\|");
  for (const m of measured) {
    const status = m.status === m.expectedStatus ? String(m.status) : `**${m.status}** (expected ${m.expectedStatus})`;
    const request = m.request.length > 60 ? `${m.request.slice(0, 57)}…` : m.request;
    const label = m.socket ? `${m.operation} (socket open)` : m.operation;
    lines.push(
      `| \`${label}\` | \`${cell(request)}\` | ${m.role} | ${status} | ${m.cost.queries} | ${n(m.cost.rowsRead)} | ` +
        `${n(m.cost.rowsWritten)} | ${edgeColumn(m, ttlSeconds)} | ${cell(m.cacheControl ?? "")} |`,
    );
    if (m.hit) {
      lines.push(
        `| ↳ same, again | | ${m.role} | ${m.hit.status} | ${m.hit.cost.queries} | ${n(m.hit.cost.rowsRead)} | ` +
          `${n(m.hit.cost.rowsWritten)} | ${m.hit.cache ?? ""} | |`,
      );
    }
  }
  if (unexercised.length > 0) {
    lines.push("", "Not exercised:", "");
    for (const { operation, why } of unexercised) lines.push(`- \`${operation}\`: ${why}.`);
  }
  return lines;
}

/** The D1 work that follows some answers, which their `Server-Timing` cannot show. */
export function deferredTable(deferred: DeferredWork[]): string[] {
  return [
    "| after the answer to | what | D1 queries | rows read | rows written |",
    "| --- | --- | ---: | ---: | ---: |",
    ...deferred.map(
      ({ operation, what, cost }) =>
        `| \`${operation}\` | ${what} | ${cost.queries} | ${n(cost.rowsRead)} | ${n(cost.rowsWritten)} |`,
    ),
  ];
}

/** Replaces the text between the `name` markers of `file` with `lines`; the markers must already be there. */
export function replaceBetweenMarkers(file: string, name: string, lines: string[]): void {
  const start = `<!-- capacity:${name}:start -->`;
  const end = `<!-- capacity:${name}:end -->`;
  const text = readFileSync(file, "utf8");
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no ${start} … ${end} pair`);
  writeFileSync(file, `${text.slice(0, from + start.length)}\n${lines.join("\n")}\n${text.slice(to)}`);
}
