// Seeds the local D1 database that `wrangler dev` uses (.wrangler/state), through the same bindings the Worker has.
import { getPlatformProxy } from "wrangler";
import { DEMO_USERS, seedDemoData } from "./seed/demo-data";

const { env, dispose } = await getPlatformProxy<Env>({ configPath: "wrangler.toml" });
try {
  const seeded = await seedDemoData(env);
  for (const [part, done] of Object.entries(seeded)) {
    console.log(done ? `Seeded the demo ${part}.` : `The demo ${part} is already there; left it as it is.`);
  }
  console.log("\nDemo accounts (local development only):");
  console.table(DEMO_USERS.map(({ email, password, role }) => ({ email, password, role })));
} finally {
  await dispose();
}
