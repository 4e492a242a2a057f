import { createRouter } from "../http/openapi";
import { analyticsRoutes } from "./analytics/routes";
import { featuredRoutes } from "./featured/routes";
import { discoveryRateLimit } from "./rate-limit";
import { searchRoutes } from "./search/routes";

/**
 * Discovery over the published catalog: full-text search (an FTS5 index D1 keeps in step with the catalog), featured
 * programs, and what people search for (for editors). Every `/discovery/*` path is rate limited per client; the
 * editors' featured list lives in the CMS (`/cms/featured`), under the CMS's rules. This router is mounted at "/",
 * so the limit names its paths (a bare `use()` would catch every path of the app).
 */
export const discoveryRoutes = createRouter()
  .use("/discovery/*", discoveryRateLimit)
  .route("/", searchRoutes)
  .route("/", featuredRoutes)
  .route("/", analyticsRoutes);
