import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { detectAudioType } from "../src/media/audio-type";
import { AUDIO, NOT_AUDIO } from "./audio";
import { createProgram, createTerm } from "./catalog-fixtures";
import {
  ACCOUNT_LOOKUP,
  BASE,
  type CallOptions,
  call,
  callJson,
  createUser,
  dbCost,
  expectFieldProblem,
  expectProblem,
  type JsonReply,
  readJson,
  type TestUser,
} from "./helpers";
import { IMAGES } from "./images";
import { concat, expectNothingStored, r2Keys, sendStream, sha256Hex, sized, text, unique } from "./uploads";

// POST /cms/upload/{kind}: images and audio, as raw bytes or as an HTML form's file, checked by their bytes and
// stored in R2 under their kind. R2 is shared by the tests of this file: each uploads bytes of its own (`unique`),
// and "nothing stored" compares the bucket before and after.

const MiB = 1024 * 1024;
const MAX_IMAGE = 10 * MiB;
const MAX_AUDIO = 32 * MiB;
const IMMUTABLE = "public, max-age=31536000, immutable";

let editor: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  [editor, viewer] = await Promise.all([createUser("editor"), createUser("viewer")]);
});

// ---- calling the API ------------------------------------------------------------------------------------------------

type Kind = "image" | "audio";
const uploadPath = (kind: string) => `/cms/upload/${kind}`;

/** The file's bytes as the body, sent as `contentType` (none when undefined). */
function postRaw(kind: string, bytes: Uint8Array, contentType?: string, options: CallOptions = {}) {
  const headers: Record<string, string> = contentType === undefined ? {} : { "Content-Type": contentType };
  return callJson("POST", uploadPath(kind), { token: editor.token, body: bytes, headers, ...options });
}

/** A form as a browser builds it from `<input type="file" name="file">`: the file's name and the type it guessed. */
function formWith(bytes: Uint8Array, fileName = "upload.bin", type = "", field = "file"): FormData {
  const form = new FormData();
  form.append(field, new File([bytes], fileName, { type }));
  return form;
}

/** Posts a FormData body: the runtime writes the multipart/form-data body and its boundary, as a browser does. */
async function postForm(kind: string, form: FormData, token: string | null = editor.token): Promise<JsonReply> {
  const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
  const request = new Request(`${BASE}${uploadPath(kind)}`, { method: "POST", headers, body: form });
  return readJson(await exports.default.fetch(request));
}

const keyOf = async (kind: Kind, bytes: Uint8Array, extension: string) =>
  `${kind === "image" ? "images" : "audio"}/${await sha256Hex(bytes)}.${extension}`;

/** Checks the answer to a new upload, what R2 holds under its key, and that /media serves the same bytes. */
async function expectStored(res: JsonReply, kind: Kind, bytes: Uint8Array, contentType: string, extension: string) {
  const key = await keyOf(kind, bytes, extension);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body).toEqual({ kind, key, url: `/media/${key}`, content_type: contentType, size: bytes.length });
  expect(res.headers.get("Location")).toBe(`/media/${key}`);

  const object = await env.MEDIA.head(key);
  expect(object?.httpMetadata).toMatchObject({ contentType, cacheControl: IMMUTABLE });
  expect(object?.size).toBe(bytes.length);

  const served = await call("GET", `/media/${key}`);
  expect(served.status).toBe(200);
  expect(served.headers.get("Content-Type")).toBe(contentType);
  // The same bytes: the digest the key names (comparing megabytes element by element would take the test minutes).
  const servedBytes = new Uint8Array(await served.arrayBuffer());
  expect(servedBytes.length).toBe(bytes.length);
  expect(await sha256Hex(servedBytes)).toBe(key.slice(key.indexOf("/") + 1, key.lastIndexOf(".")));
}

// ---- each format, each way of sending it ----------------------------------------------------------------------------

