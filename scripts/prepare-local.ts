// Everything `npm start` needs before `wrangler dev`: local secrets, the local D1 schema, demo data.
// Each step is idempotent, so running it on every start is safe.
import { spawnSync } from "node:child_process";
import { ensureDevVars } from "./dev-vars";

ensureDevVars();

// Without a terminal on stdin wrangler applies the migrations without asking to confirm; locally there is nothing to
// confirm (a fresh checkout has every migration pending).
const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"], {
  stdio: ["ignore", "inherit", "inherit"],
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

await import("./seed");
