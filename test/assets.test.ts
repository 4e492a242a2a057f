import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { lessonAssets, programAssets } from "../src/catalog/schema";
import { insufficientRoles, invalidCredentials } from "./auth-matrix";
import { addPoster, createLesson, createProgram, createTerm, nextInstant } from "./catalog-fixtures";
import { cmsSession } from "./cms-helpers";
import {
  ACCOUNT_LOOKUP,
  call,
  callJson,
  createUser,
  db,
  dbCost,
  expectFieldProblem,
  expectProblem,
  ISO_UTC,
  MISSING_ID,
  readJson,
  type TestUser,
} from "./helpers";
import { IMAGES, uniquePng } from "./images";
import { concat, expectNothingStored, r2Keys, sendStream, sha256Hex, sized, text } from "./uploads";

// Storage (D1 and R2) is shared by the tests of this file: each test works on its own program or lesson, and R2 is
// compared before and after rather than expected empty.

// ---- fixtures -------------------------------------------------------------------------------------------------------

const { png: PNG, gif: GIF, jpeg: JPEG, webp: WEBP } = IMAGES;
const MAX_UPLOAD = 10 * 1024 * 1024;
/** `size` bytes that start like a PNG: only the size can be wrong with them. */
const pngSized = (size: number) => sized(PNG, size);

const HTTPS_URL = "https://cdn.example.com/posters/basics.jpg";

// ---- calling the API ------------------------------------------------------------------------------------------------

type Owner = "programs" | "lessons";
const slotPath = (owner: Owner, id: string, language: string, variant: string) =>
  `/cms/${owner}/${id}/${owner === "programs" ? "posters" : "thumbnails"}/${language}/${variant}`;
const posterPath = (id: string, language = "en", variant = "portrait") => slotPath("programs", id, language, variant);
const thumbnailPath = (id: string, language = "en", variant = "portrait") => slotPath("lessons", id, language, variant);

/** Who makes a request: a CMS client of the session, or an account of a test's own. */
type Caller = Pick<TestUser, "token">;

const putUrl = (user: Caller, path: string, url: string) => callJson("PUT", path, { token: user.token, body: { url } });
const putBytes = (user: Caller, path: string, bytes: Uint8Array, contentType = "image/png") =>
  callJson("PUT", path, { token: user.token, body: bytes, headers: { "Content-Type": contentType } });
const listOf = (user: Caller, owner: Owner, id: string) =>
  callJson("GET", `/cms/${owner}/${id}/assets`, { token: user.token });
const remove = (user: Caller, path: string) => callJson("DELETE", path, { token: user.token });

/** Streams `bytes`: the request has no Content-Length, as with a chunked upload. */
async function putStream(user: Caller, path: string, bytes: Uint8Array, contentType = "image/png") {
  const headers = { Authorization: `Bearer ${user.token}`, "Content-Type": contentType };
  return readJson(await sendStream("PUT", path, bytes, headers));
}

/** The stored rows of an owner's asset table for one owner. */
async function programRows(programId: string) {
  return db().select().from(programAssets).where(eq(programAssets.programId, programId));
}
async function lessonRows(lessonId: string) {
  return db().select().from(lessonAssets).where(eq(lessonAssets.lessonId, lessonId));
}

let lessonNumber = 0;
/** A lesson in English and Telugu, in a program of its own. */
async function newLesson(fields: Parameters<typeof createLesson>[2] = {}) {
  const program = await createProgram();
  const term = await createTerm(program.id);
  return createLesson(term.id, ++lessonNumber, {
    contentLanguagesAvailable: ["en", "te"],
    contentUrlsByLanguage: { en: "https://cdn.example.com/l/en.m3u8", te: "https://cdn.example.com/l/te.m3u8" },
    ...fields,
  });
}

const { editor, viewer, admin } = cmsSession();

// ---- by URL ---------------------------------------------------------------------------------------------------------