const FORMATS = [
  { kind: "image", format: "PNG", bytes: IMAGES.png, contentType: "image/png", extension: "png", name: "a.png" },
  { kind: "image", format: "JPEG", bytes: IMAGES.jpeg, contentType: "image/jpeg", extension: "jpg", name: "a.jpg" },
  { kind: "image", format: "WebP", bytes: IMAGES.webp, contentType: "image/webp", extension: "webp", name: "a.webp" },
  { kind: "image", format: "GIF", bytes: IMAGES.gif, contentType: "image/gif", extension: "gif", name: "a.gif" },
  {
    kind: "audio",
    format: "MP3 with ID3",
    bytes: AUDIO.mp3,
    contentType: "audio/mpeg",
    extension: "mp3",
    name: "a.mp3",
  },
  {
    kind: "audio",
    format: "MP3 without a tag",
    bytes: AUDIO.mp3Frame,
    contentType: "audio/mpeg",
    extension: "mp3",
    name: "a.mp3",
  },
  { kind: "audio", format: "Ogg", bytes: AUDIO.ogg, contentType: "audio/ogg", extension: "ogg", name: "a.ogg" },
  { kind: "audio", format: "WAV", bytes: AUDIO.wav, contentType: "audio/wav", extension: "wav", name: "a.wav" },
  { kind: "audio", format: "M4A", bytes: AUDIO.m4a, contentType: "audio/mp4", extension: "m4a", name: "a.m4a" },
] as const;

describe("POST /cms/upload/{kind}: each format", () => {
  it.each(FORMATS)(
    "stores $format sent as raw bytes (application/octet-stream) as $contentType under $kind",
    async ({ kind, bytes, contentType, extension }) => {
      const file = unique(bytes);
      await expectStored(await postRaw(kind, file, "application/octet-stream"), kind, file, contentType, extension);
    },
  );

  it.each(FORMATS)(
    "stores $format sent as the file field of a multipart form as $contentType under $kind",
    async ({ kind, bytes, contentType, extension, name }) => {
      const file = unique(bytes);
      await expectStored(await postForm(kind, formWith(file, name, contentType)), kind, file, contentType, extension);
    },
  );

  it("takes the form a plain HTML <form enctype=multipart/form-data> posts, other fields and all", async () => {
    const file = unique(AUDIO.mp3);
    const boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    const part = (headers: string, content: Uint8Array) =>
      concat(text(`--${boundary}\r\n${headers}\r\n\r\n`), content, text("\r\n"));
    const body = concat(
      part('Content-Disposition: form-data; name="title"', text("Episode 1")),
      part('Content-Disposition: form-data; name="file"; filename="episode 1.mp3"\r\nContent-Type: audio/mpeg', file),
      part('Content-Disposition: form-data; name="submit"', text("Upload")),
      text(`--${boundary}--\r\n`),
    );
    const res = await postRaw("audio", body, `multipart/form-data; boundary=${boundary}`);
    await expectStored(res, "audio", file, "audio/mpeg", "mp3");
  });

  it("takes the raw body with any Content-Type, or none: the bytes decide", async () => {
    for (const [kind, bytes, sentAs, contentType] of [
      ["audio", AUDIO.ogg, "audio/mpeg", "audio/ogg"],
      ["audio", AUDIO.wav, "image/png", "audio/wav"],
      ["audio", AUDIO.m4a, "audio/x-m4a", "audio/mp4"],
      ["image", IMAGES.jpeg, "image/png", "image/jpeg"],
      ["image", IMAGES.gif, "text/plain", "image/gif"],
      ["audio", AUDIO.mp3, undefined, "audio/mpeg"],
    ] as const) {
      const res = await postRaw(kind, unique(bytes), sentAs);
      expect(res.status, `${kind} sent as ${sentAs}`).toBe(201);
      expect(res.body.content_type).toBe(contentType);
    }
  });

  it("costs one D1 round trip (the caller's account) and writes one object", async () => {
    const before = await r2Keys();
    const res = await postRaw("audio", unique(AUDIO.wav), "audio/wav");
    expect(res.status).toBe(201);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries);
    expect(await r2Keys()).toEqual([...before, res.body.key].sort());
  });
});

describe("the same bytes twice", () => {
  it("are one object under one key: 201, then 200 with the same answer, whichever way they are sent", async () => {
    const file = unique(AUDIO.ogg);
    const before = await r2Keys();
    const first = await postRaw("audio", file, "audio/ogg");
    const again = await postRaw("audio", file, "application/octet-stream");
    const asForm = await postForm("audio", formWith(file, "same.ogg"));
    expect([first.status, again.status, asForm.status]).toEqual([201, 200, 200]);
    expect(again.body).toEqual(first.body);
    expect(asForm.body).toEqual(first.body);
    expect(asForm.headers.get("Location")).toBe(first.body.url);
    expect(await r2Keys()).toEqual([...before, first.body.key].sort());
  });

  it("keep the object as first stored (nothing is rewritten)", async () => {
    const file = unique(IMAGES.png);
    const first = await postRaw("image", file, "image/png");
    const uploaded = (await env.MEDIA.head(first.body.key))!.uploaded;
    expect((await postForm("image", formWith(file, "again.png"))).status).toBe(200);
    expect((await env.MEDIA.head(first.body.key))!.uploaded).toEqual(uploaded);
  });
});

