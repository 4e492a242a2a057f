import { createRouter } from "../http/openapi";

/** Posters of programs and thumbnails of lessons: by URL or by upload to R2. */
export const assetRoutes = createRouter();