describe("PUT a poster by URL", () => {
  it("sets it: 201 with the asset, then listed for a viewer", async () => {
    const program = await createProgram({ languagesAvailable: ["en", "te"] });
    const res = await putUrl(editor, posterPath(program.id, "te", "landscape"), HTTPS_URL);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      program_id: program.id,
      language: "te",
      variant: "landscape",
      asset_type: "poster",
      url: HTTPS_URL,
      updated_at: expect.stringMatching(ISO_UTC),
    });
    const listed = await listOf(viewer, "programs", program.id);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ data: [res.body], next_cursor: null });
  });

  it("replaces it: 201, then 200 with the new URL, and one row", async () => {
    const program = await createProgram();
    const first = await putUrl(editor, posterPath(program.id), HTTPS_URL);
    const [created] = await programRows(program.id);
    const second = await putUrl(editor, posterPath(program.id), "https://cdn.example.com/posters/v2.jpg");

    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body).toMatchObject({ url: "https://cdn.example.com/posters/v2.jpg", variant: "portrait" });
    expect(second.body.updated_at >= first.body.updated_at).toBe(true);
    const rows = await programRows(program.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: created!.id, createdAt: created!.createdAt, url: second.body.url });
  });

  it("keeps one poster per language and variant", async () => {
    const program = await createProgram({ languagesAvailable: ["en", "te"] });
    for (const [language, variant] of [
      ["en", "portrait"],
      ["en", "banner"],
      ["te", "portrait"],
    ] as const) {
      expect((await putUrl(editor, posterPath(program.id, language, variant), HTTPS_URL)).status).toBe(201);
    }
    const listed = await listOf(viewer, "programs", program.id);
    expect(listed.body.data.map((a: { language: string; variant: string }) => `${a.language}/${a.variant}`)).toEqual([
      "en/banner",
      "en/portrait",
      "te/portrait",
    ]);
  });

  it("accepts the /media/ URL of an earlier upload", async () => {
    const program = await createProgram();
    const uploaded = await putBytes(editor, posterPath(program.id, "en", "square"), uniquePng());
    const res = await putUrl(editor, posterPath(program.id, "en", "banner"), uploaded.body.url);
    expect(res.status).toBe(201);
    expect(res.body.url).toBe(uploaded.body.url);
  });

  it("refuses a /media/ URL under which nothing was uploaded with 422 naming url", async () => {
    const program = await createProgram();
    const res = await putUrl(editor, posterPath(program.id), `/media/images/${"e".repeat(64)}.png`);
    expectProblem(res, 422, "unknown_media");
    expect(res.body.errors).toEqual([{ path: "url", message: expect.any(String) }]);
    expect(await programRows(program.id)).toEqual([]);
  });

  it.each([
    { problem: "an http URL", body: { url: "http://cdn.example.com/p.jpg" }, path: "url" },
    { problem: "a javascript: URL", body: { url: "javascript:alert(1)" }, path: "url" },
    { problem: "a data: URL", body: { url: "data:image/png;base64,iVBORw0KGgo=" }, path: "url" },
    { problem: "a /media/ URL that is not a media key", body: { url: "/media/../../etc/passwd" }, path: "url" },
    { problem: "a URL with spaces", body: { url: "https://cdn.example.com/a b.jpg" }, path: "url" },
    { problem: "a 2049-character URL", body: { url: `https://cdn.example.com/${"a".repeat(2025)}` }, path: "url" },
    { problem: "no url", body: {}, path: "url" },
    { problem: "an unknown field", body: { url: HTTPS_URL, asset_type: "thumbnail" }, path: "asset_type" },
  ])("refuses $problem with 400 naming the field, and stores nothing", async ({ body, path }) => {
    const program = await createProgram();
    const res = await callJson("PUT", posterPath(program.id), { token: editor.token, body });
    expectFieldProblem(res, 400, "validation_failed", path);
    expect(await programRows(program.id)).toEqual([]);
  });

  it.each([
    { where: "language", path: (id: string) => posterPath(id, "EN!", "portrait") },
    { where: "variant", path: (id: string) => posterPath(id, "en", "thumbnail") },
  ])("refuses an invalid $where in the path with 400 naming it", async ({ where, path }) => {
    const program = await createProgram();
    expectFieldProblem(await putUrl(editor, path(program.id), HTTPS_URL), 400, "validation_failed", where);
  });

  it("refuses a language the program does not offer with 422 naming language", async () => {
    const program = await createProgram({ languagesAvailable: ["en", "te"] });
    const res = await putUrl(editor, posterPath(program.id, "fr"), HTTPS_URL);
    expectProblem(res, 422, "language_not_available");
    expect(res.body.errors).toEqual([{ path: "language", message: expect.stringContaining("en, te") }]);
    expect(await programRows(program.id)).toEqual([]);
  });

  it("answers 404 for a program that does not exist", async () => {
    expectProblem(await putUrl(editor, posterPath(MISSING_ID), HTTPS_URL), 404, "not_found");
  });

  it.each([
    { sent: "malformed JSON", status: 400, code: "malformed_json", type: "application/json", body: '{"url": ' },
    {
      sent: "a 1.1 MiB JSON body",
      status: 413,
      code: "payload_too_large",
      type: "application/json",
      body: JSON.stringify({ url: `https://cdn.example.com/${"a".repeat(Math.ceil(1.1 * 1024 * 1024))}` }),
    },
    { sent: "a text/plain body", status: 415, code: "unsupported_media_type", type: "text/plain", body: HTTPS_URL },
    {
      sent: "a form",
      status: 415,
      code: "unsupported_media_type",
      type: "application/x-www-form-urlencoded",
      body: `url=${HTTPS_URL}`,
    },
  ])("answers $status $code to $sent, and stores nothing", async ({ status, code, type, body }) => {
    const program = await createProgram();
    const res = await callJson("PUT", posterPath(program.id), {
      token: editor.token,
      body,
      headers: { "Content-Type": type },
    });
    expectProblem(res, status, code);
    expect(await programRows(program.id)).toEqual([]);
  });

  it("answers 400 empty_body to a PUT without a body", async () => {
    const program = await createProgram();
    expectProblem(await callJson("PUT", posterPath(program.id), { token: editor.token }), 400, "empty_body");
  });
});

