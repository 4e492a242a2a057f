import { createRouter } from "../http/openapi";

/** `GET /media/:key`: uploaded images from R2. */
export const mediaRoutes = createRouter();
