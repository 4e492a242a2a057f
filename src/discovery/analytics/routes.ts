import { createRouter } from "../../http/openapi";

/** What people search for, for editors. */
export const analyticsRoutes = createRouter();
