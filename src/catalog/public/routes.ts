import { createRoute } from "@hono/zod-openapi";
import { etag } from "hono/etag";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../env";
import { servedFromEdgeCache } from "../../http/edge-cache";
import { createRouter, IdParam, IfNoneMatchHeaders, jsonContent, notModified, problems } from "../../http/openapi";
import { decodeCursor, PageQuery, pageOf, toPage } from "../../http/pagination";
import { notFound } from "../../http/problem";
import {
  CatalogLessonDetailSchema,
  CatalogProgramDetailSchema,
  CatalogProgramListItemSchema,
  CatalogTopicSchema,
  ListCatalogProgramsQuery,
  lessonsByProgram,
  PublishedFirstPosition,
  presentCatalogLessonDetail,
  presentCatalogProgram,
  presentCatalogProgramDetail,
  presentCatalogTopic,
  TopicNamePosition,
} from "./models";
import {
  findCatalogLesson,
  findCatalogProgram,
  listCatalogPrograms,
  listCatalogProgramsWithTerms,
  listCatalogTopics,
  type ProgramRecord,
} from "./queries";

export const CATALOG_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";

/**
 * Answers are cacheable by browsers and shared caches for a minute, then served stale while revalidated; errors
 * are not stored at all, so that a lesson published a moment after a 404 shows up at once.
 */
const cacheForAMinute = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const ok = c.res.status === 200 || c.res.status === 304;
  c.res.headers.set("Cache-Control", ok ? CATALOG_CACHE_CONTROL : "no-store");
});

/**
 * The middleware of a public read of the catalog's content (discovery's too): served from the edge cache (scope
 * `catalog`, purged by every CMS write and by the publisher), cacheable for a minute, with an ETag. Order matters: the
 * edge cache stores what the others make of the answer; Hono's etag builds a fresh 304 (keeping only the ETag), so
 * Cache-Control is set around it.
 *
 * @example
 * createRoute({ method: "get", path: "/discovery/featured", middleware: cachedCatalogRead, ... });
 */
export const cachedCatalogRead = [servedFromEdgeCache("catalog"), cacheForAMinute, etag()];
const tags = ["Catalog"];

const listPrograms = createRoute({
  method: "get",
  path: "/catalog/programs",
  tags,
  summary: "Programs in the catalog, most recently published first",
  description:
    "Published programs with at least one published lesson, newest `published_at` first (ties broken by id). " +
    "`language` matches the program's primary language; `topic` is a topic id. `include=terms` gives each " +
    "program its terms with their published lessons too, as `GET /catalog/programs/{id}` does.",
  middleware: cachedCatalogRead,
  request: { query: ListCatalogProgramsQuery, headers: IfNoneMatchHeaders },
  responses: {
    200: jsonContent(pageOf(CatalogProgramListItemSchema, "CatalogProgramPage"), "A page of programs"),
    ...notModified,
    ...problems(400),
  },
});

const getProgram = createRoute({
  method: "get",
  path: "/catalog/programs/{id}",
  tags,
  summary: "A program with its topics, terms and published lessons",
  description:
    "Terms by term_number, each with its published lessons by lesson_number. Terms without a published lesson " +
    "are left out. 404 unless the program is in the catalog.",
  middleware: cachedCatalogRead,
  request: { params: IdParam, headers: IfNoneMatchHeaders },
  responses: {
    200: jsonContent(CatalogProgramDetailSchema, "The program"),
    ...notModified,
    ...problems(404),
  },
});

const getLesson = createRoute({
  method: "get",
  path: "/catalog/lessons/{id}",
  tags,
  summary: "A published lesson with its term and program",
  description: "404 unless the lesson is published and its program is in the catalog.",
  middleware: cachedCatalogRead,
  request: { params: IdParam, headers: IfNoneMatchHeaders },
  responses: {
    200: jsonContent(CatalogLessonDetailSchema, "The lesson"),
    ...notModified,
    ...problems(404),
  },
});

const listTopics = createRoute({
  method: "get",
  path: "/catalog/topics",
  tags,
  summary: "Topics of catalog programs, by name",
  description: "Topics that at least one program in the catalog has, ordered by name regardless of case.",
  middleware: cachedCatalogRead,
  request: { query: PageQuery, headers: IfNoneMatchHeaders },
  responses: {
    200: jsonContent(pageOf(CatalogTopicSchema, "CatalogTopicPage"), "A page of topics"),
    ...notModified,
    ...problems(400),
  },
});

/** The public catalog: published content only, no sign-in, cacheable. Each route is one D1 round trip. */
export const publicCatalogRoutes = createRouter()
  .openapi(listPrograms, async (c) => {
    const { limit, cursor, language, topic, include } = c.req.valid("query");
    const after = await decodeCursor(c, cursor, PublishedFirstPosition);
    const filter = { limit, after, language, topicId: topic };
    const position = (row: ProgramRecord) => [row.publishedAt, row.id];
    if (include !== "terms") {
      const rows = await listCatalogPrograms(c.var.db, filter);
      return c.json(await toPage(c, rows, limit, position, presentCatalogProgram), 200);
    }
    const page = await listCatalogProgramsWithTerms(c.var.db, filter);
    const lessonsOf = lessonsByProgram(page.lessons);
    const present = (row: ProgramRecord) => presentCatalogProgramDetail(row, lessonsOf.get(row.id) ?? []);
    return c.json(await toPage(c, page.programs, limit, position, present), 200);
  })
  .openapi(getProgram, async (c) => {
    const found = await findCatalogProgram(c.var.db, c.req.valid("param").id);
    if (!found) throw notFound("program");
    return c.json(presentCatalogProgramDetail(found.program, found.lessons), 200);
  })
  .openapi(getLesson, async (c) => {
    const lesson = await findCatalogLesson(c.var.db, c.req.valid("param").id);
    if (!lesson) throw notFound("lesson");
    return c.json(presentCatalogLessonDetail(lesson), 200);
  })
  .openapi(listTopics, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await listCatalogTopics(c.var.db, {
      limit,
      after: (await decodeCursor(c, cursor, TopicNamePosition))?.[0],
    });
    return c.json(await toPage(c, rows, limit, (row) => [row.sortKey], presentCatalogTopic), 200);
  });