// ---- the wrong kind -------------------------------------------------------------------------------------------------

describe("bytes of the wrong kind", () => {
  it.each([
    { sent: "a PNG", bytes: IMAGES.png, what: "PNG image" },
    { sent: "a JPEG", bytes: IMAGES.jpeg, what: "JPEG image" },
    { sent: "a WebP (a RIFF, but not WAVE)", bytes: IMAGES.webp, what: "WebP image" },
  ])("refuses $sent posted as audio with 415, saying what was expected and what it is", async ({ bytes, what }) => {
    for (const send of [
      () => postRaw("audio", unique(bytes), "audio/mpeg"),
      () => postForm("audio", formWith(unique(bytes), "song.mp3", "audio/mpeg")),
    ]) {
      const res = await expectNothingStored(send);
      const problem = expectProblem(res, 415, "unsupported_audio_type");
      expect(problem.detail).toContain("MP3, Ogg, WAV or M4A");
      expect(problem.detail).toContain(what);
    }
  });

  it.each([
    { sent: "an MP3", bytes: AUDIO.mp3, what: "MP3 audio" },
    { sent: "an MP3 without a tag", bytes: AUDIO.mp3Frame, what: "MP3 audio" },
    { sent: "a WAV (a RIFF, but not WebP)", bytes: AUDIO.wav, what: "WAV audio" },
    { sent: "an M4A", bytes: AUDIO.m4a, what: "M4A audio" },
  ])("refuses $sent posted as an image with 415, saying what was expected and what it is", async ({ bytes, what }) => {
    for (const send of [
      () => postRaw("image", unique(bytes), "image/png"),
      () => postForm("image", formWith(unique(bytes), "poster.png", "image/png")),
    ]) {
      const res = await expectNothingStored(send);
      const problem = expectProblem(res, 415, "unsupported_image_type");
      expect(problem.detail).toContain("JPEG, PNG, WebP or GIF");
      expect(problem.detail).toContain(what);
    }
  });

  it.each([
    { sent: "AAC in ADTS (MPEG sync bits, not Layer III)", bytes: NOT_AUDIO.adts },
    { sent: "an AVIF image (ISO BMFF, image brands)", bytes: NOT_AUDIO.avif },
    { sent: "an AVI video (RIFF, not WAVE)", bytes: NOT_AUDIO.avi },
    { sent: "text", bytes: text("ID3 is a tag format; OggS is a page") },
    { sent: "a truncated ID3 tag", bytes: text("ID3") },
  ])("refuses $sent as audio with 415, storing nothing", async ({ bytes }) => {
    const res = await expectNothingStored(() => postRaw("audio", unique(bytes), "audio/mpeg"));
    expectProblem(res, 415, "unsupported_audio_type");
  });
});

