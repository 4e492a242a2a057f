// Creates the first admin account of a deployment (later accounts are managed through POST /users).
//
//   ADMIN_PASSWORD='…' npm run create-admin -- --email ops@example.com --name "Ops" --remote
//
// Without --remote it writes to the local database. The password comes from ADMIN_PASSWORD so it stays out of
// shell history and process lists; it is hashed here and only the hash reaches D1.
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { EmailSchema } from "../src/auth/models";
import { hashPassword } from "../src/auth/password";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, remote: { type: "boolean", default: false } },
});
const email = EmailSchema.safeParse(values.email);
const name = values.name?.trim();
const password = process.env.ADMIN_PASSWORD ?? "";

if (!email.success || !name || password.length < 12) {
  console.error(
    "usage: ADMIN_PASSWORD=<at least 12 characters> npm run create-admin -- --email <email> --name <name> [--remote]",
  );
  process.exit(2);
}

// `wrangler d1 execute` takes no bound parameters: quote the values as SQL string literals.
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
const row = [crypto.randomUUID(), email.data, name, await hashPassword(password), "admin", new Date().toISOString()];
const sql = `INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES (${row.map(literal).join(", ")});`;

execFileSync("npx", ["wrangler", "d1", "execute", "DB", values.remote ? "--remote" : "--local", "--command", sql], {
  stdio: "inherit",
});
console.log(`Created admin ${email.data}.`);