// ---- by upload ------------------------------------------------------------------------------------------------------

describe("PUT a poster by upload", () => {
  it("stores the image in R2 under its SHA-256 and points the poster at /media/<key>", async () => {
    const program = await createProgram();
    const image = uniquePng();
    const before = await r2Keys();

    const res = await putBytes(editor, posterPath(program.id), image);
    const key = `images/${await sha256Hex(image)}.png`;
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      program_id: program.id,
      language: "en",
      variant: "portrait",
      asset_type: "poster",
      url: `/media/${key}`,
      updated_at: expect.stringMatching(ISO_UTC),
    });
    expect(await r2Keys()).toEqual([...before, key].sort());

    const served = await call("GET", res.body.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(image);
  });

  it.each([
    { format: "JPEG", bytes: JPEG, extension: "jpg", sentAs: "image/jpeg" },
    { format: "GIF", bytes: GIF, extension: "gif", sentAs: "image/gif" },
    { format: "WebP", bytes: WEBP, extension: "webp", sentAs: "image/webp" },
    { format: "GIF", bytes: GIF, extension: "gif", sentAs: "application/octet-stream" },
    { format: "JPEG", bytes: JPEG, extension: "jpg", sentAs: "image/png" },
  ])("takes a $format sent as $sentAs by its bytes: a .$extension key", async ({ bytes, extension }) => {
    const program = await createProgram();
    const res = await putBytes(editor, posterPath(program.id), bytes, "application/octet-stream");
    expect(res.status).toBe(201);
    expect(res.body.url).toBe(`/media/images/${await sha256Hex(bytes)}.${extension}`);
  });

  it("stores the same bytes once: a second upload gets the same key and R2 holds one object", async () => {
    const program = await createProgram({ languagesAvailable: ["en", "te"] });
    const image = uniquePng();
    const before = await r2Keys();

    const first = await putBytes(editor, posterPath(program.id, "en", "portrait"), image);
    const second = await putBytes(editor, posterPath(program.id, "te", "banner"), image);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.url).toBe(first.body.url);
    expect((await r2Keys()).length).toBe(before.length + 1);
  });

  it("replaces an upload with another: 200, the new URL, one row", async () => {
    const program = await createProgram();
    const first = await putBytes(editor, posterPath(program.id), uniquePng());
    const second = await putBytes(editor, posterPath(program.id), GIF, "image/gif");
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.url).toMatch(/\.gif$/);
    expect((await programRows(program.id)).map((row) => row.url)).toEqual([second.body.url]);
  });

  it("accepts a streamed upload without Content-Length", async () => {
    const program = await createProgram();
    const image = pngSized(300 * 1024);
    const res = await putStream(editor, posterPath(program.id), image);
    expect(res.status).toBe(201);
    const served = await call("GET", res.body.url);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(image);
  });

  it("accepts exactly 10 MiB", async () => {
    const program = await createProgram();
    const res = await putBytes(editor, posterPath(program.id), pngSized(MAX_UPLOAD));
    expect(res.status).toBe(201);
    const head = await call("HEAD", res.body.url);
    expect(head.headers.get("Content-Length")).toBe(String(MAX_UPLOAD));
  });

  it.each([
    { sent: "a PDF", bytes: text("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), type: "image/png" },
    { sent: "plain text", bytes: text("just some words, not an image"), type: "application/octet-stream" },
    { sent: "an SVG", bytes: text('<svg xmlns="http://www.w3.org/2000/svg"/>'), type: "image/svg+xml" },
    { sent: "a truncated PNG signature", bytes: PNG.slice(0, 6), type: "image/png" },
    {
      sent: "a RIFF that is not WebP",
      bytes: concat(text("RIFF"), new Uint8Array(4), text("WAVEfmt ")),
      type: "image/webp",
    },
  ])("refuses $sent with 415 unsupported_image_type, and stores nothing", async ({ bytes, type }) => {
    const program = await createProgram();
    const res = await expectNothingStored(() => putBytes(editor, posterPath(program.id), bytes, type));
    expectProblem(res, 415, "unsupported_image_type");
    expect(await programRows(program.id)).toEqual([]);
  });

  it("refuses an empty upload with 400 empty_body, and stores nothing", async () => {
    const program = await createProgram();
    const res = await expectNothingStored(() => putBytes(editor, posterPath(program.id), new Uint8Array(0)));
    expectProblem(res, 400, "empty_body");
    expect(await programRows(program.id)).toEqual([]);
  });

  it("refuses 10 MiB + 1 byte with Content-Length: 413, and stores nothing", async () => {
    const program = await createProgram();
    const res = await expectNothingStored(() => putBytes(editor, posterPath(program.id), pngSized(MAX_UPLOAD + 1)));
    expectProblem(res, 413, "payload_too_large");
    expect(await programRows(program.id)).toEqual([]);
  });

  it("refuses 10 MiB + 1 byte streamed without Content-Length: 413, and stores nothing", async () => {
    const program = await createProgram();
    const res = await expectNothingStored(() => putStream(editor, posterPath(program.id), pngSized(MAX_UPLOAD + 1)));
    expectProblem(res, 413, "payload_too_large");
    expect(await programRows(program.id)).toEqual([]);
  });

  it("refuses a language the program does not offer with 422, and stores nothing", async () => {
    const program = await createProgram({ languagesAvailable: ["en"] });
    const res = await expectNothingStored(() => putBytes(editor, posterPath(program.id, "te"), uniquePng()));
    expectProblem(res, 422, "language_not_available");
    expect(res.body.errors).toEqual([{ path: "language", message: expect.any(String) }]);
    expect(await programRows(program.id)).toEqual([]);
  });

  it("answers 404 for a program that does not exist, and stores nothing", async () => {
    const res = await expectNothingStored(() => putBytes(editor, posterPath(MISSING_ID), uniquePng()));
    expectProblem(res, 404, "not_found");
  });
});

