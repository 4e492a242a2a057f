import { createRouter } from "../http/openapi";

/** The CMS: programs, topics, terms and lessons. Viewers read, editors write, admins delete. */
export const cmsRoutes = createRouter();
