import { createRouter } from "../http/openapi";
import { cartRoutes } from "./cart/routes";
import { customerRoutes } from "./customers/routes";
import { orderRoutes } from "./orders/routes";
import { orderStaffRoutes } from "./orders/staff-routes";
import { orderTransitionRoutes } from "./orders/transition-routes";
import { productRoutes } from "./products/routes";
import { recommendationRoutes } from "./recommendations/routes";

/** The watch store: products and stock, customers and their tiers, the cart, checkout and orders, "For You". */
export const storeRoutes = createRouter()
  .route("/", productRoutes)
  .route("/", customerRoutes)
  .route("/", cartRoutes)
  .route("/", orderRoutes)
  .route("/", orderTransitionRoutes)
  .route("/", orderStaffRoutes)
  .route("/", recommendationRoutes);
