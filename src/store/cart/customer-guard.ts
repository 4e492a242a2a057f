import { createMiddleware } from "hono/factory";
import { guarded } from "../../auth/guards";
import type { AppEnv } from "../../env";
import { forbidden } from "../../http/problem";

/**
 * After `guarded`: 403 unless the account is a customer's. Carts and checkout are for shoppers: staff roles rank
 * above `customer` in `hasRole`, but staff accounts do not shop (an order must name a customer).
 */
const customerAccountsOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.user.role !== "customer") throw forbidden("Only customer accounts have a cart and check out.");
  await next();
});

/** What makes a route the signed-in customer's own (cart, checkout), to spread into `createRoute`. */
export const forCustomers = () => guarded("customer", customerAccountsOnly);
