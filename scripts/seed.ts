// Seeds the local state `wrangler dev` uses (.wrangler/state): D1, R2 and the Durable Objects, through the Worker's
// own bindings (see local-platform.ts for why not getPlatformProxy).
import { DEMO_USERS, seedDemoData } from "./seed/demo-data";
import { withLocalPlatform } from "./seed/local-platform";
import { DEMO_SHOPPER_PASSWORD, DEMO_SHOPPERS } from "./seed/store-customers";

await withLocalPlatform(async (env) => {
  const seeded = await seedDemoData(env);
  for (const [part, done] of Object.entries(seeded)) {
    console.log(done ? `Demo ${part}: seeded.` : `Demo ${part}: already there, left as it is.`);
  }
});
console.log("\nDemo accounts (local development only):");
console.table(DEMO_USERS.map(({ email, password, role }) => ({ email, password, role })));
const shoppers = DEMO_SHOPPERS.flatMap(({ account }) => (account ? [account.email] : []));
console.log(`The store's other customers (password ${DEMO_SHOPPER_PASSWORD}): ${shoppers.join(", ")}`);
