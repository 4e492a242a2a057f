import { beforeAll, describe, expect, it } from "vitest";
import type { Program } from "../src/catalog/cms/program-models";
import {
  addPoster,
  addPosters,
  addThumbnails,
  createLesson,
  createProgram,
  createTerm,
  createTopic,
  nextInstant,
  tagProgram,
} from "./catalog-fixtures";
import {
  catalogState,
  cmsSession,
  expectInvalidTransition,
  ok,
  postProgram,
  programRow,
  topicIdsOf,
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

// Storage is shared by every test in this file: list tests narrow the programs to their own with `?q=<word>`.

const { editor, admin } = cmsSession();

const listPrograms = (query: Query) =>
  editor.get<{ data: (Program & { posters: Record<string, Record<string, string>> })[]; next_cursor: string | null }>(
    "/cms/programs",
    query,
  );

/** Programs in the order the CMS lists them: most recently changed first, then by id, descending. */
function newestFirst<T extends { updatedAt: string; id: string }>(rows: T[]): T[] {
  const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
  return [...rows].sort((a, b) => desc(a.updatedAt, b.updatedAt) || desc(a.id, b.id));
}

describe("POST /cms/programs", () => {
  it("creates a draft program: 201, Location, defaults, and the same program on GET", async () => {
    const res = await editor.post<Program>("/cms/programs", { title: "  Telugu basics ", language_primary: "te" });
    const program = ok(res, 201);
    expect(program).toEqual({
      id: expect.any(String),
      title: "Telugu basics",
      description: "",
      language_primary: "te",
      languages_available: ["te"],
      status: "draft",
      published_at: null,
      topics: [],
      has_pending_changes: false,
      created_at: expect.stringMatching(ISO_UTC),
      updated_at: program.created_at,
    });
    expect(res.headers.get("Location")).toBe(`/cms/programs/${program.id}`);

    const stored = ok(await editor.get(res.headers.get("Location")!));
    expect(stored).toEqual({ ...program, terms: [], posters: {} });
  });

  it("stores languages_available and the topics named by topic_ids (listed by name, regardless of case)", async () => {
    const zebra = await createTopic(`Zebra ${uniqueWord()}`);
    const banana = await createTopic(`banana ${uniqueWord()}`);
    const apple = await createTopic(`Apple ${uniqueWord()}`);
    const program = await postProgram(editor, {
      description: "Learn to read and speak.",
      languages_available: ["en", "te"],
      topic_ids: [zebra.id, banana.id, apple.id, zebra.id],
    });
    expect(program).toMatchObject({
      description: "Learn to read and speak.",
      languages_available: ["en", "te"],
      topics: [
        { id: apple.id, name: apple.name },
        { id: banana.id, name: banana.name },
        { id: zebra.id, name: zebra.name },
      ],
    });
    expect(await topicIdsOf(program.id)).toEqual([apple.id, banana.id, zebra.id].sort());
    expect(ok(await editor.get(`/cms/programs/${program.id}`)).topics).toEqual(program.topics);
  });

  it("refuses unknown topic ids with 422 unknown_topic naming each one's position, and stores nothing", async () => {
    const word = uniqueWord();
    const topic = await createTopic();
    const before = await catalogState();
    const res = await editor.post("/cms/programs", {
      title: `Rejected ${word}`,
      language_primary: "te",
      topic_ids: [topic.id, MISSING_ID, "no-such-topic"],
    });
    const problem = expectProblem(res, 422, "unknown_topic");
    expect(problem.errors).toEqual([
      { path: "topic_ids.1", message: expect.stringContaining(MISSING_ID) },
      { path: "topic_ids.2", message: expect.stringContaining("no-such-topic") },
    ]);
    expect(await catalogState()).toEqual(before);
  });

  it.each([
    {
      problem: "languages_available without the primary",
      fields: { languages_available: ["en"] },
      path: "languages_available",
    },
    {
      problem: "a language listed twice",
      fields: { languages_available: ["te", "en", "te"] },
      path: "languages_available",
    },
    { problem: "an empty languages_available", fields: { languages_available: [] }, path: "languages_available" },
    { problem: "a language that is not a code", fields: { language_primary: "Telugu" }, path: "language_primary" },
    { problem: "no language_primary", fields: { language_primary: undefined }, path: "language_primary" },
    { problem: "a blank title", fields: { title: "   " }, path: "title" },
    { problem: "a 201-character title", fields: { title: "t".repeat(201) }, path: "title" },
    { problem: "a status (set only by actions)", fields: { status: "published" }, path: "status" },
    { problem: "a published_at", fields: { published_at: "2026-01-01T00:00:00.000Z" }, path: "published_at" },
    { problem: "topic_ids that is not a list", fields: { topic_ids: "music" }, path: "topic_ids" },
  ])("refuses $problem with 400 naming the field, and stores nothing", async ({ fields, path }) => {
    const before = await catalogState();
    const res = await editor.post("/cms/programs", { title: "Rejected", language_primary: "te", ...fields });
    expectFieldProblem(res, 400, "validation_failed", path);
    expect(await catalogState()).toEqual(before);
  });
});

describe("GET /cms/programs", () => {
  describe("filters", () => {
    const word = uniqueWord();
    const made: Record<string, Awaited<ReturnType<typeof createProgram>>> = {};
    let music: string;
    let history: string;

    beforeAll(async () => {
      music = (await createTopic(`Music ${word}`)).id;
      history = (await createTopic(`History ${word}`)).id;
      const published = { status: "published", publishedAt: nextInstant() } as const;
      made.draftTe = await createProgram({ title: `Draft te ${word}`, languagePrimary: "te" });
      made.draftEn = await createProgram({ title: `Draft en ${word}` });
      made.publishedTe = await createProgram({ title: `Published te ${word}`, languagePrimary: "te", ...published });
      made.archivedEn = await createProgram({ description: `Archived, about ${word}`, status: "archived" });
      await tagProgram(made.draftTe.id, music, history);
      await tagProgram(made.publishedTe.id, music);
      await tagProgram(made.archivedEn.id, history);
    });

    const listed = async (query: Query) => idsOf(ok(await listPrograms({ q: word, ...query })).data);
    const ids = (...keys: string[]) => keys.map((key) => made[key]!.id);

    it("lists every program matching ?q, most recently changed first, with its topics", async () => {
      const res = ok(await listPrograms({ q: word }));
      expect(idsOf(res.data)).toEqual(ids("archivedEn", "publishedTe", "draftEn", "draftTe"));
      expect(res.next_cursor).toBeNull();
      const draftTe = res.data.find((p) => p.id === made.draftTe!.id)!;
      expect(draftTe).toEqual({
        id: made.draftTe!.id,
        title: made.draftTe!.title,
        description: made.draftTe!.description,
        language_primary: "te",
        languages_available: ["te"],
        status: "draft",
        published_at: null,
        topics: [
          { id: history, name: `History ${word}` },
          { id: music, name: `Music ${word}` },
        ],
        has_pending_changes: false,
        created_at: made.draftTe!.createdAt,
        updated_at: made.draftTe!.updatedAt,
        posters: {},
      });
    });

    it("lists each program's posters by language and variant, for previews", async () => {
      await addPosters(made.draftEn!.id, "en", ["portrait", "square"]);
      const res = ok(await listPrograms({ q: word, status: "draft", language: "en" }));
      const { posters } = res.data.find((p) => p.id === made.draftEn!.id)!;
      expect(posters).toEqual({ en: { portrait: expect.any(String), square: expect.any(String) } });
      const detail = ok(await editor.get(`/cms/programs/${made.draftEn!.id}`));
      expect(posters).toEqual(detail.posters);
    });

    it.each([
      { query: { status: "draft" }, expected: ["draftEn", "draftTe"] },
      { query: { status: "published" }, expected: ["publishedTe"] },
      { query: { status: "archived" }, expected: ["archivedEn"] },
      { query: { language: "te" }, expected: ["publishedTe", "draftTe"] },
      { query: { language: "en", status: "draft" }, expected: ["draftEn"] },
      { query: { language: "fr" }, expected: [] },
    ] as { query: Query; expected: string[] }[])("filters by $query", async ({ query, expected }) => {
      expect(await listed(query)).toEqual(ids(...expected));
    });

    it("filters by ?topic (a topic id), alone and with ?status", async () => {
      expect(await listed({ topic: music })).toEqual(ids("publishedTe", "draftTe"));
      expect(await listed({ topic: history })).toEqual(ids("archivedEn", "draftTe"));
      expect(await listed({ topic: history, status: "draft" })).toEqual(ids("draftTe"));
      expect(await listed({ topic: MISSING_ID })).toEqual([]);
    });

    it("matches ?q in the title or the description, case-insensitively", async () => {
      expect(idsOf(ok(await listPrograms({ q: `ARCHIVED, ABOUT ${word.toUpperCase()}` })).data)).toEqual(
        ids("archivedEn"),
      );
      expect(idsOf(ok(await listPrograms({ q: `published TE ${word}` })).data)).toEqual(ids("publishedTe"));
    });

    it.each([
      { query: { status: "live" }, path: "status" },
      { query: { language: "English" }, path: "language" },
      { query: { limit: 0 }, path: "limit" },
      { query: { limit: 101 }, path: "limit" },
    ] as { query: Query; path: string }[])("refuses $query with 400 naming the parameter", async ({ query, path }) => {
      expectFieldProblem(await listPrograms(query), 400, "validation_failed", path);
    });
  });

  describe("pagination", () => {
    const word = uniqueWord();
    let expected: string[];
    let issued: string;

    beforeAll(async () => {
      const rows = [];
      for (let i = 0; i < 5; i++) rows.push(await createProgram({ title: `Paged ${i} ${word}` }));
      // Three changed in the same instant: the id decides between them.
      const sameInstant = nextInstant();
      for (let i = 0; i < 3; i++) {
        rows.push(await createProgram({ title: `Tied ${i} ${word}`, createdAt: sameInstant, updatedAt: sameInstant }));
      }
      expected = idsOf(newestFirst(rows));
      issued = ok(await listPrograms({ q: word, limit: 2 })).next_cursor!;
    });

    it("walks every program exactly once, in order, ending with next_cursor null", async () => {
      const { items, pages } = await walk<Program>(editor, "/cms/programs", { q: word, limit: 3 });
      expect(pages).toEqual([3, 3, 2]);
      expect(idsOf(items)).toEqual(expected);
    });

    it("walks one program per page too", async () => {
      const { items } = await walk<Program>(editor, "/cms/programs", { q: word, limit: 1 });
      expect(idsOf(items)).toEqual(expected);
    });

    it("gives no next_cursor when the programs exactly fill one page", async () => {
      const res = ok(await listPrograms({ q: word, limit: 8 }));
      expect(idsOf(res.data)).toEqual(expected);
      expect(res.next_cursor).toBeNull();
    });

    it("continues from an issued cursor", async () => {
      const res = ok(await listPrograms({ q: word, limit: 2, cursor: issued }));
      expect(idsOf(res.data)).toEqual(expected.slice(2, 4));
    });

    it.each([
      { kind: "garbage", cursor: () => "not-a-cursor!" },
      { kind: "a truncated cursor", cursor: () => issued.slice(0, 10) },
      { kind: "a cursor with a character changed", cursor: () => `${issued.slice(0, -3)}*${issued.slice(-2)}` },
      { kind: "a term-number cursor", cursor: () => base64Url("[3]") },
      { kind: "a position that is not a time", cursor: () => base64Url('["yesterday","abc"]') },
    ])("refuses $kind with 400 invalid_cursor", async ({ cursor }) => {
      expectFieldProblem(await listPrograms({ q: word, cursor: cursor() }), 400, "invalid_cursor", "cursor");
    });
  });
});

describe("GET /cms/programs/{id}", () => {
  it("shows topics, terms in order with their lessons in order, and posters by language and variant", async () => {
    const word = uniqueWord();
    const beta = await createTopic(`Beta ${word}`);
    const alpha = await createTopic(`Alpha ${word}`);
    const program = await createProgram({ languagePrimary: "te", languagesAvailable: ["te", "en"] });
    await tagProgram(program.id, beta.id, alpha.id);
    const term2 = await createTerm(program.id, 2, "Second term");
    const term1 = await createTerm(program.id, 1, "First term");
    const publishedAt = nextInstant();
    const t1l2 = await createLesson(term1.id, 2);
    const t1l1 = await createLesson(term1.id, 1, { status: "published", publishedAt });
    const publishAt = "2030-01-01T09:00:00.000Z";
    const t2l1 = await createLesson(term2.id, 1, {
      status: "scheduled",
      publishAt,
      publishError: "missing thumbnails: portrait (en)",
    });
    await addPoster(program.id, "te", "portrait");
    await addPoster(program.id, "te", "landscape");
    await addPoster(program.id, "en", "portrait");
    // Another program's term and lesson stay out of it.
    const other = await createProgram();
    await createLesson((await createTerm(other.id, 1)).id, 1);

    const detail = ok(await editor.get(`/cms/programs/${program.id}`));
    const summary = (lesson: typeof t1l1) => ({
      id: lesson.id,
      lesson_number: lesson.lessonNumber,
      title: lesson.title,
      status: lesson.status,
      publish_at: lesson.publishAt,
      published_at: lesson.publishedAt,
      publish_error: lesson.publishError,
    });
    const term = (row: typeof term1, lessons: (typeof t1l1)[]) => ({
      id: row.id,
      term_number: row.termNumber,
      title: row.title,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      lessons: lessons.map(summary),
    });
    const posterUrl = (language: string, variant: string) =>
      `https://cdn.example.com/posters/${program.id}/${language}/${variant}.jpg`;
    expect(detail).toEqual({
      id: program.id,
      title: program.title,
      description: program.description,
      language_primary: "te",
      languages_available: ["te", "en"],
      status: "draft",
      published_at: null,
      topics: [
        { id: alpha.id, name: alpha.name },
        { id: beta.id, name: beta.name },
      ],
      has_pending_changes: false,
      created_at: program.createdAt,
      updated_at: program.updatedAt,
      terms: [term(term1, [t1l1, t1l2]), term(term2, [t2l1])],
      posters: {
        te: { portrait: posterUrl("te", "portrait"), landscape: posterUrl("te", "landscape") },
        en: { portrait: posterUrl("en", "portrait") },
      },
    });
  });

  it("answers 404 not_found for a program that does not exist", async () => {
    expectProblem(await editor.get(`/cms/programs/${MISSING_ID}`), 404, "not_found");
  });
});

describe("PATCH /cms/programs/{id}", () => {
  it("changes only the fields sent, and moves updated_at", async () => {
    const program = await postProgram(editor, { description: "Before", languages_available: ["te", "en"] });
    const res = ok(await editor.patch<Program>(`/cms/programs/${program.id}`, { title: "After" }));
    expect(res).toEqual({ ...program, title: "After", updated_at: expect.stringMatching(ISO_UTC) });
    expect(res.updated_at >= program.updated_at).toBe(true);
    expect(ok(await editor.get(`/cms/programs/${program.id}`))).toMatchObject(res);
  });

  it("replaces the topics with topic_ids, and clears them with []", async () => {
    const [a, b, c] = [await createTopic(), await createTopic(), await createTopic()];
    const program = await postProgram(editor, { topic_ids: [a.id, b.id] });

    const replaced = ok(await editor.patch<Program>(`/cms/programs/${program.id}`, { topic_ids: [c.id, b.id] }));
    expect(idsOf(replaced.topics).sort()).toEqual([b.id, c.id].sort());
    expect(await topicIdsOf(program.id)).toEqual([b.id, c.id].sort());
    expect(ok(await editor.get(`/cms/programs/${program.id}`)).topics).toEqual(replaced.topics);

    const cleared = ok(await editor.patch<Program>(`/cms/programs/${program.id}`, { topic_ids: [] }));
    expect(cleared.topics).toEqual([]);
    expect(await topicIdsOf(program.id)).toEqual([]);
  });

  it("keeps the topics when topic_ids is not sent", async () => {
    const topic = await createTopic();
    const program = await postProgram(editor, { topic_ids: [topic.id] });
    const res = ok(await editor.patch<Program>(`/cms/programs/${program.id}`, { description: "New" }));
    expect(res.topics).toEqual([{ id: topic.id, name: topic.name }]);
    expect(await topicIdsOf(program.id)).toEqual([topic.id]);
  });

  it("changes the primary language together with languages_available", async () => {
    const program = await postProgram(editor);
    const res = ok(
      await editor.patch<Program>(`/cms/programs/${program.id}`, {
        language_primary: "hi",
        languages_available: ["hi", "te"],
      }),
    );
    expect(res).toMatchObject({ language_primary: "hi", languages_available: ["hi", "te"] });
    expect(await programRow(program.id)).toMatchObject({ languagePrimary: "hi", languagesAvailable: ["hi", "te"] });
  });

  it("accepts a primary language already among languages_available", async () => {
    const program = await postProgram(editor, { languages_available: ["te", "en"] });
    const res = ok(await editor.patch<Program>(`/cms/programs/${program.id}`, { language_primary: "en" }));
    expect(res).toMatchObject({ language_primary: "en", languages_available: ["te", "en"] });
  });

  it.each([
    { problem: "languages_available without the primary", body: { title: "Changed", languages_available: ["en"] } },
    { problem: "a primary outside languages_available", body: { title: "Changed", language_primary: "en" } },
    { problem: "a language listed twice", body: { title: "Changed", languages_available: ["te", "te"] } },
  ])("refuses $problem with 422 naming languages_available, and changes nothing", async ({ body }) => {
    const program = await postProgram(editor);
    const before = await catalogState();
    expectFieldProblem(
      await editor.patch(`/cms/programs/${program.id}`, body),
      422,
      "constraint_violation",
      "languages_available",
    );
    expect(await catalogState()).toEqual(before);
  });

  it("refuses unknown topic ids with 422 unknown_topic, and changes nothing (not even the title)", async () => {
    const topic = await createTopic();
    const program = await postProgram(editor, { topic_ids: [topic.id] });
    const before = await catalogState();
    const res = await editor.patch(`/cms/programs/${program.id}`, { title: "Changed", topic_ids: [MISSING_ID] });
    expectFieldProblem(res, 422, "unknown_topic", "topic_ids.0");
    expect(await catalogState()).toEqual(before);
  });

  it.each([
    { problem: "an empty body", body: {}, path: "(body)" },
    { problem: "a blank title", body: { title: " " }, path: "title" },
    { problem: "a status", body: { status: "published" }, path: "status" },
    { problem: "a published_at", body: { published_at: null }, path: "published_at" },
    { problem: "a bad language", body: { languages_available: ["te", "EN"] }, path: "languages_available.1" },
  ])("refuses $problem with 400, and changes nothing", async ({ body, path }) => {
    const program = await postProgram(editor);
    const before = await catalogState();
    expectFieldProblem(await editor.patch(`/cms/programs/${program.id}`, body), 400, "validation_failed", path);
    expect(await catalogState()).toEqual(before);
  });

  it("refuses the second of two edits that are each fine but break the language rule together, never with a 500", async () => {
    for (let round = 0; round < 5; round++) {
      const program = await postProgram(editor, { languages_available: ["te", "en"] });
      const results = await Promise.all([
        editor.patch(`/cms/programs/${program.id}`, { language_primary: "en" }),
        editor.patch(`/cms/programs/${program.id}`, { languages_available: ["te"] }),
      ]);
      for (const res of results) {
        if (res.status === 422) expectProblem(res, 422, "constraint_violation");
        else expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
      const stored = (await programRow(program.id))!;
      expect(stored.languagesAvailable).toContain(stored.languagePrimary);
    }
  });

  it("answers 404 for a program that does not exist, and creates nothing", async () => {
    const before = await catalogState();
    expectProblem(await editor.patch(`/cms/programs/${MISSING_ID}`, { title: "Ghost" }), 404, "not_found");
    expect(await catalogState()).toEqual(before);
  });
});

describe("DELETE /cms/programs/{id}", () => {
  it("deletes the program with its terms, lessons, assets and topic links; the topics stay", async () => {
    const topic = await createTopic();
    const program = await createProgram();
    await tagProgram(program.id, topic.id);
    await addPoster(program.id);
    const term = await createTerm(program.id);
    const lesson = await createLesson(term.id);
    await addThumbnails(lesson.id);
    const kept = await createProgram();
    await tagProgram(kept.id, topic.id);
    const keptLesson = await createLesson((await createTerm(kept.id)).id);

    const res = await admin.delete(`/cms/programs/${program.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    const state = await catalogState();
    expect(state.programs.map((p) => p.id)).not.toContain(program.id);
    expect(state.terms.filter((t) => t.programId === program.id)).toEqual([]);
    expect(state.lessons.filter((l) => l.termId === term.id)).toEqual([]);
    expect(state.lessonAssets.filter((a) => a.lessonId === lesson.id)).toEqual([]);
    expect(state.programAssets.filter((a) => a.programId === program.id)).toEqual([]);
    expect(state.programTopics.filter((t) => t.programId === program.id)).toEqual([]);
    expect(state.topics.map((t) => t.id)).toContain(topic.id);
    expect(state.lessons.map((l) => l.id)).toContain(keptLesson.id);
    expect(await topicIdsOf(kept.id)).toEqual([topic.id]);

    expectProblem(await admin.get(`/cms/programs/${program.id}`), 404, "not_found");
    expectProblem(await admin.get(`/cms/lessons/${lesson.id}`), 404, "not_found");
    expectProblem(await admin.delete(`/cms/programs/${program.id}`), 404, "not_found");
  });
});

describe("POST /cms/programs/{id}/archive and /restore", () => {
  it("archives a draft and restores it to draft", async () => {
    const program = await postProgram(editor);
    const archived = ok(await editor.post<Program>(`/cms/programs/${program.id}/archive`));
    expect(archived).toMatchObject({ id: program.id, status: "archived", published_at: null });
    expect(archived.updated_at >= program.updated_at).toBe(true);
    expect((await programRow(program.id))!.status).toBe("archived");

    const restored = ok(await editor.post<Program>(`/cms/programs/${program.id}/restore`));
    expect(restored).toMatchObject({ status: "draft", published_at: null });
    expect((await programRow(program.id))!.status).toBe("draft");
  });

  it("archives a published program and restores it to published, keeping its published_at", async () => {
    const topic = await createTopic();
    const publishedAt = nextInstant();
    const program = await createProgram({ status: "published", publishedAt });
    await tagProgram(program.id, topic.id);

    const archived = ok(await editor.post<Program>(`/cms/programs/${program.id}/archive`));
    expect(archived).toMatchObject({ status: "archived", published_at: publishedAt });
    expect(archived.topics).toEqual([{ id: topic.id, name: topic.name }]);

    const restored = ok(await editor.post<Program>(`/cms/programs/${program.id}/restore`));
    expect(restored).toMatchObject({ status: "published", published_at: publishedAt });
    expect(await programRow(program.id)).toMatchObject({ status: "published", publishedAt });
  });

  it("restores to published, stamping published_at, a draft program whose lesson was published while archived", async () => {
    const program = await postProgram(editor);
    const term = await createTerm(program.id);
    const lesson = await createLesson(term.id);
    await addThumbnails(lesson.id);
    // A program is published only with its posters (test/cms-publish-posters.test.ts: restoring does not go round it).
    await addPosters(program.id, program.language_primary);
    ok(await editor.post(`/cms/programs/${program.id}/archive`));
    ok(await editor.post(`/cms/lessons/${lesson.id}/publish`));
    expect(await programRow(program.id)).toMatchObject({ status: "archived", publishedAt: null });

    const restored = ok(await editor.post<Program>(`/cms/programs/${program.id}/restore`));
    expect(restored.status).toBe("published");
    expect(restored.published_at).toMatch(ISO_UTC);
    expect(await programRow(program.id)).toMatchObject({ status: "published", publishedAt: restored.published_at });
  });

  it.each([
    { action: "archive", status: "archived", from: "archived", to: "archived" },
    { action: "restore", status: "draft", from: "draft", to: "draft or published" },
    { action: "restore", status: "published", from: "published", to: "draft or published" },
  ] as const)(
    "refuses to $action a $status program with 409 naming from and to, and changes nothing",
    async ({ action, status, from, to }) => {
      const program = await createProgram({ status, publishedAt: status === "published" ? nextInstant() : null });
      const before = await catalogState();
      expectInvalidTransition(await editor.post(`/cms/programs/${program.id}/${action}`), from, to);
      expect(await catalogState()).toEqual(before);
    },
  );

  it.each(["archive", "restore"])("answers 404 to %s of a program that does not exist", async (action) => {
    expectProblem(await editor.post(`/cms/programs/${MISSING_ID}/${action}`), 404, "not_found");
  });

  it("archives a program once when two editors archive it at the same time", async () => {
    const program = await createProgram();
    const results = await Promise.all([1, 2].map(() => editor.post(`/cms/programs/${program.id}/archive`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expectInvalidTransition(results.find((r) => r.status === 409)!, "archived", "archived");
  });
});

// Every request here is signed in: each budget is the route's own round trips plus the account lookup.
describe("query budgets (D1 round trips from Server-Timing)", () => {
  const own = (n: number) => ACCOUNT_LOOKUP.queries + n;

  it.each([2, 30])(
    "GET /cms/programs costs 1 of its own for a page of %i programs with topics and posters",
    async (count) => {
      const word = uniqueWord();
      const topics = [await createTopic(), await createTopic()];
      for (let i = 0; i < count; i++) {
        const program = await createProgram({ title: `Budget ${word}` });
        await tagProgram(program.id, ...topics.map((t) => t.id));
        await addPosters(program.id);
      }
      const res = await listPrograms({ q: word, limit: count });
      expect(ok(res).data).toHaveLength(count);
      expect(ok(res).data.every((p) => Object.keys(p.posters).length === 1)).toBe(true);
      expect(ok(res).data.every((p) => p.topics.length === 2)).toBe(true);
      expect(dbCost(res).queries).toBe(own(1));
    },
  );

  it("GET /cms/programs costs 1 of its own with every filter and a cursor", async () => {
    const word = uniqueWord();
    const topic = await createTopic();
    for (let i = 0; i < 4; i++) await tagProgram((await createProgram({ title: `Budget ${word}` })).id, topic.id);
    const query = { q: word, status: "draft", language: "en", topic: topic.id, limit: 2 };
    const first = await listPrograms(query);
    const second = await listPrograms({ ...query, cursor: ok(first).next_cursor! });
    expect(ok(second).data).toHaveLength(2);
    expect([dbCost(first).queries, dbCost(second).queries]).toEqual([own(1), own(1)]);
  });

  it("GET /cms/programs/{id} costs 2 of its own (the program, then one batch), whatever its size", async () => {
    const small = await createProgram();
    const large = await createProgram();
    await tagProgram(large.id, (await createTopic()).id, (await createTopic()).id);
    await addPoster(large.id);
    for (let t = 1; t <= 3; t++) {
      const term = await createTerm(large.id, t);
      for (let l = 1; l <= 4; l++) await createLesson(term.id, l);
    }
    const [a, b] = [await editor.get(`/cms/programs/${small.id}`), await editor.get(`/cms/programs/${large.id}`)];
    expect(ok(b).terms).toHaveLength(3);
    expect([dbCost(a).queries, dbCost(b).queries]).toEqual([own(2), own(2)]);
  });

  it("POST costs 1 of its own (2 with topics), PATCH 2 (3 with topics), archive and restore 2, DELETE 1", async () => {
    const topic = await createTopic();
    const plain = await editor.post<Program>("/cms/programs", { title: "Budget", language_primary: "te" });
    const tagged = await editor.post<Program>("/cms/programs", {
      title: "Budget",
      language_primary: "te",
      topic_ids: [topic.id],
    });
    const id = ok(plain, 201).id;
    const patched = await editor.patch(`/cms/programs/${id}`, { title: "Budget 2" });
    const retagged = await editor.patch(`/cms/programs/${id}`, { topic_ids: [topic.id] });
    const archived = await editor.post(`/cms/programs/${id}/archive`);
    const restored = await editor.post(`/cms/programs/${id}/restore`);
    const deleted = await admin.delete(`/cms/programs/${id}`);
    const replies = [plain, tagged, patched, retagged, archived, restored, deleted];
    expect(replies.map((r) => r.status)).toEqual([201, 201, 200, 200, 200, 200, 204]);
    expect(replies.map((r) => dbCost(r).queries)).toEqual([1, 2, 2, 3, 2, 2, 1].map(own));
  });
});
