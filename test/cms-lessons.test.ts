import { beforeAll, describe, expect, it } from "vitest";
import type { Lesson } from "../src/catalog/cms/lesson-models";
import { addThumbnails, createLesson, createProgram, createTerm, nextInstant } from "./catalog-fixtures";
import {
  articleLessonBody,
  catalogState,
  cmsSession,
  contentUrl,
  lessonRow,
  lessonsOfTerm,
  ok,
  postLesson,
  videoLessonBody,
  walk,
} from "./cms-helpers";
import {
  ACCOUNT_LOOKUP,
  base64Url,
  dbCost,
  expectFieldProblem,
  expectProblem,
  ISO_UTC,
  idsOf,
  MISSING_ID,
  type Query,
  uniqueWord,
} from "./helpers";

// Storage is shared by every test in this file; each test makes its own program and term, and list tests narrow the
// lessons to their own with `?q=<word>` or `?term_id=`.

const { editor, admin } = cmsSession();

const newTerm = async () => createTerm((await createProgram()).id);
const postLessonBody = (termId: string, body: unknown) => editor.post<Lesson>(`/cms/terms/${termId}/lessons`, body);

describe("POST /cms/terms/{id}/lessons", () => {
  it("adds a draft lesson with defaults: 201, Location, and the same lesson on GET", async () => {
    const term = await newTerm();
    const body = videoLessonBody();
    const res = await postLessonBody(term.id, body);
    const lesson = ok(res, 201);
    expect(lesson).toEqual({
      id: expect.any(String),
      term_id: term.id,
      lesson_number: 1,
      title: "Vowels",
      description: "",
      content_type: "video",
      duration_ms: 600_000,
      is_paid: false,
      content_language_primary: "te",
      content_languages_available: ["te"],
      content_urls_by_language: body.content_urls_by_language,
      subtitle_languages: [],
      subtitle_urls_by_language: {},
      status: "draft",
      publish_at: null,
      published_at: null,
      publish_error: null,
      has_pending_changes: false,
      created_at: expect.stringMatching(ISO_UTC),
      updated_at: lesson.created_at,
    });
    expect(res.headers.get("Location")).toBe(`/cms/lessons/${lesson.id}`);
    expect(ok(await editor.get(res.headers.get("Location")!))).toEqual(lesson);
  });

  it("stores every field sent: languages, subtitles, is_paid, description", async () => {
    const term = await newTerm();
    const fields = {
      description: "Short and long vowels.",
      is_paid: true,
      content_type: "audio",
      duration_ms: 90_000,
      content_languages_available: ["te", "en"],
      content_urls_by_language: { te: contentUrl("te"), en: contentUrl("en") },
      subtitle_languages: ["en", "hi"],
      subtitle_urls_by_language: { hi: "/media/subs-hi.vtt", en: "https://cdn.example.com/subs/en.vtt" },
    };
    const lesson = await postLesson(editor, term.id, fields);
    expect(lesson).toMatchObject(fields);
    expect(await lessonRow(lesson.id)).toMatchObject({
      isPaid: true,
      contentLanguagesAvailable: ["te", "en"],
      subtitleLanguages: ["en", "hi"],
      subtitleUrlsByLanguage: fields.subtitle_urls_by_language,
    });
  });

  it("accepts an article without a duration", async () => {
    const lesson = ok(await postLessonBody((await newTerm()).id, articleLessonBody()), 201);
    expect(lesson).toMatchObject({ content_type: "article", duration_ms: null });
  });

  it("numbers lessons 1, 2, 3 by default, and one after the highest after an explicit number", async () => {
    const term = await newTerm();
    const numbers = [];
    for (let i = 0; i < 3; i++) numbers.push((await postLesson(editor, term.id)).lesson_number);
    expect(numbers).toEqual([1, 2, 3]);
    expect((await postLesson(editor, term.id, { lesson_number: 8 })).lesson_number).toBe(8);
    expect((await postLesson(editor, term.id)).lesson_number).toBe(9);
    expect((await lessonsOfTerm(term.id)).map((l) => l.lessonNumber)).toEqual([1, 2, 3, 8, 9]);
  });

  it("refuses a number the term already has with 409 lesson_number_taken, and stores nothing", async () => {
    const term = await newTerm();
    await createLesson(term.id, 4);
    const before = await catalogState();
    const res = await postLessonBody(term.id, videoLessonBody({ lesson_number: 4 }));
    expectFieldProblem(res, 409, "lesson_number_taken", "lesson_number");
    expect(await catalogState()).toEqual(before);
  });

  it("allows a number another term has", async () => {
    const program = await createProgram();
    const [first, second] = [await createTerm(program.id, 1), await createTerm(program.id, 2)];
    await createLesson(first.id, 1);
    expect((await postLesson(editor, second.id, { lesson_number: 1 })).lesson_number).toBe(1);
  });

  // The rules the database also enforces (CHECKs and triggers): the API names the field at fault first.
  it.each([
    { rule: "a video without duration_ms", fields: { duration_ms: undefined }, paths: ["duration_ms"] },
    { rule: "a video with duration_ms null", fields: { duration_ms: null }, paths: ["duration_ms"] },
    {
      rule: "an audio lesson without duration_ms",
      fields: { content_type: "audio", duration_ms: undefined },
      paths: ["duration_ms"],
    },
    {
      rule: "a primary language not among the available ones",
      fields: { content_languages_available: ["en"], content_urls_by_language: { en: contentUrl("en") } },
      paths: ["content_languages_available", "content_urls_by_language"],
    },
    {
      rule: "no content URL for the primary language",
      fields: { content_languages_available: ["te", "en"], content_urls_by_language: { en: contentUrl("en") } },
      paths: ["content_urls_by_language"],
    },
    {
      rule: "no content URLs at all",
      fields: { content_urls_by_language: {} },
      paths: ["content_urls_by_language"],
    },
    {
      rule: "a content URL for a language that is not available",
      fields: { content_urls_by_language: { te: contentUrl("te"), fr: contentUrl("fr") } },
      paths: ["content_urls_by_language.fr"],
    },
    {
      rule: "a subtitle language without a URL",
      fields: { subtitle_languages: ["en", "hi"], subtitle_urls_by_language: { en: "/media/en.vtt" } },
      paths: ["subtitle_urls_by_language"],
    },
    {
      rule: "a subtitle URL without its language",
      fields: { subtitle_urls_by_language: { en: "/media/en.vtt" } },
      paths: ["subtitle_urls_by_language"],
    },
    {
      rule: "subtitle keys that do not match the languages",
      fields: { subtitle_languages: ["en"], subtitle_urls_by_language: { hi: "/media/hi.vtt" } },
      paths: ["subtitle_urls_by_language"],
    },
    {
      rule: "a subtitle language listed twice",
      fields: { subtitle_languages: ["en", "en"], subtitle_urls_by_language: { en: "/media/en.vtt" } },
      paths: ["subtitle_urls_by_language"],
    },
    {
      rule: "an available language listed twice",
      fields: { content_languages_available: ["te", "te"] },
      paths: ["content_languages_available"],
    },
  ])("refuses $rule with 422 constraint_violation naming the field, and stores nothing", async ({ fields, paths }) => {
    const term = await newTerm();
    const before = await catalogState();
    const res = await postLessonBody(term.id, videoLessonBody(fields));
    const problem = expectProblem(res, 422, "constraint_violation");
    expect(problem.errors!.map((e) => e.path).sort()).toEqual([...paths].sort());
    expect(await catalogState()).toEqual(before);
  });

  it("lists every broken rule at once", async () => {
    const term = await newTerm();
    const res = await postLessonBody(
      term.id,
      videoLessonBody({
        duration_ms: undefined,
        content_urls_by_language: { fr: contentUrl("fr") },
        subtitle_languages: ["en"],
      }),
    );
    const problem = expectProblem(res, 422, "constraint_violation");
    expect(problem.errors!.map((e) => e.path).sort()).toEqual([
      "content_urls_by_language",
      "content_urls_by_language.fr",
      "duration_ms",
      "subtitle_urls_by_language",
    ]);
  });

  it.each([
    { problem: "an unknown content_type", fields: { content_type: "podcast" }, path: "content_type" },
    { problem: "a zero duration", fields: { duration_ms: 0 }, path: "duration_ms" },
    { problem: "a fractional duration", fields: { duration_ms: 1.5 }, path: "duration_ms" },
    {
      problem: "an http content URL",
      fields: { content_urls_by_language: { te: "http://x.test/a" } },
      path: "content_urls_by_language.te",
    },
    {
      problem: "a content URL keyed by a bad language",
      fields: { content_urls_by_language: { te: contentUrl("te"), Telugu: contentUrl("x") } },
      path: "content_urls_by_language.Telugu",
    },
    { problem: "a bad primary language", fields: { content_language_primary: "TE" }, path: "content_language_primary" },
    { problem: "no title", fields: { title: undefined }, path: "title" },
    { problem: "lesson_number 0", fields: { lesson_number: 0 }, path: "lesson_number" },
    { problem: "a status (set only by actions)", fields: { status: "published" }, path: "status" },
    { problem: "a publish_at (set by schedule)", fields: { publish_at: "2030-01-01T00:00:00Z" }, path: "publish_at" },
    { problem: "is_paid as a string", fields: { is_paid: "yes" }, path: "is_paid" },
  ])("refuses $problem with 400 naming the field, and stores nothing", async ({ fields, path }) => {
    const term = await newTerm();
    const before = await catalogState();
    expectFieldProblem(await postLessonBody(term.id, videoLessonBody(fields)), 400, "validation_failed", path);
    expect(await catalogState()).toEqual(before);
  });

  it.each([undefined, 2])("answers 404 for a term that does not exist (lesson_number %s)", async (lessonNumber) => {
    const before = await catalogState();
    const res = await postLessonBody(MISSING_ID, videoLessonBody({ lesson_number: lessonNumber }));
    expectProblem(res, 404, "not_found");
    expect(await catalogState()).toEqual(before);
  });

  it("never gives two lessons added at the same time one number (each is a 201 with its own, or a 409)", async () => {
    const term = await newTerm();
    const results = await Promise.all([1, 2, 3].map(() => postLessonBody(term.id, videoLessonBody())));
    for (const res of results) {
      if (res.status === 409) expectProblem(res, 409, "lesson_number_taken");
      else expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const given = results.filter((r) => r.status === 201).map((r) => r.body.lesson_number);
    expect(new Set(given).size).toBe(given.length);
    expect((await lessonsOfTerm(term.id)).map((l) => l.lessonNumber)).toEqual([...given].sort((x, y) => x - y));
  });
});

describe("GET /cms/lessons/{id}", () => {
  it("answers 404 not_found for a lesson that does not exist", async () => {
    expectProblem(await editor.get(`/cms/lessons/${MISSING_ID}`), 404, "not_found");
  });
});

describe("PATCH /cms/lessons/{id}", () => {
  it("changes only the fields sent, keeping the rest as stored", async () => {
    const lesson = await postLesson(editor, (await newTerm()).id, { description: "Kept" });
    const res = ok(await editor.patch<Lesson>(`/cms/lessons/${lesson.id}`, { title: "Consonants", is_paid: true }));
    expect(res).toEqual({ ...lesson, title: "Consonants", is_paid: true, updated_at: expect.stringMatching(ISO_UTC) });
    expect(res.updated_at >= lesson.updated_at).toBe(true);
    expect(ok(await editor.get(`/cms/lessons/${lesson.id}`))).toEqual(res);
  });

  it("checks the rules on the lesson as it would be: article to video needs a duration", async () => {
    const lesson = ok(await postLessonBody((await newTerm()).id, articleLessonBody()), 201);
    const before = await catalogState();
    const refused = await editor.patch(`/cms/lessons/${lesson.id}`, { content_type: "video", title: "Now a video" });
    expectFieldProblem(refused, 422, "constraint_violation", "duration_ms");
    expect(await catalogState()).toEqual(before);

    const res = ok(
      await editor.patch<Lesson>(`/cms/lessons/${lesson.id}`, { content_type: "video", duration_ms: 5000 }),
    );
    expect(res).toMatchObject({ content_type: "video", duration_ms: 5000 });
  });

  it.each([
    { change: "clearing a video's duration", body: { duration_ms: null }, path: "duration_ms" },
    {
      change: "a primary language not available",
      body: { content_language_primary: "hi" },
      path: "content_languages_available",
    },
    {
      change: "content URLs without the primary's",
      body: { content_urls_by_language: { en: contentUrl("en") } },
      path: "content_urls_by_language",
    },
    {
      change: "available languages that drop one with a URL",
      body: { content_languages_available: ["te"] },
      path: "content_urls_by_language.en",
    },
    {
      change: "subtitle languages without URLs",
      body: { subtitle_languages: ["hi"] },
      path: "subtitle_urls_by_language",
    },
    {
      change: "subtitle URLs for other languages",
      body: { subtitle_urls_by_language: { hi: "/media/hi.vtt" } },
      path: "subtitle_urls_by_language",
    },
  ])("refuses $change with 422 naming the field, and changes nothing", async ({ body, path }) => {
    const lesson = await postLesson(editor, (await newTerm()).id, {
      content_languages_available: ["te", "en"],
      content_urls_by_language: { te: contentUrl("te"), en: contentUrl("en") },
      subtitle_languages: ["en"],
      subtitle_urls_by_language: { en: "/media/en.vtt" },
    });
    const before = await catalogState();
    expectFieldProblem(await editor.patch(`/cms/lessons/${lesson.id}`, body), 422, "constraint_violation", path);
    expect(await catalogState()).toEqual(before);
  });

  it("accepts a change of several fields that keeps the rules together", async () => {
    const lesson = await postLesson(editor, (await newTerm()).id);
    const body = {
      content_language_primary: "en",
      content_languages_available: ["en"],
      content_urls_by_language: { en: contentUrl("en") },
      subtitle_languages: ["te"],
      subtitle_urls_by_language: { te: "/media/te.vtt" },
    };
    expect(ok(await editor.patch<Lesson>(`/cms/lessons/${lesson.id}`, body))).toMatchObject(body);
    expect(await lessonRow(lesson.id)).toMatchObject({ contentLanguagePrimary: "en", subtitleLanguages: ["te"] });
  });

  it("renumbers a lesson, and refuses a number the term has with 409 lesson_number_taken", async () => {
    const term = await newTerm();
    const [first] = [await postLesson(editor, term.id), await postLesson(editor, term.id)];
    expect(ok(await editor.patch<Lesson>(`/cms/lessons/${first!.id}`, { lesson_number: 7 })).lesson_number).toBe(7);

    const before = await catalogState();
    const res = await editor.patch(`/cms/lessons/${first!.id}`, { title: "Clash", lesson_number: 2 });
    expectFieldProblem(res, 409, "lesson_number_taken", "lesson_number");
    expect(await catalogState()).toEqual(before);
  });

  it.each([
    { problem: "a status (only the actions change it)", body: { status: "published" }, path: "status" },
    { problem: "a published_at", body: { published_at: "2026-01-01T00:00:00.000Z" }, path: "published_at" },
    { problem: "a term_id (lessons do not move)", body: { term_id: MISSING_ID }, path: "term_id" },
    { problem: "an empty body", body: {}, path: "(body)" },
    { problem: "a blank title", body: { title: "" }, path: "title" },
    { problem: "an unknown content_type", body: { content_type: "game" }, path: "content_type" },
  ])("refuses $problem with 400, and changes nothing", async ({ body, path }) => {
    const lesson = await postLesson(editor, (await newTerm()).id);
    const before = await catalogState();
    expectFieldProblem(await editor.patch(`/cms/lessons/${lesson.id}`, body), 400, "validation_failed", path);
    expect(await catalogState()).toEqual(before);
  });

  it("answers 404 for a lesson that does not exist", async () => {
    expectProblem(await editor.patch(`/cms/lessons/${MISSING_ID}`, { title: "Ghost" }), 404, "not_found");
  });

  it("keeps both of two edits to different fields made at the same time", async () => {
    const lesson = await postLesson(editor, (await newTerm()).id);
    for (let round = 0; round < 5; round++) {
      const [title, description] = [`Title ${round}`, `Description ${round}`];
      const results = await Promise.all([
        editor.patch(`/cms/lessons/${lesson.id}`, { title }),
        editor.patch(`/cms/lessons/${lesson.id}`, { description }),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(await lessonRow(lesson.id)).toMatchObject({ title, description });
    }
  });

  it("refuses the second of two edits that are each fine but break a rule together, never with a 500", async () => {
    for (let round = 0; round < 5; round++) {
      const lesson = ok(await postLessonBody((await newTerm()).id, articleLessonBody()), 201);
      const results = await Promise.all([
        editor.patch(`/cms/lessons/${lesson.id}`, { content_type: "video", duration_ms: 5000 }),
        editor.patch(`/cms/lessons/${lesson.id}`, { duration_ms: null }),
      ]);
      for (const res of results) {
        if (res.status === 422) expectProblem(res, 422, "constraint_violation");
        else expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
      const stored = (await lessonRow(lesson.id))!;
      expect(stored.contentType === "article" || stored.durationMs !== null).toBe(true);
    }
  });
});

describe("DELETE /cms/lessons/{id}", () => {
  it("deletes the lesson and its assets; the term's other lessons stay", async () => {
    const term = await newTerm();
    const [gone, kept] = [await createLesson(term.id, 1), await createLesson(term.id, 2)];
    await addThumbnails(gone.id);

    const res = await admin.delete(`/cms/lessons/${gone.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    expect(await lessonRow(gone.id)).toBeUndefined();
    expect((await catalogState()).lessonAssets.filter((a) => a.lessonId === gone.id)).toEqual([]);
    expect(idsOf(await lessonsOfTerm(term.id))).toEqual([kept.id]);
    expectProblem(await admin.get(`/cms/lessons/${gone.id}`), 404, "not_found");
    expectProblem(await admin.delete(`/cms/lessons/${gone.id}`), 404, "not_found");
  });
});

describe("GET /cms/lessons", () => {
  describe("filters", () => {
    const word = uniqueWord();
    const made: Record<string, Awaited<ReturnType<typeof createLesson>>> = {};
    let programId: string;
    let otherProgramId: string;
    let termA: string;
    let termB: string;

    beforeAll(async () => {
      const program = await createProgram();
      const other = await createProgram();
      [programId, otherProgramId] = [program.id, other.id];
      termA = (await createTerm(program.id, 1)).id;
      termB = (await createTerm(program.id, 2)).id;
      const otherTerm = (await createTerm(other.id, 1)).id;
      const title = (name: string) => `${name} ${word}`;
      made.draftA = await createLesson(termA, 1, { title: title("draft A") });
      made.publishedA = await createLesson(termA, 2, {
        title: title("published A"),
        status: "published",
        publishedAt: nextInstant(),
      });
      made.scheduledB = await createLesson(termB, 1, {
        title: title("scheduled B"),
        status: "scheduled",
        publishAt: "2030-01-01T00:00:00.000Z",
        publishError: "missing thumbnails: portrait (te), landscape (te)",
        contentLanguagePrimary: "te",
      });
      made.archivedB = await createLesson(termB, 2, {
        title: "Archived B",
        description: `About ${word}, archived`,
        status: "archived",
      });
      made.other = await createLesson(otherTerm, 1, { title: title("other program"), contentLanguagePrimary: "te" });
    });

    const listed = async (query: Query) =>
      idsOf(ok(await editor.get<{ data: Lesson[] }>("/cms/lessons", { q: word, ...query })).data);
    const ids = (...keys: string[]) => keys.map((key) => made[key]!.id);

    it("lists every lesson matching ?q (title or description), most recently changed first, in full", async () => {
      const res = ok(await editor.get<{ data: Lesson[]; next_cursor: string | null }>("/cms/lessons", { q: word }));
      expect(idsOf(res.data)).toEqual(ids("other", "archivedB", "scheduledB", "publishedA", "draftA"));
      expect(res.next_cursor).toBeNull();
      const stored = made.scheduledB!;
      expect(res.data[2]).toEqual({
        id: stored.id,
        term_id: termB,
        lesson_number: 1,
        title: stored.title,
        description: "",
        content_type: "video",
        duration_ms: 60_000,
        is_paid: false,
        content_language_primary: "te",
        content_languages_available: ["te"],
        content_urls_by_language: stored.contentUrlsByLanguage,
        subtitle_languages: [],
        subtitle_urls_by_language: {},
        status: "scheduled",
        publish_at: "2030-01-01T00:00:00.000Z",
        published_at: null,
        publish_error: "missing thumbnails: portrait (te), landscape (te)",
        has_pending_changes: false,
        created_at: stored.createdAt,
        updated_at: stored.updatedAt,
      });
    });

    it.each([
      { query: { status: "draft" }, expected: ["other", "draftA"] },
      { query: { status: "scheduled" }, expected: ["scheduledB"] },
      { query: { status: "published" }, expected: ["publishedA"] },
      { query: { status: "archived" }, expected: ["archivedB"] },
      { query: { language: "te" }, expected: ["other", "scheduledB"] },
      { query: { language: "en", status: "draft" }, expected: ["draftA"] },
      { query: { has_publish_error: "true" }, expected: ["scheduledB"] },
      { query: { has_publish_error: "false" }, expected: ["other", "archivedB", "publishedA", "draftA"] },
    ] as { query: Query; expected: string[] }[])("filters by $query", async ({ query, expected }) => {
      expect(await listed(query)).toEqual(ids(...expected));
    });

    it("filters by ?term_id and by ?program_id, alone and together with other filters", async () => {
      expect(await listed({ term_id: termA })).toEqual(ids("publishedA", "draftA"));
      expect(await listed({ term_id: termB, status: "archived" })).toEqual(ids("archivedB"));
      expect(await listed({ program_id: programId })).toEqual(ids("archivedB", "scheduledB", "publishedA", "draftA"));
      expect(await listed({ program_id: otherProgramId })).toEqual(ids("other"));
      expect(await listed({ program_id: programId, language: "te" })).toEqual(ids("scheduledB"));
      expect(await listed({ program_id: otherProgramId, term_id: termA })).toEqual([]);
      expect(await listed({ term_id: MISSING_ID })).toEqual([]);
    });

    it("lists without ?q too (every filter works on its own)", async () => {
      const res = ok(await editor.get<{ data: Lesson[] }>("/cms/lessons", { term_id: termB }));
      expect(idsOf(res.data)).toEqual(ids("archivedB", "scheduledB"));
    });

    it.each([
      { query: { status: "live" }, path: "status" },
      { query: { has_publish_error: "yes" }, path: "has_publish_error" },
      { query: { language: "Telugu" }, path: "language" },
      { query: { limit: 101 }, path: "limit" },
    ] as { query: Query; path: string }[])("refuses $query with 400 naming the parameter", async ({ query, path }) => {
      expectFieldProblem(await editor.get("/cms/lessons", query), 400, "validation_failed", path);
    });
  });

  describe("pagination", () => {
    let termId: string;
    let expected: string[];
    let issued: string;

    beforeAll(async () => {
      termId = (await newTerm()).id;
      const rows = [];
      for (let n = 1; n <= 4; n++) rows.push(await createLesson(termId, n));
      const sameInstant = nextInstant();
      for (let n = 5; n <= 7; n++) {
        rows.push(await createLesson(termId, n, { createdAt: sameInstant, updatedAt: sameInstant }));
      }
      const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
      expected = rows.sort((a, b) => desc(a.updatedAt, b.updatedAt) || desc(a.id, b.id)).map((r) => r.id);
      issued = ok(await editor.get("/cms/lessons", { term_id: termId, limit: 3 })).next_cursor!;
    });

    it("walks every lesson exactly once, in order, ending with next_cursor null", async () => {
      const { items, pages } = await walk<Lesson>(editor, "/cms/lessons", { term_id: termId, limit: 3 });
      expect(pages).toEqual([3, 3, 1]);
      expect(idsOf(items)).toEqual(expected);
    });

    it("walks one lesson per page too", async () => {
      const { items } = await walk<Lesson>(editor, "/cms/lessons", { term_id: termId, limit: 1 });
      expect(idsOf(items)).toEqual(expected);
    });

    it.each([
      { kind: "garbage", cursor: () => "~~~" },
      { kind: "a truncated cursor", cursor: () => issued.slice(0, 9) },
      { kind: "a cursor with a character changed", cursor: () => `${issued.slice(0, -3)}*${issued.slice(-2)}` },
      { kind: "a term-number cursor", cursor: () => base64Url("[2]") },
    ])("refuses $kind with 400 invalid_cursor", async ({ cursor }) => {
      const res = await editor.get("/cms/lessons", { term_id: termId, cursor: cursor() });
      expectFieldProblem(res, 400, "invalid_cursor", "cursor");
    });
  });
});

describe("query budgets (D1 round trips from Server-Timing)", () => {
  const own = (n: number) => ACCOUNT_LOOKUP.queries + n;

  it.each([2, 30])("GET /cms/lessons costs 1 of its own for a page of %i lessons, with every filter", async (count) => {
    const program = await createProgram();
    const term = await createTerm(program.id);
    const word = uniqueWord();
    for (let n = 1; n <= count; n++) await createLesson(term.id, n, { title: `Budget ${word}` });
    const query = { q: word, program_id: program.id, term_id: term.id, status: "draft", language: "en" };
    const res = await editor.get("/cms/lessons", { ...query, has_publish_error: "false", limit: count });
    expect(ok(res).data).toHaveLength(count);
    expect(dbCost(res).queries).toBe(own(1));
  });

  it("POST costs 1 of its own, GET 1, PATCH 2, DELETE 1", async () => {
    const term = await newTerm();
    const created = await postLessonBody(term.id, videoLessonBody());
    const id = ok(created, 201).id;
    const read = await editor.get(`/cms/lessons/${id}`);
    const edited = await editor.patch(`/cms/lessons/${id}`, { title: "Budget", lesson_number: 4 });
    const deleted = await admin.delete(`/cms/lessons/${id}`);
    const replies = [created, read, edited, deleted];
    expect(replies.map((r) => r.status)).toEqual([201, 200, 200, 204]);
    expect(replies.map((r) => dbCost(r).queries)).toEqual([1, 1, 2, 1].map(own));
  });

  it("a refused lesson costs no round trip of its own", async () => {
    const res = await postLessonBody((await newTerm()).id, videoLessonBody({ duration_ms: undefined }));
    expectProblem(res, 422, "constraint_violation");
    expect(dbCost(res).queries).toBe(own(0));
  });
});
