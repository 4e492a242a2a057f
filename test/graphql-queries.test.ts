import { env } from "cloudflare:workers";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { app } from "../src/app";
import { maskError } from "../src/graphql/errors";
import { ProblemError } from "../src/http/problem";
import {
  addPosters,
  addThumbnails,
  createLesson,
  createProgram,
  createTerm,
  createTopic,
  tagProgram,
} from "./catalog-fixtures";
import { cmsSession } from "./cms-helpers";
import { dataOf, errorOf, graphql } from "./graphql-helpers";
import { BASE, call, dbCost, expectProblem, MISSING_ID, readJson, uniqueWord } from "./helpers";

// Storage is shared by the tests of this file: each one makes its own programs and narrows lists to them with a
// topic or a word of its own.

const { editor, viewer } = cmsSession();

/** A program with `terms` terms of `lessons` lessons each, tagged with `topicId`, with posters and thumbnails. */
async function programWithOutline(topicId: string, terms = 2, lessons = 2, title = `Program ${uniqueWord()}`) {
  const program = await createProgram({ title });
  await tagProgram(program.id, topicId);
  await addPosters(program.id, "en");
  for (let t = 1; t <= terms; t++) {
    const term = await createTerm(program.id, t);
    for (let l = 1; l <= lessons; l++) {
      const lesson = await createLesson(term.id, l);
      await addThumbnails(lesson.id, "en");
    }
  }
  return program;
}