// ---- lessons --------------------------------------------------------------------------------------------------------

describe("PUT a lesson thumbnail", () => {
  it("sets one by URL and one by upload, in the lesson's content languages", async () => {
    const lesson = await newLesson();
    const byUrl = await putUrl(editor, thumbnailPath(lesson.id, "te", "landscape"), HTTPS_URL);
    const image = uniquePng();
    const byUpload = await putBytes(editor, thumbnailPath(lesson.id, "en", "portrait"), image);

    expect([byUrl.status, byUpload.status]).toEqual([201, 201]);
    expect(byUrl.body).toEqual({
      lesson_id: lesson.id,
      language: "te",
      variant: "landscape",
      asset_type: "thumbnail",
      url: HTTPS_URL,
      updated_at: expect.stringMatching(ISO_UTC),
    });
    expect(byUpload.body).toMatchObject({ lesson_id: lesson.id, url: `/media/images/${await sha256Hex(image)}.png` });
    expect((await listOf(viewer, "lessons", lesson.id)).body.data).toEqual([byUpload.body, byUrl.body]);
  });

  it("replaces one: 201, then 200, one row", async () => {
    const lesson = await newLesson();
    const first = await putUrl(editor, thumbnailPath(lesson.id), HTTPS_URL);
    const second = await putBytes(editor, thumbnailPath(lesson.id), uniquePng());
    expect([first.status, second.status]).toEqual([201, 200]);
    expect((await lessonRows(lesson.id)).map((row) => row.url)).toEqual([second.body.url]);
  });

  it("refuses a language that is not one of the lesson's content languages with 422, storing nothing", async () => {
    // The program offers Hindi, the lesson does not: the lesson's own languages decide.
    const program = await createProgram({ languagesAvailable: ["en", "hi"] });
    const lesson = await createLesson((await createTerm(program.id)).id, 1);
    for (const res of [
      await putUrl(editor, thumbnailPath(lesson.id, "hi"), HTTPS_URL),
      await expectNothingStored(() => putBytes(editor, thumbnailPath(lesson.id, "hi"), uniquePng())),
    ]) {
      expectProblem(res, 422, "language_not_available");
      expect(res.body.errors).toEqual([{ path: "language", message: expect.any(String) }]);
    }
    expect(await lessonRows(lesson.id)).toEqual([]);
  });

  it("answers 404 for a lesson that does not exist, storing nothing", async () => {
    expectProblem(await putUrl(editor, thumbnailPath(MISSING_ID), HTTPS_URL), 404, "not_found");
    const res = await expectNothingStored(() => putBytes(editor, thumbnailPath(MISSING_ID), uniquePng()));
    expectProblem(res, 404, "not_found");
  });

  it("refuses a wrong image type and an oversized upload, storing nothing", async () => {
    const lesson = await newLesson();
    const wrong = await expectNothingStored(() =>
      putBytes(editor, thumbnailPath(lesson.id), text("%PDF-1.4"), "image/jpeg"),
    );
    expectProblem(wrong, 415, "unsupported_image_type");
    const large = await expectNothingStored(() =>
      putStream(editor, thumbnailPath(lesson.id), pngSized(MAX_UPLOAD + 1)),
    );
    expectProblem(large, 413, "payload_too_large");
    expect(await lessonRows(lesson.id)).toEqual([]);
  });
});

