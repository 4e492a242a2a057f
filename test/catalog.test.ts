import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  findCatalogLesson,
  findCatalogProgram,
  listCatalogPrograms,
  listCatalogTopics,
} from "../src/catalog/public/queries";
import { lessons, programs } from "../src/catalog/schema";
import {
  addPoster,
  addThumbnails,
  createLesson,
  createProgram,
  createTerm,
  createTopic,
  nextInstant,
  tagProgram,
} from "./catalog-fixtures";
import {
  buildCatalog,
  CACHE_CONTROL,
  conditionalGet,
  insertMany,
  lessonFields,
  listPrograms,
  programWith,
  publishedIn,
  recordingDatabase,
  STRONG_ETAG,
  uniqueLanguage,
} from "./catalog-public";
import {
  base64Url,
  call,
  callJson,
  db,
  dbCost,
  expectProblem,
  idsOf,
  MISSING_ID,
  type Query,
  uniqueWord,
  walkPages,
  withQuery,
} from "./helpers";

// Storage is shared by every test in this file. Each test puts its programs in a language of its own (`?language=`
// then shows only that test's programs) or looks only at the ids it made.

/** Every item of `path?query`, following `next_cursor` to the end (each page checked to be a 200 within limit). */
async function walkAll<T = any>(path: string, query: Query = {}): Promise<T[]> {
  return (await walkPages<T>("", path, query)).flatMap((page) => page.data);
}

// ---- visibility -----------------------------------------------------------------------------------------------------

describe("only published content", () => {
  it("lists a program only when it is published and has a published lesson", async () => {
    const language = uniqueLanguage();
    const visible = await publishedIn(language);
    const hidden = [
      await programWith(language, "draft", "published"),
      await programWith(language, "archived", "published"),
      // Published once, but its only lesson has since been archived.
      await programWith(language, "published", "archived"),
      await programWith(language, "published", "draft"),
      await programWith(language, "published", "scheduled"),
    ];
    const withoutLessons = await createProgram({
      status: "published",
      publishedAt: nextInstant(),
      languagePrimary: language,
      languagesAvailable: [language],
    });
    await createTerm(withoutLessons.id);

    const res = await listPrograms({ language });
    expect(res.status).toBe(200);
    expect(idsOf(res.body.data)).toEqual([visible.program.id]);

    const everything = idsOf(await walkAll("/catalog/programs", { limit: 100 }));
    expect(everything).toContain(visible.program.id);
    for (const { program } of hidden) expect(everything).not.toContain(program.id);
    expect(everything).not.toContain(withoutLessons.id);

    for (const { program, lesson } of hidden) {
      await expectProblem(await call("GET", `/catalog/programs/${program.id}`), 404, "not_found");
      await expectProblem(await call("GET", `/catalog/lessons/${lesson.id}`), 404, "not_found");
    }
    await expectProblem(await call("GET", `/catalog/programs/${withoutLessons.id}`), 404, "not_found");
  });

  it("shows only the published lessons of a program, and counts only those", async () => {
    const language = uniqueLanguage();
    const { program, term, lesson } = await publishedIn(language);
    const draft = await createLesson(term.id, 2, lessonFields(language, "draft"));
    const scheduled = await createLesson(term.id, 3, lessonFields(language, "scheduled"));
    const archived = await createLesson(term.id, 4, lessonFields(language, "archived"));

    const list = await listPrograms({ language });
    expect(list.body.data[0].lesson_count).toBe(1);

    const detail = await callJson("GET", `/catalog/programs/${program.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.lesson_count).toBe(1);
    expect(detail.body.terms.flatMap((t: any) => idsOf(t.lessons))).toEqual([lesson.id]);

    expect((await callJson("GET", `/catalog/lessons/${lesson.id}`)).status).toBe(200);
    for (const hidden of [draft, scheduled, archived]) {
      await expectProblem(await call("GET", `/catalog/lessons/${hidden.id}`), 404, "not_found");
    }
  });

  it("answers 404 for ids that do not exist", async () => {
    await expectProblem(await call("GET", `/catalog/programs/${MISSING_ID}`), 404, "not_found");
    await expectProblem(await call("GET", `/catalog/lessons/${MISSING_ID}`), 404, "not_found");
  });

  it("needs no sign-in", async () => {
    const { program, lesson } = await publishedIn(uniqueLanguage());
    for (const path of [
      "/catalog/programs",
      `/catalog/programs/${program.id}`,
      `/catalog/lessons/${lesson.id}`,
      "/catalog/topics",
    ]) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(200);
      await res.body?.cancel();
    }
  });
});

describe("OpenAPI", () => {
  it("documents the catalog routes under the Catalog tag, with their schemas, 304s and no security", async () => {
    const doc = (await callJson("GET", "/openapi.json")).body;
    const routes = {
      "/catalog/programs": "CatalogProgramPage",
      "/catalog/programs/{id}": "CatalogProgramDetail",
      "/catalog/lessons/{id}": "CatalogLessonDetail",
      "/catalog/topics": "CatalogTopicPage",
    };
    for (const [path, schema] of Object.entries(routes)) {
      const get = doc.paths[path]?.get;
      expect(get?.tags, path).toEqual(["Catalog"]);
      expect(get.security).toBeUndefined();
      expect(get.responses["200"].content["application/json"].schema.$ref).toBe(`#/components/schemas/${schema}`);
      expect(Object.keys(get.responses)).toContain("304");
    }
    for (const name of ["CatalogProgram", "CatalogLesson", "CatalogTerm", "CatalogTopic"]) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
  });
});

