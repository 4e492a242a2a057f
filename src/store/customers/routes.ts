import { createRouter } from "../../http/openapi";

export const customerRoutes = createRouter();
