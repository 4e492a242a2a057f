/**
 * The API and the pages share one origin. These tests hold the two apart: every API route reaches the Worker (none is
 * shadowed by the static assets or the app's page fallback), no page path is an API path except where the Worker
 * tells browsers and API clients apart, and unknown API paths are still problems.
 */

import { beforeAll, describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";
import { PAGES_ON_API_PATHS } from "../../src/web/page-paths";
import { PAGE_PATTERNS } from "../../web/src/paths";
import { BASE_URL } from "./browser";

const BROWSER = {
  Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "Sec-Fetch-Mode": "navigate",
};

/** `run_worker_first` from wrangler.toml: the paths the Worker sees before the static assets. */
const workerFirst = (): string[] => {
  const { assets } = unstable_readConfig({ config: "wrangler.toml" }, { hideWarnings: true });
  const patterns = assets?.run_worker_first;
  if (!Array.isArray(patterns)) throw new Error("wrangler.toml: [assets] run_worker_first is not a list");
  return patterns;
};

/** A route pattern of `run_worker_first` (`/x` exactly, `/x/*` anything below) matches `path`. */
const matches = (pattern: string, path: string) =>
  pattern.endsWith("/*") ? path.startsWith(pattern.slice(0, -1)) : path === pattern;

/** An OpenAPI path with every parameter filled in: `/catalog/programs/{id}` → `/catalog/programs/x`. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, "x");

/** The page patterns, with their parameters filled in: `/programs/:id` → `/programs/x`. */
const pagePaths = Object.values(PAGE_PATTERNS).map((pattern) => pattern.replace(/:\w+/g, "x"));

let apiPaths: string[];

beforeAll(async () => {
  const document = (await (await fetch(`${BASE_URL}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  // The documentation routes are not in the document itself.
  apiPaths = [...Object.keys(document.paths), "/openapi.json", "/docs"];
  expect(apiPaths.length).toBeGreaterThan(40);
});

describe("which paths reach the Worker", () => {
  it("lists every API route in run_worker_first", () => {
    const patterns = workerFirst();
    const missing = apiPaths.filter((path) => !patterns.some((pattern) => matches(pattern, concrete(path))));
    expect(missing).toEqual([]);
  });

  it("keeps page paths out of run_worker_first, except where the Worker serves the app to browsers", () => {
    const patterns = workerFirst();
    const shadowed = pagePaths.filter((path) => patterns.some((pattern) => matches(pattern, path)));
    expect(shadowed.sort()).toEqual([...PAGES_ON_API_PATHS].sort());
    // …and no page is an API route: the pages are /programs, the API /catalog/programs; /calendar and /events.
    expect(pagePaths.filter((path) => apiPaths.map(concrete).includes(path)).sort()).toEqual(
      [...PAGES_ON_API_PATHS].sort(),
    );
  });

  it("answers every API path from the Worker, for API clients and browsers alike", async () => {
    const servedBy = async (path: string, headers: Record<string, string>) => {
      const response = await fetch(`${BASE_URL}${concrete(path)}`, { headers });
      await response.body?.cancel(); // /events/stream would stream for ever
      // The Worker gives every answer a request id; the static assets do not.
      return response.headers.has("X-Request-Id") ? "worker" : `assets (${response.status})`;
    };
    for (const path of apiPaths) {
      expect(`${path}: ${await servedBy(path, { Accept: "application/json" })}`).toBe(`${path}: worker`);
      if (!PAGES_ON_API_PATHS.has(path)) {
        expect(`${path}: ${await servedBy(path, BROWSER)}`).toBe(`${path}: worker`);
      }
    }
  });
});

describe("pages and API on the same paths", () => {
  it("gives a browser the app at / and an API client today's JSON", async () => {
    const page = await fetch(`${BASE_URL}/`, { headers: BROWSER });
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toContain("text/html");
    expect(page.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    expect(page.headers.get("Vary")).toContain("Accept");
    expect(await page.text()).toContain('<div id="root">');

    const api = await fetch(`${BASE_URL}/`, { headers: { Accept: "application/json" } });
    expect(api.headers.get("Vary")).toContain("Accept");
    expect(await api.json()).toEqual({ name: "edge-platform", docs: "/docs", openapi: "/openapi.json" });
    const curl = await fetch(`${BASE_URL}/`, { headers: { Accept: "*/*" } });
    expect(await curl.json()).toMatchObject({ name: "edge-platform" });
  });

  it("gives a browser the unsubscribe page, and API clients POST /unsubscribe and its 405", async () => {
    const page = await fetch(`${BASE_URL}/unsubscribe?token=abc`, { headers: BROWSER });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    const get = await fetch(`${BASE_URL}/unsubscribe`, { headers: { Accept: "application/json" } });
    expect(get.status).toBe(405);
    expect(get.headers.get("Content-Type")).toContain("application/problem+json");
    expect(get.headers.get("Allow")).toContain("POST");
    await get.arrayBuffer();

    const post = await fetch(`${BASE_URL}/unsubscribe`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: "not-a-token" }),
    });
    expect(post.status).toBe(400);
    expect(await post.json()).toMatchObject({ code: "validation_failed", errors: [{ path: "token" }] });
  });

  it("serves every page path as the app, with its Content-Security-Policy", async () => {
    for (const path of pagePaths) {
      const response = await fetch(`${BASE_URL}${path}`, { headers: BROWSER });
      expect(`${path}: ${response.status}`).toBe(`${path}: 200`);
      expect(response.headers.get("Content-Type")).toContain("text/html");
      expect(response.headers.get("Content-Security-Policy")).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it("keeps unknown API paths problem+json 404s", async () => {
    for (const path of ["/catalog/nothing-here", "/cms/nothing", "/events/x/y/z", "/auth/nope"]) {
      const response = await fetch(`${BASE_URL}${path}`, { headers: { Accept: "application/json" } });
      expect(`${path}: ${response.status}`).toBe(`${path}: 404`);
      expect(response.headers.get("Content-Type")).toContain("application/problem+json");
      expect(await response.json()).toMatchObject({ code: "not_found" });
    }
  });
});

describe("the API reference", () => {
  it("loads Swagger UI from this Worker, under a Content-Security-Policy without inline scripts", async () => {
    const docs = await fetch(`${BASE_URL}/docs`, { headers: BROWSER });
    const html = await docs.text();
    expect(docs.headers.get("Content-Security-Policy")).toContain("script-src 'self';");
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? "");
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const source of sources) {
      expect(source.startsWith("/")).toBe(true);
      const asset = await fetch(`${BASE_URL}${source}`);
      expect(`${source}: ${asset.status}`).toBe(`${source}: 200`);
      await asset.arrayBuffer();
    }
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });
});
