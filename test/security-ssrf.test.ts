import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../src/app";
import { createProgram, createTerm } from "./catalog-fixtures";
import { BASE, createUser, type JsonReply, readJson } from "./helpers";

// Server-side request forgery (OWASP API7): the API takes URLs from clients (posters, thumbnails, a lesson's content
// and subtitles, an event's online link, a product's image) and only ever stores and returns them; the one request
// the Worker itself sends is to Cloudflare's purge API, at an address built from the deployment's own settings.
// Writes here run with purging configured, so the spy on `fetch` is seen to catch the Worker's outbound requests.

const app = createApp();
const PURGE_SETTINGS = { CACHE_PURGE_ZONE_ID: "zone-ssrf", CACHE_PURGE_API_TOKEN: "token-ssrf" };
const PURGE_API = "https://api.cloudflare.com/client/v4/zones/zone-ssrf/purge_cache";

/** Addresses a server must never be made to call for a client: cloud metadata, loopback, the private network. */
const INTERNAL = {
  metadata: "https://169.254.169.254/latest/meta-data/iam/security-credentials/",
  loopback: "https://127.0.0.1:8787/users",
  localhost: "https://localhost/admin",
  privateNet: "https://10.0.0.7/internal.m3u8",
  gcpMetadata: "https://metadata.google.internal/computeMetadata/v1/",
};

/** Sends a request to the app with purging configured, and waits for what it left running (the purge). */
async function sendRaw(method: string, path: string, token?: string, body?: unknown): Promise<Response> {
  const headers = new Headers(token ? { Authorization: `Bearer ${token}` } : {});
  if (body !== undefined) headers.set("Content-Type", "application/json");
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    { ...env, ...PURGE_SETTINGS },
    ctx,
  );
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return new Response(text || null, res);
}

const send = async (method: string, path: string, token?: string, body?: unknown): Promise<JsonReply> =>
  readJson(await sendRaw(method, path, token, body));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("URLs from clients", () => {
  it("are stored and shown as given, and the Worker never requests one: its only outbound call is the purge", async () => {
    const outbound = vi.spyOn(globalThis, "fetch").mockResolvedValue(Response.json({ success: true }));
    const editor = await createUser("editor");
    const customer = await createUser("customer");
    const program = await createProgram({ languagePrimary: "en", languagesAvailable: ["en"] });
    const term = await createTerm(program.id);

    const poster = await send("PUT", `/cms/programs/${program.id}/posters/en/portrait`, editor.token, {
      url: INTERNAL.metadata,
    });
    const lesson = await send("POST", `/cms/terms/${term.id}/lessons`, editor.token, {
      title: "Internal",
      content_type: "video",
      duration_ms: 60_000,
      content_language_primary: "en",
      content_urls_by_language: { en: INTERNAL.privateNet },
      subtitle_languages: ["en"],
      subtitle_urls_by_language: { en: INTERNAL.localhost },
    });
    const thumbnail = await send("PUT", `/cms/lessons/${lesson.body.id}/thumbnails/en/portrait`, editor.token, {
      url: INTERNAL.loopback,
    });
    const event = await send("POST", "/events", customer.token, {
      name: "Call",
      start: "2026-12-11T12:00:00Z",
      end: "2026-12-11T13:00:00Z",
      online_link: INTERNAL.gcpMetadata,
    });
    const product = await send("POST", "/products", editor.token, {
      name: "Probe",
      brand: "Probe",
      category: "diver",
      description: "Not fetched.",
      price_cents: 100,
      stock: 1,
      image: INTERNAL.metadata,
      details: { movement: "automatic", case_diameter_mm: 40, water_resistance_m: 100, year: 2024, warranty_years: 2 },
    });

    expect([poster.status, lesson.status, thumbnail.status, event.status, product.status]).toEqual([
      201, 201, 201, 201, 201,
    ]);
    expect(poster.body.url).toBe(INTERNAL.metadata);
    expect(lesson.body).toMatchObject({
      content_urls_by_language: { en: INTERNAL.privateNet },
      subtitle_urls_by_language: { en: INTERNAL.localhost },
    });
    expect(thumbnail.body.url).toBe(INTERNAL.loopback);
    expect(event.body.online_link).toBe(INTERNAL.gcpMetadata);
    expect(product.body.image).toBe(INTERNAL.metadata);

    // Reading them back, publicly too, requests nothing either.
    for (const path of [`/events/${event.body.id}`, "/events.ics", `/products/${product.body.id}`]) {
      const read = await sendRaw("GET", path);
      expect(read.status).toBe(200);
      await read.body?.cancel();
    }

    const called = outbound.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input));
    expect(called.length).toBeGreaterThan(0);
    expect(new Set(called)).toEqual(new Set([PURGE_API]));
  });
});
