import { createRouter } from "../../http/openapi";

export const cartRoutes = createRouter();