describe("detectAudioType", () => {
  const bytes = (...values: number[]) => new Uint8Array(values);
  const ftyp = (major: string, ...compatible: string[]) =>
    concat(
      bytes(0, 0, 0, 16 + 4 * compatible.length),
      text(`ftyp${major}`),
      bytes(0, 0, 0, 0),
      text(compatible.join("")),
    );

  it.each([
    { what: "an ID3v2.2 tag", sample: concat(text("ID3"), bytes(2, 0, 0, 0, 0, 0x10, 0x7f)), type: "audio/mpeg" },
    { what: "an MPEG-2 Layer III frame (24 kHz)", sample: bytes(0xff, 0xf3, 0x44, 0xc4), type: "audio/mpeg" },
    { what: "an MPEG-2.5 Layer III frame", sample: bytes(0xff, 0xe3, 0x18, 0xc4), type: "audio/mpeg" },
    { what: "a free-format Layer III frame", sample: bytes(0xff, 0xfb, 0x00, 0x64), type: "audio/mpeg" },
    { what: "an MP4 of major brand isom", sample: ftyp("isom", "iso2", "mp41"), type: "audio/mp4" },
    { what: "an MP4 of major brand mp42", sample: ftyp("mp42", "isom"), type: "audio/mp4" },
    { what: "an audiobook (M4B)", sample: ftyp("M4B ", "mp42"), type: "audio/mp4" },
    { what: "another major brand, M4A compatible", sample: ftyp("XYZ1", "M4A ", "mp42"), type: "audio/mp4" },
  ])("recognises $what as $type", ({ sample, type }) => {
    expect(detectAudioType(sample)?.contentType).toBe(type);
  });

  it.each([
    { what: "an ID3 tag of version 5", sample: concat(text("ID3"), bytes(5, 0, 0, 0, 0, 0, 0)) },
    { what: "an ID3 tag with a size byte over 0x7f", sample: concat(text("ID3"), bytes(4, 0, 0, 0, 0, 0x80, 0)) },
    { what: "a Layer III frame of the reserved version", sample: bytes(0xff, 0xeb, 0x90, 0x64) },
    { what: "a Layer III frame with the bad bitrate", sample: bytes(0xff, 0xfb, 0xf0, 0x64) },
    { what: "a Layer III frame with the reserved sample rate", sample: bytes(0xff, 0xfb, 0x9c, 0x64) },
    { what: "a Layer II frame (MP2)", sample: bytes(0xff, 0xfd, 0x90, 0x64) },
    { what: "a JPEG", sample: IMAGES.jpeg },
    { what: "a HEIC image", sample: ftyp("heic", "mif1", "heic") },
    { what: "a QuickTime movie", sample: ftyp("qt  ", "qt  ") },
    { what: "a box other than ftyp", sample: concat(bytes(0, 0, 0, 16), text("moovM4A "), bytes(0, 0, 0, 0)) },
    { what: "nothing", sample: new Uint8Array(0) },
  ])("does not take $what for audio", ({ sample }) => {
    expect(detectAudioType(sample)).toBeUndefined();
  });
});

// ---- size limits ----------------------------------------------------------------------------------------------------

describe("size limits", () => {
  it("takes audio over the image limit, up to exactly 32 MiB", async () => {
    const over10 = sized(AUDIO.mp3, MAX_IMAGE + 1);
    await expectStored(await postRaw("audio", over10, "audio/mpeg"), "audio", over10, "audio/mpeg", "mp3");
    const exactly32 = sized(AUDIO.wav, MAX_AUDIO);
    const res = await postRaw("audio", exactly32, "audio/wav");
    expect(res.status).toBe(201);
    expect(res.body.size).toBe(MAX_AUDIO);
  });

  it("refuses audio of 32 MiB + 1 byte with 413, with Content-Length or streamed, raw or in a form", async () => {
    const file = sized(AUDIO.ogg, MAX_AUDIO + 1);
    for (const send of [
      () => postRaw("audio", file, "audio/ogg"),
      async () =>
        readJson(await sendStream("POST", uploadPath("audio"), file, { Authorization: `Bearer ${editor.token}` })),
      () => postForm("audio", formWith(file, "long.ogg")),
    ]) {
      expectProblem(await expectNothingStored(send), 413, "payload_too_large");
    }
  });

  it("takes a file of exactly 10 MiB in a form as an image (the form's envelope does not count)", async () => {
    const file = sized(IMAGES.png, MAX_IMAGE);
    await expectStored(await postForm("image", formWith(file, "big.png")), "image", file, "image/png", "png");
  });

  it("refuses an image of 10 MiB + 1 byte with 413, raw or in a form, whatever its Content-Type says", async () => {
    const file = sized(IMAGES.gif, MAX_IMAGE + 1);
    for (const send of [
      () => postRaw("image", file, "image/gif"),
      () => postRaw("image", file, "audio/mpeg"),
      () => postForm("image", formWith(file, "big.gif")),
    ]) {
      expectProblem(await expectNothingStored(send), 413, "payload_too_large");
    }
  });

  it("keeps 1 MiB for multipart and audio bodies on every other route", async () => {
    const file = sized(AUDIO.mp3, 2 * MiB);
    const toTickets = await call("POST", "/tickets", { body: file, headers: { "Content-Type": "audio/mpeg" } });
    await expectProblem(toTickets, 413, "payload_too_large");
    const form = new Request(`${BASE}/cms/programs`, {
      method: "POST",
      headers: { Authorization: `Bearer ${editor.token}` },
      body: formWith(file, "a.mp3"),
    });
    await expectProblem(await exports.default.fetch(form), 413, "payload_too_large");
  });
});

// ---- bad requests and who may upload --------------------------------------------------------------------------------