// ---- delete and list ------------------------------------------------------------------------------------------------

describe("DELETE a poster or thumbnail", () => {
  it("removes a poster: 204, gone from the list, then 404", async () => {
    const program = await createProgram();
    await putUrl(editor, posterPath(program.id, "en", "portrait"), HTTPS_URL);
    const kept = await putUrl(editor, posterPath(program.id, "en", "banner"), HTTPS_URL);

    const res = await remove(editor, posterPath(program.id, "en", "portrait"));
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect((await listOf(viewer, "programs", program.id)).body.data).toEqual([kept.body]);
    expectProblem(await remove(editor, posterPath(program.id, "en", "portrait")), 404, "not_found");
  });

  it("removes a thumbnail, and leaves the lesson's subtitle of that language alone", async () => {
    const lesson = await newLesson();
    await putUrl(editor, thumbnailPath(lesson.id, "te", "square"), HTTPS_URL);
    const at = nextInstant();
    await db().insert(lessonAssets).values({
      id: crypto.randomUUID(),
      lessonId: lesson.id,
      language: "te",
      variant: "square",
      assetType: "subtitle",
      url: "https://cdn.example.com/subs/te.vtt",
      createdAt: at,
      updatedAt: at,
    });

    expect((await remove(editor, thumbnailPath(lesson.id, "te", "square"))).status).toBe(204);
    expect((await lessonRows(lesson.id)).map((row) => row.assetType)).toEqual(["subtitle"]);
  });

  it("keeps the uploaded image in R2: other assets may show the same bytes", async () => {
    const program = await createProgram({ languagesAvailable: ["en", "te"] });
    const image = uniquePng();
    const first = await putBytes(editor, posterPath(program.id, "en"), image);
    await putBytes(editor, posterPath(program.id, "te"), image);

    expect((await remove(editor, posterPath(program.id, "en"))).status).toBe(204);
    const served = await call("GET", first.body.url);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(image);
  });

  it.each([
    { what: "a poster never set", path: async () => posterPath((await createProgram()).id) },
    { what: "a program that does not exist", path: async () => posterPath(MISSING_ID) },
    { what: "a thumbnail never set", path: async () => thumbnailPath((await newLesson()).id) },
    { what: "a lesson that does not exist", path: async () => thumbnailPath(MISSING_ID) },
  ])("answers 404 for $what", async ({ path }) => {
    expectProblem(await remove(editor, await path()), 404, "not_found");
  });
});

