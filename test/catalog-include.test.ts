import { describe, expect, it } from "vitest";
import { listCatalogProgramsWithTerms } from "../src/catalog/public/queries";
import { addThumbnails, createLesson, createTerm, createTopic, tagProgram } from "./catalog-fixtures";
import {
  buildCatalog,
  CACHE_CONTROL,
  conditionalGet,
  lessonFields,
  listPrograms,
  programWith,
  publishedIn,
  queryPlan,
  recordingDatabase,
  STRONG_ETAG,
  uniqueLanguage,
} from "./catalog-public";
import { call, callJson, dbCost, expectProblem, idsOf, type Query, walkPages, withQuery } from "./helpers";

// GET /catalog/programs?include=terms: the list with each program's terms and published lessons. Storage is shared
// by every test in this file; each test puts its programs in a language of its own and lists only that language.

const withTerms = (query: Query) => listPrograms({ ...query, include: "terms" });

describe("GET /catalog/programs?include=terms", () => {
  it("gives each program its terms and published lessons exactly as the program's own page does", async () => {
    const language = uniqueLanguage();
    const topic = await createTopic();
    const plain = await publishedIn(language);
    const rich = await publishedIn(language);
    await tagProgram(rich.program.id, topic.id);
    // Created out of order, a term of drafts only, lessons with and without thumbnails.
    const third = await createTerm(rich.program.id, 3, "Third term");
    const drafts = await createTerm(rich.program.id, 2, "Only drafts");
    const thirdB = await createLesson(third.id, 2, { ...lessonFields(language, "published"), isPaid: true });
    const thirdA = await createLesson(third.id, 1, {
      ...lessonFields(language, "published"),
      contentType: "article",
      durationMs: null,
    });
    await createLesson(third.id, 3, lessonFields(language, "draft"));
    await createLesson(drafts.id, 1, lessonFields(language, "draft"));
    await addThumbnails(thirdA.id, language, ["square", "portrait"]);
    // Not in the catalog: a draft program with a published lesson.
    await programWith(language, "draft", "published");

    const res = await withTerms({ language });
    expect(res.status).toBe(200);
    expect(idsOf(res.body.data)).toEqual([rich.program.id, plain.program.id]);
    for (const item of res.body.data) {
      const detail = await callJson("GET", `/catalog/programs/${item.id}`);
      expect(item).toEqual(detail.body);
    }
    const [richItem] = res.body.data;
    expect(richItem.terms.map((t: any) => [t.id, t.term_number])).toEqual([
      [rich.term.id, 1],
      [third.id, 3],
    ]);
    expect(richItem.terms.map((t: any) => idsOf(t.lessons))).toEqual([[rich.lesson.id], [thirdA.id, thirdB.id]]);

    // Without include, the same programs, as before: no terms.
    const plainList = await listPrograms({ language });
    expect(plainList.body.data).toEqual(res.body.data.map(({ terms, ...program }: any) => program));
    for (const item of plainList.body.data) expect(item).not.toHaveProperty("terms");
  });

  it("pages through the catalog as the default list does, with the same cursors", async () => {
    const language = uniqueLanguage();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.unshift((await publishedIn(language)).program.id);

    const pages = await walkPages("", "/catalog/programs", { language, limit: 2, include: "terms" });
    expect(pages.map((page) => page.data.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((page) => idsOf(page.data))).toEqual(made);
    expect(pages.flatMap((page) => page.data).every((p: any) => p.terms.length === 1)).toBe(true);
    expect(pages.at(-1)?.next_cursor).toBeNull();

    // A cursor is a position in the list, whichever form of it gave the page.
    const plainFirst = await listPrograms({ language, limit: 2 });
    expect(plainFirst.body.next_cursor).toBe(pages[0]!.next_cursor);
    const second = await withTerms({ language, limit: 2, cursor: plainFirst.body.next_cursor! });
    expect(second.body).toEqual(pages[1]);
  });

  it("refuses any include other than terms with 400 validation_failed naming include", async () => {
    for (const include of ["topics", "", "TERMS", "terms,topics", "lessons"]) {
      const res = await listPrograms({ include });
      const problem = expectProblem(res, 400, "validation_failed");
      expect(
        problem.errors?.map((e) => e.path),
        include,
      ).toEqual(["include"]);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });

  it("is cached like the default list: public for a minute, strong ETag, 304, a new tag when a lesson appears", async () => {
    const language = uniqueLanguage();
    const { term } = await publishedIn(language);
    const path = withQuery("/catalog/programs", { language, include: "terms" });

    const res = await call("GET", path);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe(CACHE_CONTROL);
    const etag = res.headers.get("ETag") ?? "";
    expect(etag).toMatch(STRONG_ETAG);
    await res.body?.cancel();
    expect((await listPrograms({ language })).headers.get("ETag")).not.toBe(etag);

    const notModified = await conditionalGet(path, etag);
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe("");
    expect(notModified.headers.get("Cache-Control")).toBe(CACHE_CONTROL);

    await createLesson(term.id, 2, lessonFields(language, "published"));
    const changed = await conditionalGet(path, etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).toMatch(STRONG_ETAG);
    expect(changed.headers.get("ETag")).not.toBe(etag);
  });

  it("is documented in OpenAPI: the include parameter and each program's optional terms", async () => {
    const doc = (await callJson("GET", "/openapi.json")).body;
    const get = doc.paths["/catalog/programs"].get;
    const include = get.parameters.find((p: any) => p.name === "include");
    expect(include).toMatchObject({ in: "query", required: false, schema: { type: "string", enum: ["terms"] } });
    expect(include.description).toMatch(/terms/);

    // The page's item, its parts (allOf, $ref) put together.
    const schemas = doc.components.schemas;
    const resolve = (schema: any): { properties: Record<string, any>; required: string[] } => {
      if (schema.$ref) return resolve(schemas[schema.$ref.split("/").at(-1)]);
      const parts = (schema.allOf ?? []).map(resolve);
      return {
        properties: Object.assign({}, schema.properties, ...parts.map((part: any) => part.properties)),
        required: [...(schema.required ?? []), ...parts.flatMap((part: any) => part.required)],
      };
    };
    const page = resolve(get.responses["200"].content["application/json"].schema);
    const item = resolve(page.properties.data.items);
    expect(item.properties.terms).toMatchObject({ type: "array", items: { $ref: "#/components/schemas/CatalogTerm" } });
    expect(item.properties.terms.description).toMatch(/include=terms/);
    expect(item.required).not.toContain("terms");
    expect(item.required).toEqual(expect.arrayContaining(["id", "title", "published_at", "lesson_count", "assets"]));
  });
});

describe("query budget of include=terms", () => {
  const cost = async (query: Query) => {
    const res = await listPrograms(query);
    expect(res.status).toBe(200);
    return { ...dbCost(res), body: res.body };
  };

  it("costs one round trip per page, and no more rows than the list plus each program's own page", async () => {
    const language = uniqueLanguage();
    const catalog = await buildCatalog(language, 30, 3, 4);

    const plain = await cost({ language, limit: 100 });
    const included = await cost({ language, limit: 100, include: "terms" });
    let detailRows = 0;
    for (const id of catalog.programIds)
      detailRows += dbCost(await callJson("GET", `/catalog/programs/${id}`)).rowsRead;

    expect(included.body.data).toHaveLength(30);
    expect(included.body.data.every((p: any) => p.terms.length === 3 && p.terms[2].lessons.length === 4)).toBe(true);
    expect([plain.queries, included.queries]).toEqual([1, 1]);
    expect(included.rowsRead).toBeGreaterThan(plain.rowsRead);
    expect(included.rowsRead).toBeLessThanOrEqual(plain.rowsRead + detailRows);
  });

  it("reads as many rows for a page whatever the size of the rest of the catalog", async () => {
    const language = uniqueLanguage();
    await buildCatalog(language, 3, 2, 2);
    const page = { language, limit: 2, include: "terms" };
    const before = await cost(page);

    // Twenty more programs of the same shape (newer, so the page now holds two of them), and thirty elsewhere.
    await buildCatalog(language, 20, 2, 2);
    await buildCatalog(uniqueLanguage(), 30, 2, 2);
    const after = await cost(page);

    expect(after.body.data).toHaveLength(2);
    expect(after.body.data.map((p: any) => p.terms.length)).toEqual([2, 2]);
    expect(after.queries).toBe(1);
    // Within a few rows: an index search reads the entry after its last match unless that match ends the index, and
    // where the page's terms fall in their indexes depends on their random ids (one more per search at most). Reading
    // the fifty programs added (and their 200 lessons) would add hundreds.
    expect(Math.abs(after.rowsRead - before.rowsRead)).toBeLessThanOrEqual(20);
  });

  it("reaches lessons only through the page's programs' terms (no scan, no sort)", async () => {
    const { program } = await publishedIn(uniqueLanguage());
    const topic = await createTopic();
    await tagProgram(program.id, topic.id);
    const { database, statements } = recordingDatabase();
    const filters = [
      { limit: 20 },
      { limit: 20, language: program.languagePrimary, topicId: topic.id },
      { limit: 20, after: [program.publishedAt!, program.id] as const },
    ];
    for (const filter of filters) await listCatalogProgramsWithTerms(database, filter);
    expect(statements).toHaveLength(filters.length * 2);

    for (const statement of statements) {
      const steps = await queryPlan(statement);
      const context = `${statement.sql}\n${steps.join("\n")}`;
      expect(
        steps.filter((step) => step.startsWith("SCAN")),
        context,
      ).toEqual([]);
      expect(steps, context).not.toContain("USE TEMP B-TREE FOR ORDER BY");
      for (const step of steps.filter((s) => /^SEARCH (lessons|l) /.test(s))) {
        expect(step, context).toMatch(
          /USING (COVERING )?INDEX lessons_term_status_number \(term_id=\? AND status=\?\)/,
        );
      }
    }
  });
});
