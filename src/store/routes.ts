import { createRouter } from "../http/openapi";
import { cartRoutes } from "./cart/routes";
import { checkoutRoutes } from "./checkout/routes";
import { customerRoutes } from "./customers/routes";
import { orderRoutes } from "./orders/routes";
import { orderStaffRoutes } from "./orders/staff-routes";
import { orderTransitionRoutes } from "./orders/transition-routes";
import { productRoutes } from "./products/routes";
import { STORE_PATHS, storeRateLimit } from "./rate-limit";
import { recommendationRoutes } from "./recommendations/routes";

/**
 * The watch store: products and stock, customers and their tiers, the cart, checkout and orders, "For You". The rate
 * limit is mounted on the store's own paths: this router is mounted at "/", where a bare `use()` would catch every
 * path of the app.
 */
const limited = createRouter();
for (const path of STORE_PATHS) limited.use(path, storeRateLimit);

export const storeRoutes = limited
  .route("/", productRoutes)
  .route("/", customerRoutes)
  .route("/", cartRoutes)
  .route("/", checkoutRoutes)
  .route("/", orderRoutes)
  .route("/", orderTransitionRoutes)
  .route("/", orderStaffRoutes)
  .route("/", recommendationRoutes);