// ---- the program list -----------------------------------------------------------------------------------------------

describe("GET /catalog/programs", () => {
  it("orders by published_at, newest first, with the id breaking ties", async () => {
    const language = uniqueLanguage();
    const oldest = await publishedIn(language);
    const tiedAt = nextInstant();
    const tied = [
      await publishedIn(language, { publishedAt: tiedAt }),
      await publishedIn(language, { publishedAt: tiedAt }),
      await publishedIn(language, { publishedAt: tiedAt }),
    ];
    const newest = await publishedIn(language);
    const expected = [
      newest.program.id,
      ...idsOf(tied.map((t) => t.program)).sort((a, b) => (a < b ? 1 : -1)),
      oldest.program.id,
    ];

    expect(idsOf((await listPrograms({ language })).body.data)).toEqual(expected);
    // Page boundaries falling between programs published at the same instant lose and repeat nothing.
    for (const limit of [1, 2])
      expect(idsOf(await walkAll("/catalog/programs", { language, limit }))).toEqual(expected);
  });

  it("walks every program exactly once, next_cursor null on the last page", async () => {
    const language = uniqueLanguage();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.unshift((await publishedIn(language)).program.id);

    const pages = await walkPages("", "/catalog/programs", { language, limit: 3 });
    expect(pages.map((page) => page.data.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((page) => idsOf(page.data))).toEqual(made);
    expect(pages.at(-1)?.next_cursor).toBeNull();

    // A page that ends exactly at the last program says so: no empty page after it.
    const exact = await walkPages("", "/catalog/programs", { language, limit: 7 });
    expect(exact).toHaveLength(1);
    expect(exact[0]!.next_cursor).toBeNull();
    expect(idsOf(exact[0]!.data)).toEqual(made);

    // The default page size is 20.
    const defaults = await listPrograms({ language });
    expect(defaults.body.data).toHaveLength(7);
    expect(defaults.body.next_cursor).toBeNull();
  });

  it("refuses altered cursors and bad parameters", async () => {
    for (const cursor of ["not-a-cursor", base64Url('["2026-01-01T00:00:00.000Z"]'), base64Url('[1, "x"]')]) {
      const problem = expectProblem(await listPrograms({ cursor }), 400, "invalid_cursor");
      expect(problem.errors).toEqual([{ path: "cursor", message: expect.any(String) }]);
    }
    for (const [query, path] of [
      [{ limit: 0 }, "limit"],
      [{ limit: 101 }, "limit"],
      [{ limit: "many" }, "limit"],
      [{ language: "English!" }, "language"],
      [{ topic: "" }, "topic"],
    ] as const) {
      const problem = expectProblem(await listPrograms(query), 400, "validation_failed");
      expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    }
  });

  it("filters by primary language", async () => {
    const [first, second] = [uniqueLanguage(), uniqueLanguage()];
    const inFirst = await publishedIn(first);
    const inSecond = await publishedIn(second);
    // Available in the first language too, but its primary language is the second.
    const alsoFirst = await publishedIn(second, { languagesAvailable: [second, first] });

    expect(idsOf((await listPrograms({ language: first })).body.data)).toEqual([inFirst.program.id]);
    expect(idsOf((await listPrograms({ language: second })).body.data)).toEqual([
      alsoFirst.program.id,
      inSecond.program.id,
    ]);
    expect((await listPrograms({ language: uniqueLanguage() })).body).toEqual({ data: [], next_cursor: null });
  });

  it("filters by topic, alone and with a language", async () => {
    const [language, other] = [uniqueLanguage(), uniqueLanguage()];
    const [music, dance] = [await createTopic(), await createTopic()];
    const musicOnly = await publishedIn(language);
    const both = await publishedIn(language);
    const danceOnly = await publishedIn(language);
    const musicElsewhere = await publishedIn(other);
    const musicDraft = await programWith(language, "draft", "published");
    await tagProgram(musicOnly.program.id, music.id);
    await tagProgram(both.program.id, music.id, dance.id);
    await tagProgram(danceOnly.program.id, dance.id);
    await tagProgram(musicElsewhere.program.id, music.id);
    await tagProgram(musicDraft.program.id, music.id);

    expect(idsOf((await listPrograms({ topic: music.id })).body.data)).toEqual([
      musicElsewhere.program.id,
      both.program.id,
      musicOnly.program.id,
    ]);
    expect(idsOf((await listPrograms({ topic: music.id, language })).body.data)).toEqual([
      both.program.id,
      musicOnly.program.id,
    ]);
    expect(idsOf((await listPrograms({ topic: dance.id, language })).body.data)).toEqual([
      danceOnly.program.id,
      both.program.id,
    ]);
    expect(idsOf(await walkAll("/catalog/programs", { topic: music.id, limit: 1 }))).toEqual([
      musicElsewhere.program.id,
      both.program.id,
      musicOnly.program.id,
    ]);
    expect((await listPrograms({ topic: MISSING_ID })).body).toEqual({ data: [], next_cursor: null });
  });

  it("shows each program with its topics by name and its posters by language and variant", async () => {
    const language = uniqueLanguage();
    const word = uniqueWord();
    const zeta = await createTopic(`${word} zeta`);
    const alpha = await createTopic(`${word} Alpha`);
    const { program } = await publishedIn(language, { languagesAvailable: [language, "en"] });
    await tagProgram(program.id, zeta.id, alpha.id);
    await addPoster(program.id, language, "portrait");
    await addPoster(program.id, language, "landscape");
    await addPoster(program.id, "en", "portrait");

    const [item] = (await listPrograms({ language })).body.data;
    const poster = (lang: string, variant: string) =>
      `https://cdn.example.com/posters/${program.id}/${lang}/${variant}.jpg`;
    expect(item).toEqual({
      id: program.id,
      title: program.title,
      description: program.description,
      language_primary: language,
      languages_available: [language, "en"],
      published_at: program.publishedAt,
      lesson_count: 1,
      topics: [
        { id: alpha.id, name: alpha.name },
        { id: zeta.id, name: zeta.name },
      ],
      assets: {
        posters: {
          en: { portrait: poster("en", "portrait") },
          [language]: { landscape: poster(language, "landscape"), portrait: poster(language, "portrait") },
        },
      },
    });
  });
});

// ---- one program ----------------------------------------------------------------------------------------------------

describe("GET /catalog/programs/:id", () => {
  it("gives the program with its terms in order, each with its published lessons in order", async () => {
    const language = uniqueLanguage();
    const topic = await createTopic();
    const { program, term: first, lesson: firstLesson } = await publishedIn(language);
    await tagProgram(program.id, topic.id);
    await addPoster(program.id, language, "banner");
    // Created out of order, to see that order comes from the numbers.
    const third = await createTerm(program.id, 3, "Third term");
    const second = await createTerm(program.id, 2, "Only drafts");
    const thirdB = await createLesson(third.id, 2, { ...lessonFields(language, "published"), isPaid: true });
    const thirdA = await createLesson(third.id, 1, {
      ...lessonFields(language, "published"),
      contentType: "article",
      durationMs: null,
      contentLanguagesAvailable: [language, "en"],
      contentUrlsByLanguage: { [language]: "https://cdn.example.com/a.html", en: "https://cdn.example.com/a-en.html" },
      subtitleLanguages: ["en"],
      subtitleUrlsByLanguage: { en: "https://cdn.example.com/a-en.vtt" },
    });
    await createLesson(third.id, 3, lessonFields(language, "draft"));
    await createLesson(second.id, 1, lessonFields(language, "draft"));
    await createLesson(second.id, 2, lessonFields(language, "scheduled"));
    await addThumbnails(thirdA.id, language, ["square", "portrait"]);
    await addThumbnails(thirdA.id, "en", ["banner"]);

    const res = await callJson("GET", `/catalog/programs/${program.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: program.id,
      title: program.title,
      language_primary: language,
      published_at: program.publishedAt,
      lesson_count: 3,
      topics: [{ id: topic.id, name: topic.name }],
      assets: { posters: { [language]: { banner: expect.stringMatching(/^https:/) } } },
    });
    // The term with only unpublished lessons is left out.
    expect(res.body.terms.map((t: any) => [t.id, t.term_number, t.title])).toEqual([
      [first.id, 1, first.title],
      [third.id, 3, "Third term"],
    ]);
    expect(res.body.terms.map((t: any) => idsOf(t.lessons))).toEqual([[firstLesson.id], [thirdA.id, thirdB.id]]);

    const thumb = (lessonId: string, lang: string, variant: string) =>
      `https://cdn.example.com/thumbs/${lessonId}/${lang}/${variant}.jpg`;
    expect(res.body.terms[1].lessons[0]).toEqual({
      id: thirdA.id,
      lesson_number: 1,
      title: thirdA.title,
      description: thirdA.description,
      content_type: "article",
      duration_ms: null,
      is_paid: false,
      content_language_primary: language,
      content_languages_available: [language, "en"],
      content_urls_by_language: {
        [language]: "https://cdn.example.com/a.html",
        en: "https://cdn.example.com/a-en.html",
      },
      subtitle_languages: ["en"],
      subtitle_urls_by_language: { en: "https://cdn.example.com/a-en.vtt" },
      published_at: thirdA.publishedAt,
      assets: {
        thumbnails: {
          en: { banner: thumb(thirdA.id, "en", "banner") },
          [language]: {
            portrait: thumb(thirdA.id, language, "portrait"),
            square: thumb(thirdA.id, language, "square"),
          },
        },
      },
    });
    expect(res.body.terms[1].lessons[1]).toMatchObject({
      id: thirdB.id,
      content_type: "video",
      duration_ms: 60_000,
      is_paid: true,
      assets: { thumbnails: {} },
    });
  });
});

// ---- one lesson -----------------------------------------------------------------------------------------------------

describe("GET /catalog/lessons/:id", () => {
  it("gives a published lesson with its thumbnails, its term and its program", async () => {
    const language = uniqueLanguage();
    const { program, term, lesson } = await publishedIn(language);
    const res = await callJson("GET", `/catalog/lessons/${lesson.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: lesson.id,
      lesson_number: 1,
      title: lesson.title,
      content_type: "video",
      duration_ms: 60_000,
      is_paid: false,
      content_language_primary: language,
      published_at: lesson.publishedAt,
      assets: {
        thumbnails: {
          [language]: {
            landscape: `https://cdn.example.com/thumbs/${lesson.id}/${language}/landscape.jpg`,
            portrait: `https://cdn.example.com/thumbs/${lesson.id}/${language}/portrait.jpg`,
          },
        },
      },
      program: { id: program.id, title: program.title },
      term: { id: term.id, term_number: 1, title: term.title },
    });
    expect(Object.keys(res.body)).not.toContain("status");
  });

  it("answers 404 when the lesson's program is archived, even if the lesson is published", async () => {
    const { program, lesson } = await publishedIn(uniqueLanguage());
    await db().update(programs).set({ status: "archived" }).where(eq(programs.id, program.id));
    await expectProblem(await call("GET", `/catalog/lessons/${lesson.id}`), 404, "not_found");
    await expectProblem(await call("GET", `/catalog/programs/${program.id}`), 404, "not_found");
  });
});

