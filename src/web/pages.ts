import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { PAGE_HEADERS } from "./headers";
import { PAGES_ON_API_PATHS } from "./page-paths";

/** Whether the request is a browser asking for a document (`Accept: text/html…`), not an API client. */
export function wantsPage(request: Request): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  return (request.headers.get("Accept") ?? "").split(",").some((type) => type.trim().startsWith("text/html"));
}

/**
 * Serves the web app's `index.html` (from the static assets) to browsers on the paths in `PAGES_ON_API_PATHS`;
 * everything else goes on to the API. Both answers vary on `Accept`, so no cache hands one to the other.
 *
 * @example
 * app.use(serveWebAppToBrowsers);
 */
export const serveWebAppToBrowsers: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!PAGES_ON_API_PATHS.has(c.req.path)) return next();
  if (!wantsPage(c.req.raw)) {
    await next();
    c.res.headers.append("Vary", "Accept");
    return;
  }
  // The app's shell lives at `/`; it reads the path itself. Conditional headers go along, so a browser's copy is
  // revalidated with a 304.
  const asset = await c.env.ASSETS.fetch(
    new Request(new URL("/", c.req.url), { method: c.req.method, headers: c.req.raw.headers }),
  );
  const page = new Response(asset.body, asset);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) page.headers.set(name, value);
  page.headers.append("Vary", "Accept");
  return page;
};
