import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes a migration for every schema change; `wrangler d1 migrations apply` runs them.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
