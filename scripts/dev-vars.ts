// Gives a fresh checkout the local secrets `wrangler dev` needs: `.dev.vars` with a random JWT_SECRET.
// An existing file keeps its values; only a missing JWT_SECRET is added.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export function ensureDevVars(path = new URL("../.dev.vars", import.meta.url)): void {
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  if (/^JWT_SECRET=.+$/m.test(current)) return;
  const line = `JWT_SECRET=${randomBytes(48).toString("base64url")}\n`;
  writeFileSync(path, current && !current.endsWith("\n") ? `${current}\n${line}` : current + line);
  console.log(".dev.vars: created a random JWT_SECRET for local development");
}
