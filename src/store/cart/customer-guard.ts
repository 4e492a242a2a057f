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

/**
 * What makes a route the signed-in customer's own (cart, checkout), to spread into `createRoute`. Documented as
 * `x-access: signed-in` (the guard's least role, `customer`, would admit staff too, as `hasRole` ranks them above);
 * the routes' descriptions say that staff are refused.
 */
export const forCustomers = () => guarded("signed-in", customerAccountsOnly);

/** What the descriptions of those routes say about who may call them. */
export const CUSTOMERS_ONLY = "For customer accounts; staff accounts get 403.";
