import { createRouter } from "../../http/openapi";
import { shelfRoutes } from "./shelf-routes";
import { staffRoutes } from "./staff-routes";

/** The watch store's products: the public shelf, and staff's changes to it. */
export const productRoutes = createRouter().route("/", shelfRoutes).route("/", staffRoutes);
