/**
 * Helpers of the public catalog's tests (test/catalog*.test.ts): calling the list, programs and lessons in a given
 * state, catalogs built in bulk, and a drizzle database that keeps every statement it sends so that a test can ask
 * SQLite how it runs them (EXPLAIN QUERY PLAN).
 */
import { env } from "cloudflare:workers";
import { getTableColumns } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import {
  type LessonRow,
  lessonAssets,
  lessons,
  type ProgramRow,
  programAssets,
  programs,
  programTopics,
  type TermRow,
  terms,
} from "../src/catalog/schema";
import {
  createLesson,
  createProgram,
  createPublishedProgram,
  createTerm,
  createTopic,
  nextInstant,
  written,
} from "./catalog-fixtures";
import { call, callJson, db, type Page, type Query, withQuery } from "./helpers";

/** A language tag no other test uses, e.g. `zz-1a2b3c4d`: `?language=` then shows only one test's programs. */
export const uniqueLanguage = () => `zz-${crypto.randomUUID().slice(0, 8)}`;

export const CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300";
export const STRONG_ETAG = /^"[0-9a-f]{40}"$/;

export const listPrograms = (query: Query) => callJson<Page<any>>("GET", withQuery("/catalog/programs", query));

/** A published program in `language` with one published lesson (and its thumbnails). */
export const publishedIn = (language: string, fields: Partial<typeof programs.$inferInsert> = {}) =>
  createPublishedProgram({ languagePrimary: language, languagesAvailable: [language], ...fields });

/** A program in `status` with one term holding one lesson in `lessonStatus`, dates filled in as the rules require. */
export async function programWith(
  language: string,
  status: ProgramRow["status"],
  lessonStatus: LessonRow["status"],
): Promise<{ program: ProgramRow; term: TermRow; lesson: LessonRow }> {
  const at = nextInstant();
  const program = await createProgram({
    status,
    languagePrimary: language,
    languagesAvailable: [language],
    publishedAt: status === "draft" ? null : at,
  });
  const term = await createTerm(program.id);
  const lesson = await createLesson(term.id, 1, lessonFields(language, lessonStatus));
  return { program, term, lesson };
}

export function lessonFields(language: string, status: LessonRow["status"]): Partial<typeof lessons.$inferInsert> {
  const at = nextInstant();
  return {
    status,
    contentLanguagePrimary: language,
    contentLanguagesAvailable: [language],
    contentUrlsByLanguage: { [language]: `https://cdn.example.com/${crypto.randomUUID()}.m3u8` },
    publishAt: status === "scheduled" ? "2030-01-01T00:00:00.000Z" : null,
    publishedAt: status === "published" || status === "archived" ? at : null,
  };
}

/** GET with `If-None-Match`, body read as text (a 304 must have none). */
export async function conditionalGet(
  path: string,
  etag: string,
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await call("GET", path, { headers: { "If-None-Match": etag } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Inserts rows in statements of at most 100 bound parameters, all in one batch. */
export async function insertMany<T extends Record<string, unknown>>(
  table: typeof programs | typeof terms | typeof lessons | typeof lessonAssets | typeof programAssets,
  rows: T[],
): Promise<void> {
  if (rows.length === 0) return;
  // Drizzle binds every column of the table, defaults included.
  const perRow = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.floor(100 / perRow));
  const database = db();
  const statements = [];
  for (let i = 0; i < rows.length; i += size) {
    statements.push(database.insert(table).values(rows.slice(i, i + size) as any));
  }
  await database.batch(statements as [any, ...any[]]);
  await written(undefined);
}

/**
 * `programCount` published programs in `language`, each with `termCount` terms of `lessonCount` published lessons
 * (with two thumbnails each), a poster and a topic.
 */
export async function buildCatalog(language: string, programCount: number, termCount: number, lessonCount: number) {
  const topic = await createTopic();
  const at = nextInstant();
  const programRows = [];
  const termRows = [];
  const lessonRows = [];
  const thumbnailRows = [];
  const posterRows = [];
  for (let p = 0; p < programCount; p++) {
    const programId = crypto.randomUUID();
    programRows.push({
      id: programId,
      title: `Program ${p}`,
      description: "",
      languagePrimary: language,
      languagesAvailable: [language],
      status: "published" as const,
      publishedAt: nextInstant(),
      createdAt: at,
      updatedAt: at,
    });
    posterRows.push({
      id: crypto.randomUUID(),
      programId,
      language,
      variant: "portrait" as const,
      assetType: "poster" as const,
      url: `https://cdn.example.com/${programId}.jpg`,
      createdAt: at,
      updatedAt: at,
    });
    for (let t = 1; t <= termCount; t++) {
      const termId = crypto.randomUUID();
      termRows.push({ id: termId, programId, termNumber: t, title: `Term ${t}`, createdAt: at, updatedAt: at });
      for (let l = 1; l <= lessonCount; l++) {
        const lessonId = crypto.randomUUID();
        lessonRows.push({
          id: lessonId,
          termId,
          lessonNumber: l,
          title: `Lesson ${l}`,
          contentType: "video" as const,
          durationMs: 1000,
          contentLanguagePrimary: language,
          contentLanguagesAvailable: [language],
          contentUrlsByLanguage: { [language]: "https://cdn.example.com/v.m3u8" },
          status: "published" as const,
          publishedAt: at,
          createdAt: at,
          updatedAt: at,
        });
        for (const variant of ["portrait", "landscape"] as const) {
          thumbnailRows.push({
            id: crypto.randomUUID(),
            lessonId,
            language,
            variant,
            assetType: "thumbnail" as const,
            url: `https://cdn.example.com/${lessonId}/${variant}.jpg`,
            createdAt: at,
            updatedAt: at,
          });
        }
      }
    }
  }
  await insertMany(programs, programRows);
  await insertMany(programAssets, posterRows);
  await insertMany(terms, termRows);
  await insertMany(lessons, lessonRows);
  await insertMany(lessonAssets, thumbnailRows);
  await db()
    .insert(programTopics)
    .values(programRows.map((program) => ({ programId: program.id, topicId: topic.id })));
  await written(undefined);
  return { programIds: programRows.map((p) => p.id), lessonIds: lessonRows.map((l) => l.id), topicId: topic.id };
}

/** A drizzle database that notes every statement it sends, for EXPLAIN QUERY PLAN. */
export function recordingDatabase() {
  const statements: { sql: string; params: unknown[] }[] = [];
  const statement = (inner: D1PreparedStatement, sql: string, params: unknown[] = []): any => ({
    inner,
    sql,
    params,
    bind: (...values: unknown[]) => statement(inner.bind(...values), sql, values),
    all: () => {
      statements.push({ sql, params });
      return inner.all();
    },
    raw: async () => {
      statements.push({ sql, params });
      return (await inner.all()).results.map((row) => Object.values(row as object));
    },
  });
  const client = {
    prepare: (sql: string) => statement(env.DB.prepare(sql), sql),
    batch: (list: { inner: D1PreparedStatement; sql: string; params: unknown[] }[]) => {
      statements.push(...list.map(({ sql, params }) => ({ sql, params })));
      return env.DB.batch(list.map((s) => s.inner));
    },
  };
  return { database: drizzle(client as unknown as D1Database), statements };
}

/** What SQLite says it will do for a recorded statement, one step a line (`SEARCH …`, `SCAN …`, `USE TEMP B-TREE …`). */
export async function queryPlan({ sql, params }: { sql: string; params: unknown[] }): Promise<string[]> {
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return plan.results.map((row) => row.detail);
}