describe("GET the assets of a program or lesson", () => {
  it("lists a program's posters by language, then variant, with nothing else", async () => {
    const program = await createProgram({ languagesAvailable: ["en", "te"] });
    const other = await createProgram();
    await addPoster(other.id);
    for (const [language, variant] of [
      ["te", "square"],
      ["en", "portrait"],
      ["en", "banner"],
    ] as const) {
      await addPoster(program.id, language, variant);
    }
    const res = await listOf(viewer, "programs", program.id);
    expect(res.status).toBe(200);
    expect(res.body.next_cursor).toBeNull();
    expect(res.body.data).toEqual(
      [
        ["en", "banner"],
        ["en", "portrait"],
        ["te", "square"],
      ].map(([language, variant]) => ({
        program_id: program.id,
        language,
        variant,
        asset_type: "poster",
        url: `https://cdn.example.com/posters/${program.id}/${language}/${variant}.jpg`,
        updated_at: expect.stringMatching(ISO_UTC),
      })),
    );
  });

  it("lists a lesson's thumbnails and subtitles", async () => {
    const lesson = await newLesson();
    await putUrl(editor, thumbnailPath(lesson.id, "en", "landscape"), HTTPS_URL);
    const at = nextInstant();
    await db().insert(lessonAssets).values({
      id: crypto.randomUUID(),
      lessonId: lesson.id,
      language: "en",
      variant: "landscape",
      assetType: "subtitle",
      url: "https://cdn.example.com/subs/en.vtt",
      createdAt: at,
      updatedAt: at,
    });
    const res = await listOf(viewer, "lessons", lesson.id);
    expect(res.body.data.map((a: { asset_type: string }) => a.asset_type)).toEqual(["subtitle", "thumbnail"]);
  });

  it("answers an owner without assets with an empty list", async () => {
    const program = await createProgram();
    expect((await listOf(viewer, "programs", program.id)).body).toEqual({ data: [], next_cursor: null });
    const lesson = await newLesson();
    expect((await listOf(viewer, "lessons", lesson.id)).body).toEqual({ data: [], next_cursor: null });
  });

  it("answers 404 for an owner that does not exist", async () => {
    expectProblem(await listOf(viewer, "programs", MISSING_ID), 404, "not_found");
    expectProblem(await listOf(viewer, "lessons", MISSING_ID), 404, "not_found");
  });
});

