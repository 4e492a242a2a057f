import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../env";
import { normaliseQuery, recordSearchWhenKnown } from "./record";

/**
 * Middleware of the search route that counts each search for analytics, including those the edge cache answers (put
 * it before the cache's middleware): once the answer is made, a first page (no `cursor`) that is a 200 is counted with
 * its `total`, read from a copy of the body in `waitUntil`, after the answer has gone. A 304, an error and a later
 * page are not counted.
 *
 * @example
 * createRoute({ method: "get", path: "/discovery/search", middleware: [countsSearches, ...cachedCatalogRead], ... });
 */
export const countsSearches = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const query = c.req.query("q") ?? "";
  if (c.res.status !== 200 || !normaliseQuery(query) || c.req.query("cursor") !== undefined) return;
  const copy = c.res.clone();
  const hits = copy.json<{ total: number }>().then((body) => body.total);
  c.executionCtx.waitUntil(recordSearchWhenKnown(c.env, query, hits));
});
