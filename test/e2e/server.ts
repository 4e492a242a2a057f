/**
 * Vitest global setup of the browser tests: a `wrangler dev` of the whole Worker, static assets included, on a free
 * 127.0.0.1 port and on a local state of its own (a fresh D1 with the migrations and the demo data, its R2 and
 * Durable Objects), so the tests neither see nor change the database `npm start` uses. Everything is removed after.
 * The web app must be built first (`npm run web:build`; `npm test` does).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrateScratchD1, startWranglerDev } from "../../scripts/bench/targets";
import { ensureDevVars } from "../../scripts/dev-vars";
import { seedDemoData } from "../../scripts/seed/demo-data";
import { ROOT, withLocalPlatform } from "../../scripts/seed/local-platform";
import "./context";

export default async function startServer(project: TestProject) {
  if (!existsSync(join(ROOT, "web/dist/index.html"))) {
    throw new Error("web/dist has no build of the web app: run `npm run web:build` first (npm test does)");
  }
  ensureDevVars();
  const state = mkdtempSync(join(tmpdir(), "edge-platform-e2e-"));
  const logs = join(ROOT, "test/e2e/screenshots");
  mkdirSync(logs, { recursive: true });
  try {
    await migrateScratchD1(state);
    await withLocalPlatform((env) => seedDemoData(env), join(state, "v3"));
    // --test-scheduled: `GET /__scheduled` runs the Cron Trigger once. (`/cdn-cgi/handler/scheduled` answers
    // "exception" in wrangler 4.86 when the Worker has static assets: workers-sdk issue 9882.)
    const server = await startWranglerDev(join(logs, "wrangler-dev.log"), ["--persist-to", state, "--test-scheduled"]);
    project.provide("baseUrl", server.url);
    return async () => {
      await server.stop();
      rmSync(state, { recursive: true, force: true });
    };
  } catch (error) {
    rmSync(state, { recursive: true, force: true });
    throw error;
  }
}