// ---- who may do what ------------------------------------------------------------------------------------------------

describe("roles on every asset route", () => {
  let programId: string;
  let lessonId: string;

  beforeAll(async () => {
    programId = (await createProgram()).id;
    lessonId = (await newLesson()).id;
    // What the refused requests would change or remove.
    await putUrl(editor, posterPath(programId, "en", "landscape"), HTTPS_URL);
    await putUrl(editor, thumbnailPath(lessonId, "en", "landscape"), HTTPS_URL);
  });

  const upload = { body: uniquePng(), headers: { "Content-Type": "image/png" } };
  const routes: {
    route: string;
    method: string;
    path: () => string;
    body?: unknown;
    headers?: Record<string, string>;
    reader?: boolean;
  }[] = [
    { route: "PUT poster by URL", method: "PUT", path: () => posterPath(programId), body: { url: HTTPS_URL } },
    { route: "PUT poster by upload", method: "PUT", path: () => posterPath(programId), ...upload },
    { route: "DELETE poster", method: "DELETE", path: () => posterPath(programId, "en", "landscape") },
    { route: "GET program assets", method: "GET", path: () => `/cms/programs/${programId}/assets`, reader: true },
    { route: "PUT thumbnail by URL", method: "PUT", path: () => thumbnailPath(lessonId), body: { url: HTTPS_URL } },
    { route: "PUT thumbnail by upload", method: "PUT", path: () => thumbnailPath(lessonId), ...upload },
    { route: "DELETE thumbnail", method: "DELETE", path: () => thumbnailPath(lessonId, "en", "landscape") },
    { route: "GET lesson assets", method: "GET", path: () => `/cms/lessons/${lessonId}/assets`, reader: true },
  ];

  /** The refused request changed nothing: same rows, same R2 objects. */
  async function expectUnchanged(act: () => Promise<void>) {
    const [programBefore, lessonBefore] = await Promise.all([programRows(programId), lessonRows(lessonId)]);
    await expectNothingStored(act);
    expect(await programRows(programId)).toEqual(programBefore);
    expect(await lessonRows(lessonId)).toEqual(lessonBefore);
  }

  describe.each(routes)("$route", ({ method, path, body, headers, reader }) => {
    it.each([...invalidCredentials(() => admin.user), ...insufficientRoles(reader ? "viewer" : "editor")])(
      "answers $status $code to $sent, and changes nothing",
      async ({ status, code, headers: credentials }) => {
        await expectUnchanged(async () => {
          const res = await callJson(method, path(), { body, headers: { ...headers, ...(await credentials()) } });
          expectProblem(res, status, code);
        });
      },
    );
  });

  it.each(["viewer", "editor", "admin"] as const)("lets a %s read a program's and a lesson's assets", async (role) => {
    const user = await createUser(role);
    expect((await listOf(user, "programs", programId)).body.data).toHaveLength(1);
    expect((await listOf(user, "lessons", lessonId)).body.data).toHaveLength(1);
  });

  it.each(["editor", "admin"] as const)("lets an %s set and remove posters and thumbnails", async (role) => {
    const user = await createUser(role);
    const program = await createProgram();
    const lesson = await newLesson();
    for (const path of [posterPath(program.id, "en", "square"), thumbnailPath(lesson.id, "en", "square")]) {
      expect((await putUrl(user, path, HTTPS_URL)).status).toBe(201);
      expect((await putBytes(user, path, uniquePng())).status).toBe(200);
      expect((await remove(user, path)).status).toBe(204);
    }
  });
});

// ---- cost -----------------------------------------------------------------------------------------------------------