const NESTED = `query Outline($topic: ID!, $first: Int) {
  programs(filter: { topic: $topic }, first: $first) {
    edges { node {
      id title status topics { id name } posters { language variant url }
      terms { id term_number title lessons { id lesson_number title status duration_ms assets { variant url } } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe("queries: programs with their terms and lessons", () => {
  it("answers a program with its topics, posters, terms in order and lessons in order, each with its assets", async () => {
    const topic = await createTopic();
    const program = await programWithOutline(topic.id, 2, 3);
    const data = dataOf(
      await graphql(
        `query($id: ID!) { program(id: $id) {
          id title language_primary languages_available status published_at topics { id name }
          posters { language variant asset_type url }
          terms { term_number program { id } lessons { lesson_number content_type content_urls_by_language
            term { term_number } program { id } assets { asset_type variant } } }
        } }`,
        { id: program.id },
        { token: viewer.token },
      ),
    );
    expect(data.program).toMatchObject({
      id: program.id,
      title: program.title,
      language_primary: "en",
      languages_available: ["en"],
      status: "draft",
      published_at: null,
      topics: [{ id: topic.id, name: topic.name }],
    });
    expect(data.program.posters.map((p: any) => p.variant).sort()).toEqual(["landscape", "portrait"]);
    expect(data.program.terms.map((t: any) => t.term_number)).toEqual([1, 2]);
    for (const term of data.program.terms) {
      expect(term.program.id).toBe(program.id);
      expect(term.lessons.map((l: any) => l.lesson_number)).toEqual([1, 2, 3]);
      for (const lesson of term.lessons) {
        expect(lesson.term.term_number).toBe(term.term_number);
        expect(lesson.program.id).toBe(program.id);
        expect(lesson.content_urls_by_language).toEqual({ en: expect.stringMatching(/^https:\/\//) });
        expect(lesson.assets.map((a: any) => a.variant).sort()).toEqual(["landscape", "portrait"]);
      }
    }
  });

  it("answers a term and a lesson by id, and null for an id that names nothing", async () => {
    const program = await createProgram();
    const term = await createTerm(program.id, 4, "Fourth");
    const lesson = await createLesson(term.id, 7);
    const data = dataOf(
      await graphql(
        `query($t: ID!, $l: ID!, $none: ID!) {
          term(id: $t) { title term_number program { id } }
          lesson(id: $l) { lesson_number title term { id } }
          missingProgram: program(id: $none) { id } missingTerm: term(id: $none) { id } missingLesson: lesson(id: $none) { id }
        }`,
        { t: term.id, l: lesson.id, none: MISSING_ID },
        { token: viewer.token },
      ),
    );
    expect(data).toEqual({
      term: { title: "Fourth", term_number: 4, program: { id: program.id } },
      lesson: { lesson_number: 7, title: lesson.title, term: { id: term.id } },
      missingProgram: null,
      missingTerm: null,
      missingLesson: null,
    });
  });

  it("costs the same D1 round trips for 2 programs as for 20, with their terms, lessons, topics and assets", async () => {
    const few = await createTopic();
    const many = await createTopic();
    for (let i = 0; i < 2; i++) await programWithOutline(few.id);
    for (let i = 0; i < 20; i++) await programWithOutline(many.id);

    const small = await graphql(NESTED, { topic: few.id, first: 20 }, { token: viewer.token });
    const large = await graphql(NESTED, { topic: many.id, first: 20 }, { token: viewer.token });
    expect(dataOf(small).programs.edges).toHaveLength(2);
    const edges = dataOf(large).programs.edges;
    expect(edges).toHaveLength(20);
    expect(edges.every((e: any) => e.node.terms.length === 2 && e.node.terms[1].lessons.length === 2)).toBe(true);
    // The account (1), the page of programs with their topics (1), then one query per level: posters, terms,
    // lessons, the lessons' assets.
    expect(dbCost(small).queries).toBe(6);
    expect(dbCost(large).queries).toBe(dbCost(small).queries);

    // The bench's query (programs, their terms, their lessons): the account, the page, the terms, the lessons.
    const bench = await graphql(
      `query($topic: ID!) { programs(filter: { topic: $topic }, first: 20) { edges { node { id title terms { id title lessons { id title status } } } } } }`,
      { topic: many.id },
      { token: viewer.token },
    );
    expect(dataOf(bench).programs.edges).toHaveLength(20);
    expect(dbCost(bench).queries).toBe(4);
  });
});

describe("queries: the programs connection", () => {
  it("pages with first and after to the end, each program once, most recently changed first", async () => {
    const topic = await createTopic();
    const made = [];
    for (let i = 0; i < 5; i++) {
      const program = await createProgram();
      await tagProgram(program.id, topic.id);
      made.push(program.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = dataOf(
        await graphql(
          `query($topic: ID!, $after: String) { programs(filter: { topic: $topic }, first: 2, after: $after) {
            edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
          { topic: topic.id, after },
          { token: viewer.token },
        ),
      ).programs;
      seen.push(...page.edges.map((e: any) => e.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());
  });

  it("filters by status, language and text", async () => {
    const word = uniqueWord();
    const draft = await createProgram({ title: `Draft ${word}` });
    const telugu = await createProgram({ title: `Telugu ${word}`, languagePrimary: "te", languagesAvailable: ["te"] });
    await createProgram({ title: `Archived ${word}`, status: "archived" });
    const ids = async (filter: Record<string, unknown>) =>
      dataOf(
        await graphql(
          `query($filter: ProgramFilter) { programs(filter: $filter) { edges { node { id } } } }`,
          { filter: { q: word, ...filter } },
          { token: viewer.token },
        ),
      ).programs.edges.map((e: any) => e.node.id);
    expect(await ids({ status: "draft", language: "en" })).toEqual([draft.id]);
    expect(await ids({ language: "te" })).toEqual([telugu.id]);
    expect(await ids({})).toHaveLength(3);
  });

  it("refuses first above 100 or below 1, and a cursor it did not issue, as REST refuses limit and cursor", async () => {
    const query = `query($first: Int, $after: String) { programs(first: $first, after: $after) { edges { cursor } } }`;
    errorOf(await graphql(query, { first: 101 }, { token: viewer.token }), "validation_failed", "first");
    errorOf(await graphql(query, { first: 0 }, { token: viewer.token }), "validation_failed", "first");
    errorOf(await graphql(query, { after: "forged.cursor" }, { token: viewer.token }), "invalid_cursor", "after");
    // A cursor of the REST list does not page GraphQL's.
    const rest = await viewer.get("/cms/programs", { limit: 1 });
    if (rest.body.next_cursor) {
      errorOf(await graphql(query, { after: rest.body.next_cursor }, { token: viewer.token }), "invalid_cursor");
    }
  });
});

describe("queries: who may read", () => {
  it("refuses an anonymous caller with unauthorized, and a bad token with invalid_token", async () => {
    const query = `{ programs { edges { node { id } } } }`;
    const anonymous = errorOf(await graphql(query), "unauthorized");
    expect(anonymous.extensions?.status).toBe(401);
    errorOf(await graphql(query, {}, { headers: { Authorization: "Bearer nonsense" } }), "invalid_token");
  });

  it("lets a viewer read", async () => {
    dataOf(await graphql(`{ programs(first: 1) { edges { node { id } } } }`, {}, { token: viewer.token }));
  });
});

