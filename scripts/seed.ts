// Seeds the local D1 database that `wrangler dev` uses (.wrangler/state), through the same bindings the Worker has.
import { getPlatformProxy } from "wrangler";
import { createDatabase } from "../src/db/client";
import { DEMO_USERS, seedDemoData } from "./seed/demo-data";

const { env, dispose } = await getPlatformProxy<Env>({ configPath: "wrangler.toml" });
try {
  const seeded = await seedDemoData(createDatabase(env.DB).db);
  console.log(seeded ? "Seeded the demo data." : "The database already has data; left it as it is.");
  console.log("\nDemo accounts (local development only):");
  console.table(DEMO_USERS.map(({ email, password, role }) => ({ email, password, role })));
} finally {
  await dispose();
}