describe("refusals", () => {
  it("refuses an empty body with 400 empty_body, and a form's empty file naming file", async () => {
    expectProblem(
      await expectNothingStored(() => postRaw("audio", new Uint8Array(0), "audio/mpeg")),
      400,
      "empty_body",
    );
    expectProblem(await postRaw("image", new Uint8Array(0)), 400, "empty_body");
    // What a browser sends for a form submitted without choosing a file: a part with no file name and no bytes.
    const res = await expectNothingStored(() => postForm("audio", formWith(new Uint8Array(0), "", "")));
    expectFieldProblem(res, 400, "empty_body", "file");
    const emptyFile = await expectNothingStored(() => postForm("image", formWith(new Uint8Array(0), "empty.png")));
    expectFieldProblem(emptyFile, 400, "empty_body", "file");
  });

  it("refuses a form without a file field, or with text in it, with 400 naming file", async () => {
    const elsewhere = formWith(unique(AUDIO.mp3), "a.mp3", "audio/mpeg", "upload");
    expectFieldProblem(await expectNothingStored(() => postForm("audio", elsewhere)), 400, "validation_failed", "file");

    const asText = new FormData();
    asText.append("file", "song.mp3");
    expectFieldProblem(await postForm("audio", asText), 400, "validation_failed", "file");

    const two = formWith(unique(IMAGES.png), "a.png");
    two.append("file", new File([unique(IMAGES.gif)], "b.gif"));
    expectFieldProblem(await expectNothingStored(() => postForm("image", two)), 400, "validation_failed", "file");
  });

  it("refuses a form sent without enctype (only the file's name) with 415 saying so", async () => {
    const res = await postRaw("audio", text("file=song.mp3"), "application/x-www-form-urlencoded");
    const problem = expectProblem(res, 415, "unsupported_media_type");
    expect(problem.detail).toContain("multipart/form-data");
  });

  it("refuses a multipart body it cannot read with 400", async () => {
    const res = await postRaw("audio", text("not a multipart body"), "multipart/form-data; boundary=xyz");
    expectProblem(res, 400, "malformed_multipart");
  });

  it("refuses a kind other than image or audio with 400 naming kind", async () => {
    const res = await expectNothingStored(() => postRaw("video", unique(AUDIO.mp3), "video/mp4"));
    expectFieldProblem(res, 400, "validation_failed", "kind");
  });

  it("answers 401 without a token and 403 to a viewer, storing nothing", async () => {
    for (const kind of ["image", "audio"] as const) {
      const bytes = unique(kind === "image" ? IMAGES.png : AUDIO.mp3);
      const anonymous = await expectNothingStored(() => postRaw(kind, bytes, undefined, { token: undefined }));
      expectProblem(anonymous, 401, "unauthorized");
      expectProblem(await expectNothingStored(() => postForm(kind, formWith(bytes), null)), 401, "unauthorized");
      const asViewer = await expectNothingStored(() => postRaw(kind, bytes, undefined, { token: viewer.token }));
      expectProblem(asViewer, 403, "forbidden");
      expectProblem(await expectNothingStored(() => postForm(kind, formWith(bytes), viewer.token)), 403, "forbidden");
    }
  });
});

// ---- serving audio back ---------------------------------------------------------------------------------------------

