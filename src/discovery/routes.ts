import { createRouter } from "../http/openapi";
import { analyticsRoutes } from "./analytics/routes";
import { featuredRoutes } from "./featured/routes";
import { searchRoutes } from "./search/routes";

/**
 * Discovery over the published catalog: full-text search (an FTS5 index D1 keeps in step with the catalog), featured
 * programs, and what people search for (for editors).
 */
export const discoveryRoutes = createRouter()
  .route("/", searchRoutes)
  .route("/", featuredRoutes)
  .route("/", analyticsRoutes);