describe("limits", () => {
  it("refuses a query nested deeper than 8 with query_too_deep, before any D1 query", async () => {
    const deep = `{ lesson(id: "x") { program { terms { lessons { program { terms { lessons { program { id } } } } } } } } }`;
    const res = await graphql(deep, {}, { token: editor.token });
    const error = errorOf(res, "query_too_deep");
    expect(error.message).toMatch(/depth limit of 8/);
    expect(res.body.data).toBeUndefined();
    expect(dbCost(res).queries).toBe(0);
  });

  it("refuses a query that costs too much (aliases of a big nested list) with query_too_costly, before any D1 query", async () => {
    const copy = (i: number) =>
      `p${i}: programs(first: 100) { edges { node { id title terms { id title lessons { id title status } } } } }`;
    const res = await graphql(
      `{ ${Array.from({ length: 30 }, (_, i) => copy(i)).join(" ")} }`,
      {},
      { token: editor.token },
    );
    errorOf(res, "query_too_costly");
    expect(dbCost(res).queries).toBe(0);
  });

  it("lets the nested list of 100 programs through", async () => {
    const res = await graphql(
      `{ programs(first: 100) { edges { node { id title status topics { name } terms { id title lessons { id title status duration_ms assets { url } } } } } } }`,
      {},
      { token: editor.token },
    );
    dataOf(res);
  });
});

describe("errors", () => {
  it("turns a problem into a GraphQL error with its code, status, field problems and extension members", () => {
    const problem = new ProblemError(409, "invalid_transition", "A lesson that is draft cannot become draft.", {
      extensions: { from: "draft", to: "draft" },
    });
    const error = maskError(new GraphQLError("wrapped", { originalError: problem, path: ["unscheduleLesson"] }));
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toEqual({
      code: "invalid_transition",
      status: 409,
      from: "draft",
      to: "draft",
    });
    expect((error as GraphQLError).path).toEqual(["unscheduleLesson"]);
  });

  it("masks anything unexpected: no message, stack or SQL of ours reaches the client", () => {
    const internal = new Error("D1_ERROR: no such column: secret_column");
    const error = maskError(new GraphQLError(internal.message, { originalError: internal, path: ["programs"] }));
    expect(error.message).not.toMatch(/secret_column|D1_ERROR/);
    expect((error as GraphQLError).extensions).toEqual({ code: "internal_error", status: 500 });
  });

  it("leaves GraphQL's own errors as they are (an unknown field is named)", async () => {
    const res = await graphql(`{ programs { edges { node { nope } } } }`, {}, { token: viewer.token });
    expect(res.body.errors?.[0]?.message).toMatch(/nope/);
    expect(dbCost(res).queries).toBe(0);
  });
});

describe("POST /graphql: the HTTP request", () => {
  it("refuses a body that is not JSON, or has no query, with the API's problems", async () => {
    const headers = { "Content-Type": "application/json" };
    await expectProblem(
      await call("POST", "/graphql", { body: "{not json", headers, token: viewer.token }),
      400,
      "malformed_json",
    );
    const noQuery = await readJson(await call("POST", "/graphql", { body: { variables: {} }, token: viewer.token }));
    expect(expectProblem(noQuery, 400, "validation_failed").errors?.[0]?.path).toBe("query");
  });

  it("answers a query it cannot parse with a GraphQL error, in a 200 JSON answer", async () => {
    const res = await graphql("{ programs {", {}, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.body.errors?.[0]?.message).toMatch(/Syntax Error/);
  });
});

describe("GET /graphql", () => {
  const get = (graphiql: string | undefined) =>
    app.request(`${BASE}/graphql`, { headers: { Accept: "text/html" } }, {
      ...env,
      GRAPHIQL: graphiql,
    } as Env);

  it("is a 405 (Allow: POST) unless GRAPHIQL is on, as in production", async () => {
    const res = await call("GET", "/graphql", { headers: { Accept: "text/html" } });
    if (env.GRAPHIQL !== "true") {
      await expectProblem(res, 405, "method_not_allowed");
      expect(res.headers.get("Allow")).toBe("POST");
    } else await res.body?.cancel();
    const off = await get(undefined);
    expect(off.status).toBe(405);
    await off.body?.cancel();
  });

  it("serves GraphiQL where GRAPHIQL is true (development)", async () => {
    const res = await get("true");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/graphiql/i);
  });
});
