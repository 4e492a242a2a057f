import { createRouter } from "../http/openapi";

/** The public catalog: published content only, cacheable. */
export const catalogRoutes = createRouter();
