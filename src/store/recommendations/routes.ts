import { createRouter } from "../../http/openapi";

export const recommendationRoutes = createRouter();
