// Gives a fresh checkout the local settings `wrangler dev` needs: `.dev.vars` with a random JWT_SECRET, and GraphiQL
// on (GRAPHIQL=true serves it on GET /graphql; deployments leave it unset, so it is off).
// An existing file keeps its values; only a missing JWT_SECRET or GRAPHIQL is added.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export function ensureDevVars(path = new URL("../.dev.vars", import.meta.url)): void {
  let current = existsSync(path) ? readFileSync(path, "utf8") : "";
  const add = (name: string, value: string, said: string) => {
    if (new RegExp(`^${name}=.+$`, "m").test(current)) return;
    current += `${current && !current.endsWith("\n") ? "\n" : ""}${name}=${value}\n`;
    console.log(`.dev.vars: ${said}`);
  };
  const before = current;
  add("JWT_SECRET", randomBytes(48).toString("base64url"), "created a random JWT_SECRET for local development");
  add("GRAPHIQL", "true", "GraphiQL on at GET /graphql for local development");
  if (current !== before) writeFileSync(path, current);
}
