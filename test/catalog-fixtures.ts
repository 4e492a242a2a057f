/**
 * Catalog rows written straight to D1, for tests that need content in a given state (a published lesson, a due
 * scheduled one) without walking the CMS API to get there. Every builder returns the stored row.
 */

import { env } from "cloudflare:workers";
import {
  type LessonRow,
  lessonAssets,
  lessons,
  type ProgramRow,
  programAssets,
  programs,
  programTopics,
  type TermRow,
  type TopicRow,
  terms,
  topics,
} from "../src/catalog/schema";
import { purgeEdgeCache } from "../src/http/edge-cache";
import { db, uniqueWord } from "./helpers";

/**
 * A write straight to D1 goes round the API, and so round the purge of the public answers it changes: every builder
 * purges the catalog's cached answers itself, as an operator who edited the database would have to.
 */
export async function written<T>(value: T): Promise<T> {
  await purgeEdgeCache(env, "catalog");
  return value;
}

let clock = Date.parse("2026-01-01T00:00:00.000Z");
/** Distinct, increasing timestamps, so "newest first" orders are decided by time alone. */
export const nextInstant = (): string => {
  clock += 1000;
  return new Date(clock).toISOString();
};

export async function createProgram(fields: Partial<typeof programs.$inferInsert> = {}): Promise<ProgramRow> {
  const at = nextInstant();
  const row = await db()
    .insert(programs)
    .values({
      id: crypto.randomUUID(),
      title: `Program ${uniqueWord()}`,
      description: "A program for tests.",
      languagePrimary: "en",
      languagesAvailable: [fields.languagePrimary ?? "en"],
      createdAt: at,
      updatedAt: at,
      ...fields,
    })
    .returning()
    .get();
  return written(row!);
}

export async function createTopic(name = `Topic ${uniqueWord()}`): Promise<TopicRow> {
  const row = await db()
    .insert(topics)
    .values({ id: crypto.randomUUID(), name, createdAt: nextInstant() })
    .returning()
    .get();
  return written(row!);
}

export async function tagProgram(programId: string, ...topicIds: string[]): Promise<void> {
  await db()
    .insert(programTopics)
    .values(topicIds.map((topicId) => ({ programId, topicId })));
  await written(undefined);
}

export async function createTerm(programId: string, termNumber = 1, title = `Term ${termNumber}`): Promise<TermRow> {
  const at = nextInstant();
  const row = await db()
    .insert(terms)
    .values({ id: crypto.randomUUID(), programId, termNumber, title, createdAt: at, updatedAt: at })
    .returning()
    .get();
  return written(row!);
}

/** A video lesson in English, draft unless `fields` say otherwise. */
export async function createLesson(
  termId: string,
  lessonNumber = 1,
  fields: Partial<typeof lessons.$inferInsert> = {},
): Promise<LessonRow> {
  const at = nextInstant();
  const language = fields.contentLanguagePrimary ?? "en";
  const row = await db()
    .insert(lessons)
    .values({
      id: crypto.randomUUID(),
      termId,
      lessonNumber,
      title: `Lesson ${lessonNumber} ${uniqueWord()}`,
      contentType: "video",
      durationMs: 60_000,
      contentLanguagePrimary: language,
      contentLanguagesAvailable: [language],
      contentUrlsByLanguage: { [language]: `https://cdn.example.com/${crypto.randomUUID()}/${language}.m3u8` },
      createdAt: at,
      updatedAt: at,
      ...fields,
    })
    .returning()
    .get();
  return written(row!);
}

/** The portrait and landscape thumbnails a lesson needs in `language` before it can be published. */
export async function addThumbnails(
  lessonId: string,
  language = "en",
  variants: readonly ("portrait" | "landscape" | "square" | "banner")[] = ["portrait", "landscape"],
): Promise<void> {
  const at = nextInstant();
  await db()
    .insert(lessonAssets)
    .values(
      variants.map((variant) => ({
        id: crypto.randomUUID(),
        lessonId,
        language,
        variant,
        assetType: "thumbnail" as const,
        url: `https://cdn.example.com/thumbs/${lessonId}/${language}/${variant}.jpg`,
        createdAt: at,
        updatedAt: at,
      })),
    );
  await written(undefined);
}

/** Posters of a program in `language`: by default the portrait and landscape it needs before it can be published. */
export async function addPosters(
  programId: string,
  language = "en",
  variants: readonly ("portrait" | "landscape" | "square" | "banner")[] = ["portrait", "landscape"],
): Promise<void> {
  const at = nextInstant();
  await db()
    .insert(programAssets)
    .values(
      variants.map((variant) => ({
        id: crypto.randomUUID(),
        programId,
        language,
        variant,
        assetType: "poster" as const,
        url: `https://cdn.example.com/posters/${programId}/${language}/${variant}.jpg`,
        createdAt: at,
        updatedAt: at,
      })),
    );
  await written(undefined);
}

export const addPoster = (
  programId: string,
  language = "en",
  variant: "portrait" | "landscape" | "square" | "banner" = "portrait",
): Promise<void> => addPosters(programId, language, [variant]);

/**
 * A program (a draft in Telugu unless `fields` say otherwise) with one term, and the posters a draft program needs in
 * its primary language before its first lesson is published, unless `posters` is false.
 */
export async function programWithTerm(
  fields: Partial<typeof programs.$inferInsert> = {},
  { posters = true }: { posters?: boolean } = {},
): Promise<{ program: ProgramRow; term: TermRow }> {
  const language = fields.languagePrimary ?? "te";
  const program = await createProgram({ languagePrimary: language, languagesAvailable: [language], ...fields });
  if (posters) await addPosters(program.id, language);
  const term = await createTerm(program.id);
  return { program, term };
}

/** A scheduled lesson in `language`, due at `publishAt`, with its required thumbnails unless told otherwise. */
export async function scheduledLesson(
  termId: string,
  lessonNumber: number,
  publishAt: string,
  { language = "te", thumbnails = true }: { language?: string; thumbnails?: boolean } = {},
): Promise<LessonRow> {
  const lesson = await createLesson(termId, lessonNumber, {
    status: "scheduled",
    publishAt,
    contentLanguagePrimary: language,
  });
  if (thumbnails) await addThumbnails(lesson.id, language);
  return lesson;
}

/** A published program with one term and one published lesson (thumbnails included). */
export async function createPublishedProgram(fields: Partial<typeof programs.$inferInsert> = {}) {
  const publishedAt = nextInstant();
  const program = await createProgram({ status: "published", publishedAt, ...fields });
  const term = await createTerm(program.id);
  const lesson = await createLesson(term.id, 1, {
    status: "published",
    publishedAt,
    contentLanguagePrimary: program.languagePrimary,
    contentLanguagesAvailable: [program.languagePrimary],
    contentUrlsByLanguage: { [program.languagePrimary]: `https://cdn.example.com/${program.id}.m3u8` },
  });
  await addThumbnails(lesson.id, program.languagePrimary);
  return { program, term, lesson };
}
