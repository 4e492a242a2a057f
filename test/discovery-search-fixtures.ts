/** Published content and searches for the search tests (test/discovery-search*.test.ts). */
import { expect } from "vitest";
import type { LessonRow, ProgramRow, TermRow } from "../src/catalog/schema";
import type { SearchResult } from "../src/discovery/search/models";
import { createLesson, createProgram, createTerm, nextInstant } from "./catalog-fixtures";
import { callJson, freshIp, type JsonReply, type Query, withQuery } from "./helpers";

/** GET /discovery/search with `query`, from a client address of its own (the route is rate limited per address). */
export const search = (query: Query): Promise<JsonReply<SearchResult>> =>
  callJson<SearchResult>("GET", withQuery("/discovery/search", query), { headers: { "CF-Connecting-IP": freshIp() } });

/** The ids a search finds on its first page, in rank order, checked to be a 200. */
export async function foundIds(query: Query): Promise<string[]> {
  const res = await search({ limit: 100, ...query });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.map((hit) => hit.id);
}

type LessonFields = Partial<Parameters<typeof createLesson>[2]>;

/**
 * A published program (Telugu unless `program` says otherwise) with one term and published lessons made from
 * `lessons` (video, one minute, unless they say otherwise).
 */
export async function publishedProgram(
  program: Partial<Parameters<typeof createProgram>[0]> = {},
  lessons: LessonFields[] = [{}],
): Promise<{ program: ProgramRow; term: TermRow; lessons: LessonRow[] }> {
  const language = program.languagePrimary ?? "te";
  const created = await createProgram({
    status: "published",
    publishedAt: nextInstant(),
    languagePrimary: language,
    languagesAvailable: [language],
    ...program,
  });
  const term = await createTerm(created.id);
  const rows: LessonRow[] = [];
  for (const [i, fields] of lessons.entries()) {
    rows.push(await lessonIn(term.id, i + 1, language, { status: "published", publishedAt: nextInstant(), ...fields }));
  }
  return { program: created, term, lessons: rows };
}

/** A lesson in `language` (its content and URL in that language), with `fields` on top. */
export const lessonIn = (termId: string, lessonNumber: number, language: string, fields: LessonFields = {}) =>
  createLesson(termId, lessonNumber, {
    contentLanguagePrimary: language,
    contentLanguagesAvailable: [language],
    contentUrlsByLanguage: { [language]: `https://cdn.example.com/${crypto.randomUUID()}.m3u8` },
    ...fields,
  });

/** `length` random lower-case ASCII letters: a short word no other test is likely to use. */
export function randomLetters(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => String.fromCharCode(97 + (byte % 26))).join("");
}

/** `word` with the letter at `index` replaced by another one. */
export function withTypoAt(word: string, index: number): string {
  const letter = word[index] === "q" ? "x" : "q";
  return `${word.slice(0, index)}${letter}${word.slice(index + 1)}`;
}
