import { createRouter } from "../../http/openapi";

export const orderRoutes = createRouter();
