/**
 * The headers every page of the web app is served with, whether the static assets answer (`_headers`, written by
 * web/vite.config.ts from this file) or the Worker does (`/` and `/unsubscribe`, see pages.ts). One source, so the
 * two cannot drift apart.
 */

/**
 * Only what the pages use: their own scripts, styles and fonts, and the API on the same origin. Posters, thumbnails,
 * lesson media and subtitles live wherever the CMS points (any https URL), and an article lesson is shown in a
 * sandboxed frame. No inline script or style anywhere, so neither is allowed.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "img-src 'self' https: data:",
  "media-src 'self' https:",
  "frame-src https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": PAGE_CSP,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
};

/**
 * The `_headers` file of the static assets (Workers Static Assets' format): the page headers on every path, and
 * long-lived caching for Vite's content-hashed files.
 */
export function assetHeadersFile(): string {
  const lines = ["/*", ...Object.entries(PAGE_HEADERS).map(([name, value]) => `  ${name}: ${value}`)];
  lines.push("/assets/*", "  Cache-Control: public, max-age=31536000, immutable");
  return `${lines.join("\n")}\n`;
}
