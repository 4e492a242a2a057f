import { createRouter } from "../../http/openapi";

export const productRoutes = createRouter();
