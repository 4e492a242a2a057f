// `npm start` (after `npm run web:build` and `npm run dev:prepare`): runs `wrangler dev`, rebuilds the web app into its
// static assets whenever web/ changes, and fires the Cron Triggers on schedule.
// `wrangler dev --test-scheduled` serves the scheduled handler at /__scheduled but never fires it on its own. The
// PublishClock's alarm publishes what the API schedules; this ticker is the safety net, as the deployed cron is, and
// arms the clock for what the seed scheduled straight in D1.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

const ORIGIN = "http://127.0.0.1:8787";

/** The cron expressions wrangler.toml declares (`[triggers] crons = [...]`); every one of ours runs each minute. */
const crons = [
  ...(/crons\s*=\s*\[([^\]]*)\]/.exec(readFileSync("wrangler.toml", "utf8"))?.[1] ?? "").matchAll(/"([^"]+)"/g),
]
  .map((match) => match[1] ?? "")
  .filter(Boolean);

const wrangler = spawn("npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", "8787", "--test-scheduled"], {
  stdio: "inherit",
});

// wrangler dev serves the static assets from web/dist as they are on disk, so a rebuild shows on the next reload.
const web = spawn("npx", ["vite", "build", "--watch", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
  stdio: "inherit",
});

async function fireCrons(): Promise<void> {
  for (const cron of crons) {
    try {
      await (await fetch(`${ORIGIN}/__scheduled?cron=${encodeURIComponent(cron)}`)).arrayBuffer();
    } catch {
      // Not listening yet, or stopping: the next minute tries again.
    }
  }
}

// On every minute boundary, as the deployed triggers fire.
setTimeout(
  () => {
    void fireCrons();
    setInterval(fireCrons, 60_000);
  },
  60_000 - (Date.now() % 60_000),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    web.kill(signal);
    wrangler.kill(signal);
  });
}
wrangler.on("exit", (code) => {
  web.kill("SIGTERM");
  process.exit(code ?? 0);
});
