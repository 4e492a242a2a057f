import type { Context } from "hono";

/**
 * The interactive API reference: Swagger UI from the pinned `swagger-ui-dist` package, which the web build copies
 * into the static assets (`/vendor/swagger-ui/`), so the page needs nothing but this Worker. Its start-up script is a
 * file there too: the page has no inline script.
 */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Edge platform API</title>
    <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui" data-openapi-url="/openapi.json"></div>
    <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
    <script src="/vendor/swagger-ui/start.js"></script>
  </body>
</html>
`;

/** Swagger UI sets style attributes and inline SVG images as it renders; it loads and calls nothing elsewhere. */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function docsPage(c: Context) {
  c.header("Content-Security-Policy", DOCS_CSP);
  return c.html(DOCS_PAGE);
}