// ---- topics ---------------------------------------------------------------------------------------------------------

describe("GET /catalog/topics", () => {
  it("lists topics of catalog programs by name, with how many catalog programs have each", async () => {
    const language = uniqueLanguage();
    const word = uniqueWord();
    const beta = await createTopic(`${word} beta`);
    const alpha = await createTopic(`${word} Alpha`);
    const gamma = await createTopic(`${word} gamma`);
    const unused = await createTopic(`${word} unused`);
    const onlyHidden = await createTopic(`${word} hidden`);
    const [one, two] = [await publishedIn(language), await publishedIn(language)];
    await tagProgram(one.program.id, alpha.id, beta.id, gamma.id);
    await tagProgram(two.program.id, beta.id);
    for (const hidden of [
      await programWith(language, "draft", "published"),
      await programWith(language, "archived", "published"),
      await programWith(language, "published", "archived"),
    ]) {
      await tagProgram(hidden.program.id, beta.id, onlyHidden.id);
    }

    const all = await walkAll<{ id: string; name: string; program_count: number }>("/catalog/topics", { limit: 100 });
    const ours = all.filter((topic) => topic.name.startsWith(word));
    expect(ours).toEqual([
      { id: alpha.id, name: alpha.name, program_count: 1 },
      { id: beta.id, name: beta.name, program_count: 2 },
      { id: gamma.id, name: gamma.name, program_count: 1 },
    ]);
    expect(idsOf(all)).not.toContain(unused.id);
    expect(idsOf(all)).not.toContain(onlyHidden.id);

    // Every topic in the file, page by page: by name regardless of case, each once.
    const names = all.map((topic) => topic.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(await walkAll("/catalog/topics", { limit: 2 })).toEqual(all);
    expect(all.every((topic) => topic.program_count >= 1)).toBe(true);
  });

  it("refuses altered cursors", async () => {
    for (const cursor of ["%%%", base64Url("[1]"), base64Url('["a", "b"]')]) {
      await expectProblem(await call("GET", withQuery("/catalog/topics", { cursor })), 400, "invalid_cursor");
    }
  });
});

// ---- caching --------------------------------------------------------------------------------------------------------

describe("caching", () => {
  async function catalogPaths() {
    const language = uniqueLanguage();
    const { program, lesson } = await publishedIn(language);
    await tagProgram(program.id, (await createTopic()).id);
    return [
      withQuery("/catalog/programs", { language }),
      `/catalog/programs/${program.id}`,
      `/catalog/lessons/${lesson.id}`,
      "/catalog/topics",
    ];
  }

  it("marks answers public for a minute with a strong ETag, and answers If-None-Match with a bodiless 304", async () => {
    for (const path of await catalogPaths()) {
      const res = await call("GET", path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("Cache-Control"), path).toBe(CACHE_CONTROL);
      const etag = res.headers.get("ETag") ?? "";
      expect(etag, path).toMatch(STRONG_ETAG);
      const body = await res.text();

      // The same content gives the same tag.
      const again = await call("GET", path);
      expect(again.headers.get("ETag")).toBe(etag);
      expect(await again.text()).toBe(body);

      for (const held of [etag, `"0000", ${etag}`]) {
        const notModified = await conditionalGet(path, held);
        expect(notModified.status, path).toBe(304);
        expect(notModified.text).toBe("");
        expect(notModified.headers.get("ETag")).toBe(etag);
        expect(notModified.headers.get("Cache-Control")).toBe(CACHE_CONTROL);
        expect(notModified.headers.get("Content-Type")).toBeNull();
      }

      const stale = await conditionalGet(path, '"not-the-current-tag"');
      expect(stale.status).toBe(200);
      expect(stale.text).toBe(body);
    }
  });

  it("changes the ETag when the content changes", async () => {
    const language = uniqueLanguage();
    const { program, term, lesson } = await publishedIn(language);
    const paths = [
      withQuery("/catalog/programs", { language }),
      `/catalog/programs/${program.id}`,
      `/catalog/lessons/${lesson.id}`,
    ];
    const before = await Promise.all(paths.map(async (path) => (await callJson("GET", path)).headers.get("ETag")!));

    await createLesson(term.id, 2, lessonFields(language, "published"));
    await addThumbnails(lesson.id, language, ["square"]);

    for (const [i, path] of paths.entries()) {
      const after = await conditionalGet(path, before[i]!);
      expect(after.status, path).toBe(200);
      expect(after.headers.get("ETag")).toMatch(STRONG_ETAG);
      expect(after.headers.get("ETag")).not.toBe(before[i]);
    }

    const topicsBefore = (await callJson("GET", withQuery("/catalog/topics", { limit: 100 }))).headers.get("ETag")!;
    await tagProgram(program.id, (await createTopic()).id);
    expect((await conditionalGet(withQuery("/catalog/topics", { limit: 100 }), topicsBefore)).status).toBe(200);
  });

  it("does not let errors be stored, nor tag them", async () => {
    for (const res of [
      await call("GET", `/catalog/programs/${MISSING_ID}`),
      await call("GET", `/catalog/lessons/${MISSING_ID}`),
      await call("GET", withQuery("/catalog/programs", { limit: 0 })),
      await call("GET", withQuery("/catalog/topics", { cursor: "bogus" })),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(res.headers.get("ETag")).toBeNull();
      await res.body?.cancel();
    }
  });
});

// ---- query budget ---------------------------------------------------------------------------------------------------

/** What each catalog route costs for a catalog built by `buildCatalog`, and what it answered. */
async function routeCosts(language: string, catalog: { programIds: string[]; lessonIds: string[]; topicId: string }) {
  const paths = {
    list: withQuery("/catalog/programs", { language, limit: 100 }),
    listByTopic: withQuery("/catalog/programs", { topic: catalog.topicId, language, limit: 100 }),
    program: `/catalog/programs/${catalog.programIds[0]}`,
    lesson: `/catalog/lessons/${catalog.lessonIds.at(-1)}`,
    topics: withQuery("/catalog/topics", { limit: 100 }),
  };
  const costs: Record<string, { queries: number; rowsRead: number }> = {};
  const bodies: Record<string, any> = {};
  for (const [name, path] of Object.entries(paths)) {
    const res = await callJson("GET", path);
    expect(res.status, path).toBe(200);
    costs[name] = dbCost(res);
    bodies[name] = res.body;
  }
  return { costs, bodies };
}

describe("query budget", () => {
  it("costs each route one D1 round trip, for one program as for thirty of three terms of four lessons", async () => {
    const [small, large] = [uniqueLanguage(), uniqueLanguage()];
    const one = await routeCosts(small, await buildCatalog(small, 1, 1, 1));
    const thirty = await routeCosts(large, await buildCatalog(large, 30, 3, 4));

    expect(one.bodies.list.data).toHaveLength(1);
    expect(thirty.bodies.list.data).toHaveLength(30);
    expect(thirty.bodies.listByTopic.data).toHaveLength(30);
    expect(thirty.bodies.list.data.every((p: any) => p.lesson_count === 12 && p.topics.length === 1)).toBe(true);
    expect(thirty.bodies.program.terms.map((t: any) => t.lessons.length)).toEqual([4, 4, 4]);
    expect(thirty.bodies.lesson.term.term_number).toBe(3);

    for (const route of Object.keys(one.costs)) {
      expect(one.costs[route]!.queries, route).toBeLessThanOrEqual(2);
      expect(thirty.costs[route]!.queries, route).toBe(one.costs[route]!.queries);
    }
    expect(Object.values(thirty.costs).map((cost) => cost.queries)).toEqual([1, 1, 1, 1, 1]);
  });

  it("reads no more rows when hundreds of unrelated draft lessons exist", async () => {
    const language = uniqueLanguage();
    const topic = await createTopic();
    const { program, lesson } = await publishedIn(language);
    const other = await publishedIn(language);
    await tagProgram(program.id, topic.id);
    await tagProgram(other.program.id, topic.id);
    const paths = [
      withQuery("/catalog/programs", { language }),
      withQuery("/catalog/programs", { language, topic: topic.id }),
      `/catalog/programs/${program.id}`,
      `/catalog/lessons/${lesson.id}`,
    ];
    const rowsRead = async () => Promise.all(paths.map(async (path) => dbCost(await callJson("GET", path)).rowsRead));
    const before = await rowsRead();

    // 300 drafts: 100 in a draft term of the same program, 200 in a draft program with the same language and topic.
    const draftTerm = await createTerm(program.id, 2, "Drafts");
    const draftProgram = await programWith(language, "draft", "draft");
    await tagProgram(draftProgram.program.id, topic.id);
    const at = nextInstant();
    const drafts = (termId: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        id: crypto.randomUUID(),
        termId,
        lessonNumber: i + 2,
        title: `Draft ${i}`,
        contentType: "audio" as const,
        durationMs: 1000,
        contentLanguagePrimary: language,
        contentLanguagesAvailable: [language],
        contentUrlsByLanguage: { [language]: "https://cdn.example.com/a.mp3" },
        createdAt: at,
        updatedAt: at,
      }));
    await insertMany(lessons, [...drafts(draftTerm.id, 100), ...drafts(draftProgram.term.id, 200)]);

    const after = await rowsRead();
    for (const [i, path] of paths.entries()) {
      // At most the draft term itself (a term row and its index entry) is read again; no draft lesson is.
      expect(after[i]! - before[i]!, path).toBeLessThanOrEqual(2);
      expect(after[i]!, path).toBeLessThan(50);
    }
  });

  it("reaches lessons only through a lesson id or a term's published lessons (no scan, no sort)", async () => {
    const { program, lesson, term } = await publishedIn(uniqueLanguage());
    const topic = await createTopic();
    await tagProgram(program.id, topic.id);
    const { database, statements } = recordingDatabase();
    await listCatalogPrograms(database, { limit: 20 });
    await listCatalogPrograms(database, { limit: 20, language: program.languagePrimary, topicId: topic.id });
    await listCatalogPrograms(database, { limit: 20, after: [program.publishedAt!, program.id] });
    expect(await findCatalogProgram(database, program.id)).toBeDefined();
    expect((await findCatalogLesson(database, lesson.id))?.termId).toBe(term.id);
    await listCatalogTopics(database, { limit: 20 });
    await listCatalogTopics(database, { limit: 20, after: "m" });
    expect(statements).toHaveLength(8);

    for (const { sql, params } of statements) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const steps = plan.results.map((row) => row.detail);
      const context = `${sql}\n${steps.join("\n")}`;
      // The topic list walks topics in name order through its unique index, stopping after a page; nothing else
      // scans, and no order needs a sort.
      const scans = steps.filter((step) => step.startsWith("SCAN") && !/^SCAN topics USING INDEX/.test(step));
      expect(scans, context).toEqual([]);
      expect(steps, context).not.toContain("USE TEMP B-TREE FOR ORDER BY");
      // Without these, SQLite may walk every published lesson (lessons_status_publish_at) to find a program's.
      for (const step of steps.filter((s) => /^SEARCH (lessons|l) /.test(s))) {
        expect(step, context).toMatch(
          /USING (COVERING )?INDEX (lessons_term_status_number \(term_id=\? AND status=\?\)|sqlite_autoindex_lessons_1 \(id=\?\))/,
        );
      }
      for (const step of steps.filter((s) => /^SEARCH (programs|p) /.test(s))) {
        expect(step, context).toMatch(/\((id=\?|status=\?.*)\)$/);
      }
    }
  });
});
