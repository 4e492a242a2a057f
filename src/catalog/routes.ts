import { purgesEdgeCache } from "../http/edge-cache";
import { createRouter } from "../http/openapi";
import { assetRoutes } from "./assets/routes";
import { cmsRoutes } from "./cms/routes";
import { publicCatalogRoutes } from "./public/routes";
import { rearmsPublishClock } from "./publish-clock";

/**
 * The content catalog, in three wings by audience: the CMS for staff (`/cms/...`: programs, topics, terms, lessons),
 * their assets (posters and thumbnails, by URL or uploaded to R2), and the public catalog (`/catalog/...`: what is
 * published, cacheable). Scheduled publishing (`publish.ts`) runs from the PublishClock's alarm, to the second, and
 * from the Cron Trigger (`scheduled-publish.ts`).
 */
export const catalogRoutes = createRouter()
  // Every CMS write (programs, topics, terms, lessons, their actions and assets) may change what the public reads.
  .use("/cms/*", purgesEdgeCache("catalog"))
  // The writes that set, move or remove a publish time set the clock's alarm to the next one.
  .use("/cms/*", rearmsPublishClock())
  .route("/", cmsRoutes)
  .route("/", assetRoutes)
  .route("/", publicCatalogRoutes);
