import { beforeAll, describe, expect, it } from "vitest";
import type { Program } from "../src/catalog/cms/program-models";
import { topics } from "../src/catalog/schema";
import { createProgram, createTopic, tagProgram } from "./catalog-fixtures";
import { catalogState, cmsSession, ok, topicIdsOf, topicRow, walk } from "./cms-helpers";
import {
  ACCOUNT_LOOKUP,
  base64Url,
  db,
  dbCost,
  expectFieldProblem,
  expectProblem,
  ISO_UTC,
  idsOf,
  MISSING_ID,
  uniqueWord,
} from "./helpers";

// Storage is shared by every test in this file, and topic names are unique: each test names its topics with a word
// no other test uses. The listing tests start from an empty table.

interface Topic {
  id: string;
  name: string;
  created_at: string;
}

const { editor, admin } = cmsSession();

const postTopic = (name: unknown) => editor.post<Topic>("/cms/topics", { name });

describe("POST /cms/topics", () => {
  it("creates a topic: 201, Location, the trimmed name, and the same topic on GET", async () => {
    const word = uniqueWord();
    const res = await postTopic(`  Music ${word} `);
    const topic = ok(res, 201);
    expect(topic).toEqual({
      id: expect.any(String),
      name: `Music ${word}`,
      created_at: expect.stringMatching(ISO_UTC),
    });
    expect(res.headers.get("Location")).toBe(`/cms/topics/${topic.id}`);
    expect(ok(await editor.get(res.headers.get("Location")!))).toEqual(topic);
  });

  it.each([
    { variant: "the same name", name: (word: string) => `History ${word}` },
    { variant: "another case", name: (word: string) => `HISTORY ${word.toUpperCase()}` },
    { variant: "surrounding spaces", name: (word: string) => `  history ${word}  ` },
  ])("refuses $variant with 409 topic_exists naming the field, and stores nothing", async ({ name }) => {
    const word = uniqueWord();
    ok(await postTopic(`History ${word}`), 201);
    const before = await catalogState();
    expectFieldProblem(await postTopic(name(word)), 409, "topic_exists", "name");
    expect(await catalogState()).toEqual(before);
  });

  it.each([
    { problem: "a blank name", body: { name: "   " }, path: "name" },
    { problem: "a 101-character name", body: { name: "n".repeat(101) }, path: "name" },
    { problem: "no name", body: {}, path: "name" },
    { problem: "a name that is not a string", body: { name: 42 }, path: "name" },
    { problem: "an unknown field", body: { name: "Fine", id: "chosen" }, path: "id" },
  ])("refuses $problem with 400, and stores nothing", async ({ body, path }) => {
    const before = await catalogState();
    expectFieldProblem(await editor.post("/cms/topics", body), 400, "validation_failed", path);
    expect(await catalogState()).toEqual(before);
  });

  it("accepts a 100-character name", async () => {
    const name = `${uniqueWord()}${"n".repeat(87)}`;
    expect(ok(await postTopic(name), 201).name).toBe(name);
  });

  it("creates one topic when two editors create the same name (in different cases) at once", async () => {
    const word = uniqueWord();
    const results = await Promise.all([postTopic(`Science ${word}`), postTopic(`SCIENCE ${word}`)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expectProblem(results.find((r) => r.status === 409)!, 409, "topic_exists");
    const stored = (await db().select().from(topics)).filter((t) => t.name.toLowerCase() === `science ${word}`);
    expect(stored).toHaveLength(1);
  });
});

describe("GET /cms/topics/{id}", () => {
  it("answers 404 not_found for a topic that does not exist", async () => {
    expectProblem(await editor.get(`/cms/topics/${MISSING_ID}`), 404, "not_found");
  });
});

describe("PATCH /cms/topics/{id}", () => {
  it("renames a topic, and programs show the new name", async () => {
    const topic = await createTopic();
    const program = await createProgram();
    await tagProgram(program.id, topic.id);
    const name = `Renamed ${uniqueWord()}`;
    const res = ok(await editor.patch<Topic>(`/cms/topics/${topic.id}`, { name }));
    expect(res).toEqual({ id: topic.id, name, created_at: topic.createdAt });
    expect((await topicRow(topic.id))!.name).toBe(name);
    expect(ok(await editor.get<Program>(`/cms/programs/${program.id}`)).topics).toEqual([{ id: topic.id, name }]);
  });

  it("lets a topic change the case of its own name", async () => {
    const word = uniqueWord();
    const topic = await createTopic(`poetry ${word}`);
    expect(ok(await editor.patch<Topic>(`/cms/topics/${topic.id}`, { name: `Poetry ${word}` })).name).toBe(
      `Poetry ${word}`,
    );
  });

  it("refuses another topic's name (in any case) with 409 topic_exists, and changes nothing", async () => {
    const word = uniqueWord();
    await createTopic(`Art ${word}`);
    const topic = await createTopic();
    const before = await catalogState();
    expectFieldProblem(
      await editor.patch(`/cms/topics/${topic.id}`, { name: `aRT ${word}` }),
      409,
      "topic_exists",
      "name",
    );
    expect(await catalogState()).toEqual(before);
  });

  it.each([
    { problem: "an empty body", body: {}, path: "name" },
    { problem: "a blank name", body: { name: "" }, path: "name" },
    { problem: "an unknown field", body: { name: "Fine", created_at: "2020-01-01T00:00:00.000Z" }, path: "created_at" },
  ])("refuses $problem with 400, and changes nothing", async ({ body, path }) => {
    const topic = await createTopic();
    const before = await catalogState();
    expectFieldProblem(await editor.patch(`/cms/topics/${topic.id}`, body), 400, "validation_failed", path);
    expect(await catalogState()).toEqual(before);
  });

  it("answers 404 for a topic that does not exist, and creates nothing", async () => {
    const before = await catalogState();
    expectProblem(await editor.patch(`/cms/topics/${MISSING_ID}`, { name: uniqueWord() }), 404, "not_found");
    expect(await catalogState()).toEqual(before);
  });
});

describe("DELETE /cms/topics/{id}", () => {
  it("deletes a topic and takes it off every program, which keep their other topics", async () => {
    const [gone, kept] = [await createTopic(), await createTopic()];
    const [first, second] = [await createProgram(), await createProgram()];
    await tagProgram(first.id, gone.id, kept.id);
    await tagProgram(second.id, gone.id);

    const res = await admin.delete(`/cms/topics/${gone.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    expect(await topicRow(gone.id)).toBeUndefined();
    expect(await topicIdsOf(first.id)).toEqual([kept.id]);
    expect(await topicIdsOf(second.id)).toEqual([]);
    expect(ok(await admin.get<Program>(`/cms/programs/${first.id}`)).topics).toEqual([
      { id: kept.id, name: kept.name },
    ]);
    expect(ok(await admin.get("/cms/programs", { topic: gone.id })).data).toEqual([]);
    expectProblem(await admin.get(`/cms/topics/${gone.id}`), 404, "not_found");
    expectProblem(await admin.delete(`/cms/topics/${gone.id}`), 404, "not_found");
  });

  it("frees the name for a new topic", async () => {
    const topic = await createTopic();
    expect((await admin.delete(`/cms/topics/${topic.id}`)).status).toBe(204);
    expect(ok(await postTopic(topic.name), 201).name).toBe(topic.name);
  });
});

describe("GET /cms/topics", () => {
  let expected: string[];
  let issued: string;

  beforeAll(async () => {
    await db().delete(topics);
    // Listed by name regardless of case; upper-case names do not sort before lower-case ones.
    const names = ["banana", "Apple", "cherry", "apricot", "Blueberry", "date", "Elderberry"];
    const made = [];
    for (const name of names) made.push(await createTopic(name));
    expected = made.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())).map((t) => t.id);
    issued = ok(await editor.get("/cms/topics", { limit: 2 })).next_cursor!;
  });

  it("lists every topic by name, regardless of case", async () => {
    const res = ok(await editor.get<{ data: Topic[]; next_cursor: string | null }>("/cms/topics"));
    expect(res.data.map((t) => t.name)).toEqual([
      "Apple",
      "apricot",
      "banana",
      "Blueberry",
      "cherry",
      "date",
      "Elderberry",
    ]);
    expect(idsOf(res.data)).toEqual(expected);
    expect(res.next_cursor).toBeNull();
  });

  it("walks every topic exactly once, in order", async () => {
    const { items, pages } = await walk<Topic>(editor, "/cms/topics", { limit: 3 });
    expect(pages).toEqual([3, 3, 1]);
    expect(idsOf(items)).toEqual(expected);
  });

  it.each([
    { kind: "garbage", cursor: () => "%%%" },
    { kind: "a truncated cursor", cursor: () => issued.slice(0, 8) },
    { kind: "a position of the wrong shape", cursor: () => base64Url('["apple"]') },
    { kind: "a position with a number for a name", cursor: () => base64Url("[1, 2]") },
  ])("refuses $kind with 400 invalid_cursor", async ({ cursor }) => {
    expectFieldProblem(await editor.get("/cms/topics", { cursor: cursor() }), 400, "invalid_cursor", "cursor");
  });

  it("continues from an issued cursor", async () => {
    expect(idsOf(ok(await editor.get("/cms/topics", { limit: 2, cursor: issued })).data)).toEqual(expected.slice(2, 4));
  });

  it("costs 1 round trip of its own for a page of 7 topics", async () => {
    const res = await editor.get("/cms/topics");
    expect(ok(res).data).toHaveLength(7);
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
  });
});

describe("query budgets (D1 round trips from Server-Timing)", () => {
  it("GET /cms/topics/{id}, POST, PATCH and DELETE cost 1 round trip of their own each", async () => {
    const created = await postTopic(uniqueWord());
    const id = ok(created, 201).id;
    const read = await editor.get(`/cms/topics/${id}`);
    const renamed = await editor.patch(`/cms/topics/${id}`, { name: uniqueWord() });
    const deleted = await admin.delete(`/cms/topics/${id}`);
    const replies = [created, read, renamed, deleted];
    expect(replies.map((r) => r.status)).toEqual([201, 200, 200, 204]);
    expect(replies.map((r) => dbCost(r).queries)).toEqual([1, 1, 1, 1].map((n) => ACCOUNT_LOOKUP.queries + n));
  });
});
