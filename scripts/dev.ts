// `npm start` (after `npm run dev:prepare`): runs `wrangler dev` and fires the Cron Triggers on schedule.
// `wrangler dev --test-scheduled` serves the scheduled handler at /__scheduled but never fires it on its own, so
// without this ticker scheduled lessons would not publish locally.
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

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => wrangler.kill(signal));
wrangler.on("exit", (code) => process.exit(code ?? 0));