// Every request here is signed in: each budget is the route's own D1 round trips plus the account lookup.
describe("query budgets (D1 round trips from Server-Timing)", () => {
  const own = (queries: number) => ACCOUNT_LOOKUP.queries + queries;

  it("PUT by URL costs 1 (one guarded upsert), creating or replacing; a /media/ URL too", async () => {
    const program = await createProgram();
    const created = await putUrl(editor, posterPath(program.id), HTTPS_URL);
    const replaced = await putUrl(editor, posterPath(program.id), "https://cdn.example.com/v2.jpg");
    const upload = await putBytes(editor, posterPath(program.id, "en", "square"), uniquePng());
    const media = await putUrl(editor, posterPath(program.id, "en", "banner"), upload.body.url);
    expect([created, replaced, media].map((res) => res.status)).toEqual([201, 200, 201]);
    expect([created, replaced, media].map((res) => dbCost(res).queries)).toEqual([own(1), own(1), own(1)]);
  });

  it("PUT by upload costs 2: the owner and language check before R2, then the upsert", async () => {
    const lesson = await newLesson();
    const created = await putBytes(editor, thumbnailPath(lesson.id), uniquePng());
    const replaced = await putStream(editor, thumbnailPath(lesson.id), uniquePng());
    expect([created.status, replaced.status]).toEqual([201, 200]);
    expect([created, replaced].map((res) => dbCost(res).queries)).toEqual([own(2), own(2)]);
  });

  it("a refused PUT costs 2 by URL (the upsert, then why), 1 by upload, 0 for a wrong image", async () => {
    const program = await createProgram();
    const missing = await putUrl(editor, posterPath(MISSING_ID), HTTPS_URL);
    const language = await putBytes(editor, posterPath(program.id, "fr"), uniquePng());
    const wrongType = await putBytes(editor, posterPath(program.id), text("not an image"));
    expect([missing.status, language.status, wrongType.status]).toEqual([404, 422, 415]);
    expect([missing, language, wrongType].map((res) => dbCost(res).queries)).toEqual([own(2), own(1), own(0)]);
  });

  it("DELETE costs 1", async () => {
    const program = await createProgram();
    await putUrl(editor, posterPath(program.id), HTTPS_URL);
    const res = await remove(editor, posterPath(program.id));
    expect(res.status).toBe(204);
    expect(dbCost(res).queries).toBe(own(1));
  });

  it.each([0, 1, 8])(
    "GET assets costs 1 and reads the program and one row per asset, with %i assets",
    async (count) => {
      const program = await createProgram({ languagesAvailable: ["en", "te"] });
      const slots = ["en", "te"].flatMap((language) =>
        (["portrait", "landscape", "square", "banner"] as const).map((variant) => [language, variant] as const),
      );
      for (const [language, variant] of slots.slice(0, count)) await addPoster(program.id, language, variant);
      const res = await listOf(viewer, "programs", program.id);
      expect(res.body.data).toHaveLength(count);
      expect(dbCost(res).queries).toBe(own(1));
      // The program by primary key, then its assets in the unique index's order, plus the index entry after them
      // (another program's) that ends the range: a scan or a sort would read more.
      expect(dbCost(res).rowsRead).toBeLessThanOrEqual(ACCOUNT_LOOKUP.rowsRead + 1 + count + 1);
    },
  );
});

// ---- the OpenAPI document -------------------------------------------------------------------------------------------

describe("OpenAPI", () => {
  it("documents both PUT bodies, JSON and image, as required, under Assets", async () => {
    const doc = (await callJson("GET", "/openapi.json")).body;
    for (const path of [
      "/cms/programs/{id}/posters/{language}/{variant}",
      "/cms/lessons/{id}/thumbnails/{language}/{variant}",
    ]) {
      const put = doc.paths[path]?.put;
      expect(put.tags).toEqual(["Assets"]);
      expect(put.requestBody.required).toBe(true);
      expect(Object.keys(put.requestBody.content)).toEqual(["application/json", "image/*", "application/octet-stream"]);
      expect(doc.paths[path].delete.tags).toEqual(["Assets"]);
    }
    expect(doc.paths["/cms/programs/{id}/assets"].get.tags).toEqual(["Assets"]);
    expect(doc.paths["/cms/lessons/{id}/assets"].get.tags).toEqual(["Assets"]);
  });
});
