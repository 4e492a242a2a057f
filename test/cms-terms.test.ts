import { beforeAll, describe, expect, it } from "vitest";
import { addThumbnails, createLesson, createProgram, createTerm } from "./catalog-fixtures";
import { catalogState, cmsSession, lessonsOfTerm, ok, termNumbersOf, termRow, walk } from "./cms-helpers";
import {
  ACCOUNT_LOOKUP,
  base64Url,
  dbCost,
  expectFieldProblem,
  expectProblem,
  ISO_UTC,
  idsOf,
  MISSING_ID,
} from "./helpers";

// Storage is shared by every test in this file; each test makes its own program.

interface Term {
  id: string;
  program_id: string;
  term_number: number;
  title: string;
  created_at: string;
  updated_at: string;
}

const { editor, admin } = cmsSession();

const postTerm = (programId: string, body: Record<string, unknown>) =>
  editor.post<Term>(`/cms/programs/${programId}/terms`, body);

describe("POST /cms/programs/{id}/terms", () => {
  it("adds a term: 201, Location, and the same term on GET", async () => {
    const program = await createProgram();
    const res = await postTerm(program.id, { title: "  First steps " });
    const term = ok(res, 201);
    expect(term).toEqual({
      id: expect.any(String),
      program_id: program.id,
      term_number: 1,
      title: "First steps",
      created_at: expect.stringMatching(ISO_UTC),
      updated_at: term.created_at,
    });
    expect(res.headers.get("Location")).toBe(`/cms/terms/${term.id}`);
    expect(ok(await editor.get(res.headers.get("Location")!))).toEqual(term);
  });

  it("numbers terms 1, 2, 3 by default, and one after the highest after an explicit number", async () => {
    const program = await createProgram();
    const numbers = [];
    for (const title of ["One", "Two", "Three"])
      numbers.push(ok(await postTerm(program.id, { title }), 201).term_number);
    expect(numbers).toEqual([1, 2, 3]);

    expect(ok(await postTerm(program.id, { title: "Ten", term_number: 10 }), 201).term_number).toBe(10);
    expect(ok(await postTerm(program.id, { title: "Five", term_number: 5 }), 201).term_number).toBe(5);
    expect(ok(await postTerm(program.id, { title: "Next" }), 201).term_number).toBe(11);
    expect(await termNumbersOf(program.id)).toEqual([1, 2, 3, 5, 10, 11]);
  });

  it("numbers each program's terms on their own", async () => {
    const [a, b] = [await createProgram(), await createProgram()];
    await createTerm(a.id, 7);
    expect(ok(await postTerm(b.id, { title: "B1" }), 201).term_number).toBe(1);
    expect(ok(await postTerm(a.id, { title: "A8" }), 201).term_number).toBe(8);
    expect(ok(await postTerm(b.id, { title: "B7", term_number: 7 }), 201).term_number).toBe(7);
  });

  it("refuses a number the program already has with 409 term_number_taken, and stores nothing", async () => {
    const program = await createProgram();
    await createTerm(program.id, 2);
    const before = await catalogState();
    expectFieldProblem(
      await postTerm(program.id, { title: "Again", term_number: 2 }),
      409,
      "term_number_taken",
      "term_number",
    );
    expect(await catalogState()).toEqual(before);
  });

  it.each([
    { problem: "term_number 0", body: { title: "T", term_number: 0 }, path: "term_number" },
    { problem: "a fractional term_number", body: { title: "T", term_number: 1.5 }, path: "term_number" },
    { problem: "a term_number as a string", body: { title: "T", term_number: "2" }, path: "term_number" },
    { problem: "a blank title", body: { title: " " }, path: "title" },
    { problem: "no title", body: {}, path: "title" },
    { problem: "an unknown field", body: { title: "T", program_id: MISSING_ID }, path: "program_id" },
  ])("refuses $problem with 400, and stores nothing", async ({ body, path }) => {
    const program = await createProgram();
    const before = await catalogState();
    expectFieldProblem(await postTerm(program.id, body), 400, "validation_failed", path);
    expect(await catalogState()).toEqual(before);
  });

  it.each([undefined, 3])("answers 404 for a program that does not exist (term_number %s)", async (termNumber) => {
    const before = await catalogState();
    expectProblem(await postTerm(MISSING_ID, { title: "Orphan", term_number: termNumber }), 404, "not_found");
    expect(await catalogState()).toEqual(before);
  });

  it("never gives two terms added at the same time one number (each is a 201 with its own, or a 409)", async () => {
    for (let round = 0; round < 5; round++) {
      const program = await createProgram();
      const results = await Promise.all(["A", "B", "C"].map((title) => postTerm(program.id, { title })));
      for (const res of results) {
        if (res.status === 409) expectProblem(res, 409, "term_number_taken");
        else expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      const given = results.filter((r) => r.status === 201).map((r) => r.body.term_number);
      expect(given.length).toBeGreaterThanOrEqual(1);
      expect(new Set(given).size).toBe(given.length);
      expect(await termNumbersOf(program.id)).toEqual([...given].sort((x, y) => x - y));
    }
  });
});

describe("GET /cms/programs/{id}/terms", () => {
  let programId: string;
  let expected: string[];
  let issued: string;

  beforeAll(async () => {
    const program = await createProgram();
    programId = program.id;
    const made = [];
    for (const n of [4, 1, 12, 2, 7]) made.push(await createTerm(program.id, n));
    await createTerm((await createProgram()).id, 3);
    expected = made.sort((a, b) => a.termNumber - b.termNumber).map((t) => t.id);
    issued = ok(await editor.get(`/cms/programs/${programId}/terms`, { limit: 2 })).next_cursor!;
  });

  it("lists the program's terms by number, with every field", async () => {
    const res = ok(await editor.get<{ data: Term[]; next_cursor: string | null }>(`/cms/programs/${programId}/terms`));
    expect(res.data.map((t) => t.term_number)).toEqual([1, 2, 4, 7, 12]);
    expect(idsOf(res.data)).toEqual(expected);
    expect(res.next_cursor).toBeNull();
    const stored = (await termRow(expected[0]!))!;
    expect(res.data[0]).toEqual({
      id: stored.id,
      program_id: programId,
      term_number: 1,
      title: stored.title,
      created_at: stored.createdAt,
      updated_at: stored.updatedAt,
    });
  });

  it("walks every term exactly once, in order", async () => {
    const { items, pages } = await walk<Term>(editor, `/cms/programs/${programId}/terms`, { limit: 2 });
    expect(pages).toEqual([2, 2, 1]);
    expect(idsOf(items)).toEqual(expected);
  });

  it("answers an empty program with no data and no cursor", async () => {
    const program = await createProgram();
    expect(ok(await editor.get(`/cms/programs/${program.id}/terms`))).toEqual({ data: [], next_cursor: null });
  });

  it.each([
    { kind: "garbage", cursor: () => "!!" },
    { kind: "a truncated cursor", cursor: () => issued.slice(0, 2) },
    { kind: "a newest-first position", cursor: () => base64Url('["2026-01-01T00:00:00.000Z","x"]') },
    { kind: "a negative number", cursor: () => base64Url("[-1]") },
  ])("refuses $kind with 400 invalid_cursor", async ({ cursor }) => {
    const res = await editor.get(`/cms/programs/${programId}/terms`, { cursor: cursor() });
    expectFieldProblem(res, 400, "invalid_cursor", "cursor");
  });

  it("answers 404 for a program that does not exist", async () => {
    expectProblem(await editor.get(`/cms/programs/${MISSING_ID}/terms`), 404, "not_found");
  });
});

describe("GET /cms/terms/{id}", () => {
  it("answers 404 not_found for a term that does not exist", async () => {
    expectProblem(await editor.get(`/cms/terms/${MISSING_ID}`), 404, "not_found");
  });
});

describe("PATCH /cms/terms/{id}", () => {
  it("renames a term, keeping its number", async () => {
    const term = await createTerm((await createProgram()).id, 3);
    const res = ok(await editor.patch<Term>(`/cms/terms/${term.id}`, { title: "Renamed" }));
    expect(res).toMatchObject({ id: term.id, term_number: 3, title: "Renamed", created_at: term.createdAt });
    expect(res.updated_at > term.updatedAt).toBe(true);
    expect(await termRow(term.id)).toMatchObject({ termNumber: 3, title: "Renamed" });
  });

  it("renumbers a term into a free number", async () => {
    const program = await createProgram();
    const term = await createTerm(program.id, 1);
    await createTerm(program.id, 2);
    expect(ok(await editor.patch<Term>(`/cms/terms/${term.id}`, { term_number: 5 })).term_number).toBe(5);
    expect(await termNumbersOf(program.id)).toEqual([2, 5]);
  });

  it("refuses a number another term of the program has with 409 term_number_taken, and changes nothing", async () => {
    const program = await createProgram();
    const term = await createTerm(program.id, 1);
    await createTerm(program.id, 2);
    const before = await catalogState();
    const res = await editor.patch(`/cms/terms/${term.id}`, { title: "Renamed too", term_number: 2 });
    expectFieldProblem(res, 409, "term_number_taken", "term_number");
    expect(await catalogState()).toEqual(before);
  });

  it("allows a number another program's term has", async () => {
    const term = await createTerm((await createProgram()).id, 1);
    await createTerm((await createProgram()).id, 2);
    expect(ok(await editor.patch<Term>(`/cms/terms/${term.id}`, { term_number: 2 })).term_number).toBe(2);
  });

  it.each([
    { problem: "an empty body", body: {}, path: "(body)" },
    { problem: "term_number 0", body: { term_number: 0 }, path: "term_number" },
    { problem: "a program_id (terms do not move)", body: { program_id: MISSING_ID }, path: "program_id" },
  ])("refuses $problem with 400, and changes nothing", async ({ body, path }) => {
    const term = await createTerm((await createProgram()).id);
    const before = await catalogState();
    expectFieldProblem(await editor.patch(`/cms/terms/${term.id}`, body), 400, "validation_failed", path);
    expect(await catalogState()).toEqual(before);
  });

  it("answers 404 for a term that does not exist", async () => {
    expectProblem(await editor.patch(`/cms/terms/${MISSING_ID}`, { title: "Ghost" }), 404, "not_found");
  });
});

describe("DELETE /cms/terms/{id}", () => {
  it("deletes a term with its lessons and their assets; the program and its other terms stay", async () => {
    const program = await createProgram();
    const [gone, kept] = [await createTerm(program.id, 1), await createTerm(program.id, 2)];
    const lessons = [await createLesson(gone.id, 1), await createLesson(gone.id, 2)];
    await addThumbnails(lessons[0]!.id);
    const keptLesson = await createLesson(kept.id, 1);

    const res = await admin.delete(`/cms/terms/${gone.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    const state = await catalogState();
    expect(state.terms.map((t) => t.id)).not.toContain(gone.id);
    expect(await lessonsOfTerm(gone.id)).toEqual([]);
    expect(state.lessonAssets.filter((a) => a.lessonId === lessons[0]!.id)).toEqual([]);
    expect(idsOf(await lessonsOfTerm(kept.id))).toEqual([keptLesson.id]);
    expect(await termNumbersOf(program.id)).toEqual([2]);
    for (const lesson of lessons) expectProblem(await admin.get(`/cms/lessons/${lesson.id}`), 404, "not_found");
    expectProblem(await admin.get(`/cms/terms/${gone.id}`), 404, "not_found");
    expectProblem(await admin.delete(`/cms/terms/${gone.id}`), 404, "not_found");
  });

  it("frees the term's number", async () => {
    const program = await createProgram();
    const term = await createTerm(program.id, 1);
    expect((await admin.delete(`/cms/terms/${term.id}`)).status).toBe(204);
    expect(ok(await postTerm(program.id, { title: "Again", term_number: 1 }), 201).term_number).toBe(1);
  });
});

describe("query budgets (D1 round trips from Server-Timing)", () => {
  const own = (n: number) => ACCOUNT_LOOKUP.queries + n;

  it("POST costs 1 of its own (with or without a number), GET 1, PATCH 1, DELETE 1", async () => {
    const program = await createProgram();
    const numbered = await postTerm(program.id, { title: "Budget", term_number: 3 });
    const created = await postTerm(program.id, { title: "Budget" });
    const id = ok(created, 201).id;
    const read = await editor.get(`/cms/terms/${id}`);
    const renamed = await editor.patch(`/cms/terms/${id}`, { title: "Budget 2", term_number: 9 });
    const deleted = await admin.delete(`/cms/terms/${id}`);
    const replies = [numbered, created, read, renamed, deleted];
    expect(replies.map((r) => r.status)).toEqual([201, 201, 200, 200, 204]);
    expect(replies.map((r) => dbCost(r).queries)).toEqual([1, 1, 1, 1, 1].map(own));
  });

  it.each([2, 30])("GET /cms/programs/{id}/terms costs 2 of its own for a page of %i terms", async (count) => {
    const program = await createProgram();
    for (let n = 1; n <= count; n++) await createTerm(program.id, n);
    const res = await editor.get(`/cms/programs/${program.id}/terms`, { limit: count });
    expect(ok(res).data).toHaveLength(count);
    expect(dbCost(res).queries).toBe(own(2));
  });
});