describe("GET /media/audio/…", () => {
  const file = sized(AUDIO.mp3, 4096);
  let url: string;
  let etag: string;

  beforeAll(async () => {
    url = (await postRaw("audio", file, "audio/mpeg")).body.url;
    etag = (await call("HEAD", url)).headers.get("ETag")!;
  });

  it("answers Range bytes=0-99 with 206 and those bytes, as audio/mpeg", async () => {
    const res = await call("GET", url, { headers: { Range: "bytes=0-99" } });
    expect(res.status).toBe(206);
    expect(res.headers.get("Content-Type")).toBe("audio/mpeg");
    expect(res.headers.get("Content-Range")).toBe(`bytes 0-99/${file.length}`);
    expect(res.headers.get("Content-Length")).toBe("100");
    expect(res.headers.get("Accept-Ranges")).toBe("bytes");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(file.slice(0, 100));
  });

  it("seeks as a player does: the rest from an offset, and the last bytes", async () => {
    const rest = await call("GET", url, { headers: { Range: "bytes=4000-" } });
    expect(rest.status).toBe(206);
    expect(new Uint8Array(await rest.arrayBuffer())).toEqual(file.slice(4000));
    const tail = await call("GET", url, { headers: { Range: "bytes=-128" } });
    expect(tail.headers.get("Content-Range")).toBe(`bytes ${file.length - 128}-${file.length - 1}/${file.length}`);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(file.slice(-128));
  });

  it("answers a range past the end with 416 and Content-Range bytes */size", async () => {
    const res = await call("GET", url, { headers: { Range: `bytes=${file.length}-` } });
    expect(res.headers.get("Content-Range")).toBe(`bytes */${file.length}`);
    await expectProblem(res, 416, "range_not_satisfiable");
  });

  it("answers HEAD with the type and size, and 304 to If-None-Match with the ETag", async () => {
    const head = await call("HEAD", url);
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Type")).toBe("audio/mpeg");
    expect(head.headers.get("Content-Length")).toBe(String(file.length));
    expect(head.headers.get("Cache-Control")).toBe(IMMUTABLE);
    expect(await head.text()).toBe("");

    const cached = await call("GET", url, { headers: { "If-None-Match": etag } });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");
  });

  it("refuses keys of the wrong shape for audio with 400 naming key", async () => {
    for (const path of [`/media/audio/${"a".repeat(64)}.png`, `/media/audio/${"a".repeat(64)}.flac`]) {
      const body = await expectProblem(await call("GET", path), 400, "validation_failed");
      expect(body.errors).toEqual([{ path: "key", message: expect.any(String) }]);
    }
  });
});

describe("URLs of uploads elsewhere", () => {
  it("keeps a poster an image: an uploaded audio URL is refused with 400 naming url", async () => {
    const audioUrl = (await postRaw("audio", unique(AUDIO.m4a))).body.url as string;
    const program = await createProgram();
    const path = `/cms/programs/${program.id}/posters/en/portrait`;
    const res = await callJson("PUT", path, { token: editor.token, body: { url: audioUrl } });
    expectFieldProblem(res, 400, "validation_failed", "url");
  });
});

// ---- the OpenAPI document -------------------------------------------------------------------------------------------

describe("OpenAPI", () => {
  it("documents the upload with both kinds, raw and multipart bodies, for editors", async () => {
    const doc = (await callJson("GET", "/openapi.json")).body;
    const post = doc.paths["/cms/upload/{kind}"]?.post;
    expect(post.tags).toEqual(["Media"]);
    expect(post["x-access"]).toBe("editor");
    expect(post.parameters).toEqual([
      expect.objectContaining({
        name: "kind",
        in: "path",
        schema: expect.objectContaining({ enum: ["image", "audio"] }),
      }),
    ]);
    expect(post.requestBody.required).toBe(true);
    expect(Object.keys(post.requestBody.content)).toEqual([
      "multipart/form-data",
      "application/octet-stream",
      "image/*",
      "audio/*",
    ]);
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(["200", "201", "400", "401", "403", "413", "415"]),
    );
    const key = doc.paths["/media/{key}"].get.parameters.find(
      (parameter: { name: string }) => parameter.name === "key",
    );
    expect(new RegExp(key.schema.pattern).test(`audio/${"0".repeat(64)}.m4a`)).toBe(true);
  });
});

describe("an uploaded audio file as a lesson's episode", () => {
  it("is an audio lesson's content URL, and an image or another site's http URL is not", async () => {
    const uploaded = await postRaw("audio", unique(AUDIO.mp3), "audio/mpeg");
    expect(uploaded.status).toBe(201);
    const program = await createProgram();
    const term = await createTerm(program.id);
    const lesson = (url: string) =>
      callJson("POST", `/cms/terms/${term.id}/lessons`, {
        token: editor.token,
        body: {
          title: `Episode ${crypto.randomUUID().slice(0, 8)}`,
          content_type: "audio",
          duration_ms: 60_000,
          content_language_primary: "en",
          content_urls_by_language: { en: url },
        },
      });

    const made = await lesson(uploaded.body.url);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.content_urls_by_language).toEqual({ en: uploaded.body.url });
    const served = await call("GET", uploaded.body.url, { headers: { Range: "bytes=0-2" } });
    expect(served.status).toBe(206);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(AUDIO.mp3.slice(0, 3));

    const image = await postRaw("image", unique(IMAGES.png), "image/png");
    expectFieldProblem(await lesson(image.body.url), 400, "validation_failed", "content_urls_by_language.en");
    expectFieldProblem(
      await lesson("http://cdn.example.com/a.mp3"),
      400,
      "validation_failed",
      "content_urls_by_language.en",
    );
  });
});
