import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { detectImageType } from "../src/media/image-type";
import { discardMedia, storeMedia } from "../src/media/storage";
import { createProgram } from "./catalog-fixtures";
import { call, callJson, createUser, expectProblem, type TestUser } from "./helpers";
import { IMAGES, uniquePng } from "./images";

// Uploads go in through the CMS (PUT a program's poster), as an editor's browser would send them; everything here is
// about how GET and HEAD /media/<key> serve them. R2 storage is shared by the tests of this file.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ETAG = /^"[0-9a-f]+"$/;
const IMMUTABLE = "public, max-age=31536000, immutable";

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const getMedia = (path: string, headers: Record<string, string> = {}) => call("GET", path, { headers });
const headMedia = (path: string, headers: Record<string, string> = {}) => call("HEAD", path, { headers });

let editor: TestUser;
let programId: string;
const variants = ["portrait", "landscape", "square", "banner"] as const;
let nextVariant = 0;

/** Uploads `bytes` as a poster of the test program (each call a slot of its own) and returns its /media/ URL. */
async function upload(bytes: Uint8Array, contentType = "image/png"): Promise<string> {
  const language = ["en", "te", "hi", "ta"][Math.floor(nextVariant / 4)]!;
  const variant = variants[nextVariant++ % 4]!;
  const res = await callJson("PUT", `/cms/programs/${programId}/posters/${language}/${variant}`, {
    token: editor.token,
    body: bytes,
    headers: { "Content-Type": contentType },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.url as string;
}

beforeAll(async () => {
  editor = await createUser("editor");
  programId = (await createProgram({ languagesAvailable: ["en", "te", "hi", "ta"] })).id;
});

describe("GET /media/:key", () => {
  it.each([
    { format: "png", contentType: "image/png", extension: "png" },
    { format: "jpeg", contentType: "image/jpeg", extension: "jpg" },
    { format: "webp", contentType: "image/webp", extension: "webp" },
    { format: "gif", contentType: "image/gif", extension: "gif" },
  ] as const)(
    "serves an uploaded $format with the same bytes, as $contentType",
    async ({ format, contentType, extension }) => {
      const url = await upload(IMAGES[format], "application/octet-stream");
      expect(url).toMatch(new RegExp(`^/media/images/[0-9a-f]{64}\\.${extension}$`));

      const res = await getMedia(url);
      expect(res.status).toBe(200);
      expect(await bytesOf(res)).toEqual(IMAGES[format]);
      expect(res.headers.get("Content-Type")).toBe(contentType);
      expect(res.headers.get("Content-Length")).toBe(String(IMAGES[format].length));
    },
  );

  it("answers with a strong ETag, a year of immutable caching and Accept-Ranges, without signing in", async () => {
    const url = await upload(uniquePng());
    const res = await getMedia(url);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toMatch(ETAG);
    expect(res.headers.get("Cache-Control")).toBe(IMMUTABLE);
    expect(res.headers.get("Accept-Ranges")).toBe("bytes");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  // Needs src/app.ts to let a route set this header: `secureHeaders({ overwrite: false })` (see the report).
  it("lets other sites embed the image (Cross-Origin-Resource-Policy: cross-origin)", async () => {
    const res = await getMedia(await upload(uniquePng()));
    await res.arrayBuffer();
    expect(res.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
  });

  it("stores the object with its type and caching, so R2 and any CDN in front serve it the same way", async () => {
    const url = await upload(IMAGES.gif, "image/gif");
    const object = await env.MEDIA.head(url.slice("/media/".length));
    expect(object?.httpMetadata).toMatchObject({ contentType: "image/gif", cacheControl: IMMUTABLE });
    expect(object?.size).toBe(IMAGES.gif.length);
  });

  it("answers an unknown key with a 404 problem", async () => {
    const missing = `/media/images/${"0".repeat(64)}.png`;
    await expectProblem(await getMedia(missing), 404, "not_found");
    await expectProblem(await getMedia(missing, { Range: "bytes=0-1" }), 404, "not_found");
  });

  it.each([
    "/media/anything",
    "/media/images/abc.png",
    `/media/images/${"a".repeat(64)}.svg`,
    `/media/images/${"A".repeat(64)}.png`,
    `/media/other/${"a".repeat(64)}.png`,
    `/media/images/${"a".repeat(64)}.png/more`,
    `/media/images/%2e%2e%2f${"a".repeat(58)}.png`,
  ])("refuses %s, which is not a key this service writes, with a 400 naming the key", async (path) => {
    const body = await expectProblem(await getMedia(path), 400, "validation_failed");
    expect(body.errors).toEqual([{ path: "key", message: expect.any(String) }]);
  });

  it("refuses writes to /media with 405, allowing GET and HEAD", async () => {
    const url = await upload(uniquePng());
    const res = await call("PUT", url, { body: IMAGES.png, headers: { "Content-Type": "image/png" } });
    await expectProblem(res, 405, "method_not_allowed");
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
  });
});

describe("HEAD /media/:key", () => {
  it("answers with the GET headers and no body", async () => {
    const url = await upload(IMAGES.webp, "image/webp");
    const get = await getMedia(url);
    await get.arrayBuffer();

    const res = await headMedia(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    for (const name of ["Content-Type", "Content-Length", "ETag", "Cache-Control", "Accept-Ranges"]) {
      expect(res.headers.get(name), name).toBe(get.headers.get(name));
    }
    expect(res.headers.get("Content-Length")).toBe(String(IMAGES.webp.length));
  });

  it("answers 304 when If-None-Match names the ETag, and 404 for an unknown key", async () => {
    const url = await upload(uniquePng());
    const etag = (await headMedia(url)).headers.get("ETag")!;
    const res = await headMedia(url, { "If-None-Match": etag });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
    expect(res.headers.get("ETag")).toBe(etag);

    const missing = await headMedia(`/media/images/${"1".repeat(64)}.gif`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("");
  });
});

describe("conditional GET (If-None-Match)", () => {
  let url: string;
  let etag: string;

  beforeAll(async () => {
    url = await upload(uniquePng());
    const res = await getMedia(url);
    await res.arrayBuffer();
    etag = res.headers.get("ETag")!;
  });

  it.each([
    { sent: "the ETag", header: () => etag },
    { sent: "the ETag made weak by a cache", header: () => `W/${etag}` },
    { sent: "a list holding the ETag", header: () => `"something-else", ${etag}` },
    { sent: "*", header: () => "*" },
  ])("answers 304 with no body to $sent", async ({ header }) => {
    const res = await getMedia(url, { "If-None-Match": header() });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
    expect(res.headers.get("ETag")).toBe(etag);
    expect(res.headers.get("Cache-Control")).toBe(IMMUTABLE);
  });

  it("answers 200 with the bytes to another ETag", async () => {
    const res = await getMedia(url, { "If-None-Match": '"0123abcd"' });
    expect(res.status).toBe(200);
    expect((await bytesOf(res)).slice(0, 8)).toEqual(new Uint8Array(PNG_SIGNATURE));
  });

  it("answers 304 rather than a range when the copy is current", async () => {
    const res = await getMedia(url, { "If-None-Match": etag, Range: "bytes=0-7" });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
  });
});

describe("preconditions (RFC 9110 §13)", () => {
  let url: string;
  let etag: string;
  let lastModified: string;

  beforeAll(async () => {
    url = await upload(uniquePng());
    const res = await headMedia(url);
    etag = res.headers.get("ETag")!;
    lastModified = res.headers.get("Last-Modified")!;
  });

  const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toUTCString();
  const aYearAgo = () => new Date(Date.now() - 365 * 86_400_000).toUTCString();

  it("says when the image was stored (Last-Modified, an HTTP-date)", () => {
    expect(lastModified).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it.each(["GET", "HEAD"])(
    "%s answers 304 to If-Modified-Since at or after the upload, 200 before it",
    async (method) => {
      for (const since of [lastModified, inAYear()]) {
        const res = await call(method, url, { headers: { "If-Modified-Since": since } });
        expect(res.status, since).toBe(304);
        expect(await res.text()).toBe("");
      }
      const before = await call(method, url, { headers: { "If-Modified-Since": aYearAgo() } });
      expect(before.status).toBe(200);
      await before.arrayBuffer();
    },
  );

  it("lets If-None-Match decide when both are sent, as RFC 9110 says", async () => {
    const res = await getMedia(url, { "If-None-Match": '"another"', "If-Modified-Since": inAYear() });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it.each([
    { sent: "the ETag", header: () => etag },
    { sent: "*", header: () => "*" },
    { sent: "a list holding the ETag", header: () => `"other", ${etag}` },
  ])("serves the image when If-Match names $sent", async ({ header }) => {
    const res = await getMedia(url, { "If-Match": header() });
    expect(res.status).toBe(200);
    expect((await bytesOf(res)).slice(0, 8)).toEqual(new Uint8Array(PNG_SIGNATURE));
  });

  it.each([
    { sent: "another ETag", headers: () => ({ "If-Match": '"another"' }) },
    { sent: "the ETag made weak (If-Match compares strongly)", headers: () => ({ "If-Match": `W/${etag}` }) },
    { sent: "an If-Unmodified-Since before the upload", headers: () => ({ "If-Unmodified-Since": aYearAgo() }) },
  ])("answers a 412 problem to $sent", async ({ headers }) => {
    await expectProblem(await getMedia(url, headers()), 412, "precondition_failed");
    const head = await headMedia(url, headers());
    expect(head.status).toBe(412);
    await head.arrayBuffer();
  });

  // Whatever a client sends in these headers, it never gets a 500: a malformed value is ignored (the header is as
  // good as absent), or, for If-Match, a condition that fails (412), as RFC 9110 says.
  const malformed: [string, string, number][] = [
    ["If-None-Match", "abc", 200],
    ["If-None-Match", '"unterminated', 200],
    ["If-None-Match", "W/", 200],
    ["If-None-Match", '"a"b', 200],
    ["If-None-Match", ",", 200],
    ["If-None-Match", '"ok", junk', 200],
    ["If-None-Match", "\u00e9t\u00e9", 200],
    ["If-Modified-Since", "yesterday", 200],
    ["If-Modified-Since", "2026-13-45", 200],
    ["If-Modified-Since", "Mon, 99 Foo 2026 99:99:99 GMT", 200],
    ["If-Unmodified-Since", "not a date", 200],
    ["If-Match", "abc", 412],
    ["If-Match", '"unterminated', 412],
    ["If-Range", "abc", 200],
    ["If-Range", "Mon, 99 Foo 2026 99:99:99 GMT", 200],
    ["Range", "bytes=99999999999999999999-", 200],
    ["Range", "bytes=\u00e9-", 200],
  ];

  it.each(malformed)("answers %s: %s with %i, never a 500", async (name, value, status) => {
    const headers: Record<string, string> = { [name]: value };
    if (name === "If-Range") headers.Range = "bytes=0-3";
    for (const method of ["GET", "HEAD"]) {
      const res = await call(method, url, { headers });
      expect(res.status, `${method} ${name}: ${value}`).toBe(status);
      await res.arrayBuffer();
    }
  });
});

describe("Range requests", () => {
  const image = IMAGES.png;
  const size = image.length;
  let url: string;
  let etag: string;

  beforeAll(async () => {
    url = await upload(image);
    const res = await headMedia(url);
    etag = res.headers.get("ETag")!;
  });

  it.each([
    { range: "bytes=0-7", first: 0, last: 7, what: "the first bytes (the PNG signature)" },
    { range: "bytes=-10", first: size - 10, last: size - 1, what: "the last 10 bytes" },
    { range: "bytes=10-", first: 10, last: size - 1, what: "everything from byte 10" },
    { range: "bytes=20-20", first: 20, last: 20, what: "a single byte" },
    { range: "bytes=0-1000000", first: 0, last: size - 1, what: "a range past the end, cut at the end" },
    { range: "bytes=-1000000", first: 0, last: size - 1, what: "a suffix longer than the image, the whole image" },
  ])("answers $range with 206 and $what", async ({ range, first, last }) => {
    const res = await getMedia(url, { Range: range });
    expect(res.status).toBe(206);
    expect(await bytesOf(res)).toEqual(image.slice(first, last + 1));
    expect(res.headers.get("Content-Range")).toBe(`bytes ${first}-${last}/${size}`);
    expect(res.headers.get("Content-Length")).toBe(String(last - first + 1));
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("ETag")).toBe(etag);
  });

  it("the signature range holds the PNG signature", async () => {
    const res = await getMedia(url, { Range: "bytes=0-7" });
    expect(await bytesOf(res)).toEqual(new Uint8Array(PNG_SIGNATURE));
  });

  it.each([
    { range: `bytes=${size}-`, what: "starting at the end" },
    { range: `bytes=${size + 100}-${size + 200}`, what: "past the end" },
    { range: "bytes=-0", what: "of zero bytes" },
  ])("answers a range $what with a 416 problem and Content-Range bytes */size", async ({ range }) => {
    const res = await getMedia(url, { Range: range });
    expect(res.headers.get("Content-Range")).toBe(`bytes */${size}`);
    await expectProblem(res, 416, "range_not_satisfiable");
  });

  it.each(["bytes=7-3", "bytes=0-1,4-5", "items=0-5", "bytes=abc", "bytes=-"])(
    "ignores the Range %s it does not honour and sends the whole image",
    async (range) => {
      const res = await getMedia(url, { Range: range });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Range")).toBeNull();
      expect(await bytesOf(res)).toEqual(image);
    },
  );

  it("honours If-Range with the current ETag, and sends the whole image for any other", async () => {
    const current = await getMedia(url, { Range: "bytes=0-3", "If-Range": etag });
    expect(current.status).toBe(206);
    expect(await bytesOf(current)).toEqual(image.slice(0, 4));

    const stale = await getMedia(url, { Range: "bytes=0-3", "If-Range": '"an-older-version"' });
    expect(stale.status).toBe(200);
    expect(await bytesOf(stale)).toEqual(image);
  });

  it("ignores Range on HEAD", async () => {
    const res = await headMedia(url, { Range: "bytes=0-3" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(res.headers.get("Content-Length")).toBe(String(size));
  });
});

describe("storing uploads in R2", () => {
  it("writes the same bytes once, and undoing a store removes only an object that store created", async () => {
    const bytes = uniquePng();
    const upload = { bytes, type: detectImageType(bytes)! };
    const first = await storeMedia(env.MEDIA, upload);
    const second = await storeMedia(env.MEDIA, upload);
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });

    // The second store found the object already there (another asset may show it): undoing it keeps the object.
    await discardMedia(env.MEDIA, second);
    expect(await env.MEDIA.head(first.key)).not.toBeNull();
    await discardMedia(env.MEDIA, first);
    expect(await env.MEDIA.head(first.key)).toBeNull();
  });
});

describe("OpenAPI", () => {
  it("documents GET /media/{key} under Media, with 200, 206, 304, 404 and 416", async () => {
    const res = await callJson("GET", "/openapi.json");
    const operation = res.body.paths["/media/{key}"]?.get;
    expect(operation.tags).toEqual(["Media"]);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["200", "206", "304", "404", "416"]));
    expect(Object.keys(res.body.paths).filter((path) => path.startsWith("/media"))).toEqual(["/media/{key}"]);
  });
});
