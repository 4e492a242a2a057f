/**
 * Helpers shared by the CMS tests (test/cms-*.test.ts): calling the CMS as a user, request bodies that pass every
 * rule, and reads of what D1 holds, to check that a refused write changed nothing.
 */
import { asc, eq } from "drizzle-orm";
import { beforeAll, expect } from "vitest";
import type { Lesson } from "../src/catalog/cms/lesson-models";
import type { Program } from "../src/catalog/cms/program-models";
import {
  lessonAssets,
  lessonPendingChanges,
  lessons,
  lessonVersions,
  programAssets,
  programPendingChanges,
  programs,
  programTopics,
  programVersions,
  terms,
  topics,
} from "../src/catalog/schema";
import {
  callJson,
  createUser,
  db,
  expectProblem,
  type JsonReply,
  type Page,
  type Query,
  type TestUser,
  withQuery,
} from "./helpers";

/** A `publish_at` an hour from now. */
export const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

// ---- calling the CMS ----------------------------------------------------------------------------------------------

/**
 * The CMS as `user` calls it; every reply has its body read. `user` may be a function, read at each call: the account
 * of a fixture that signs in later (see `cmsSession`).
 */
export function cmsAs(user: TestUser | (() => TestUser)) {
  const account = typeof user === "function" ? user : () => user;
  const as = () => ({ token: account().token });
  return {
    /** The account the calls are made as. */
    get user(): TestUser {
      return account();
    },
    /** Its access token, for requests built by hand. */
    get token(): string {
      return account().token;
    },
    get: <T = any>(path: string, query: Query = {}) => callJson<T>("GET", withQuery(path, query), as()),
    post: <T = any>(path: string, body?: unknown) => callJson<T>("POST", path, { ...as(), body }),
    patch: <T = any>(path: string, body: unknown) => callJson<T>("PATCH", path, { ...as(), body }),
    delete: (path: string) => callJson<null>("DELETE", path, as()),
  };
}

export type Cms = ReturnType<typeof cmsAs>;

/** The roles a CMS test file signs in as. */
export const SESSION_ROLES = ["editor", "admin", "viewer"] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];

/** The CMS as a signed-in editor, admin and viewer: `session.editor.post(...)`, `session.admin.user.id`. */
export type CmsSession = Record<SessionRole, Cms>;

/**
 * Signs in an editor, an admin and a viewer for the calling file (or `describe` block): registers a `beforeAll` that
 * creates the three accounts, and returns the CMS as each of them calls it. The clients can be destructured at once
 * (`const { editor, admin } = cmsSession();`); their calls, `user` and `token` work from the `beforeAll` on.
 */
export function cmsSession(): CmsSession {
  const accounts = new Map<SessionRole, TestUser>();
  beforeAll(async () => {
    const created = await Promise.all(SESSION_ROLES.map((role) => createUser(role)));
    SESSION_ROLES.forEach((role, i) => {
      accounts.set(role, created[i]!);
    });
  });
  const signedIn = (role: SessionRole) => () => {
    const user = accounts.get(role);
    if (!user) throw new Error(`the ${role} of cmsSession() is signed in by its beforeAll: use it in hooks and tests`);
    return user;
  };
  return {
    editor: cmsAs(signedIn("editor")),
    admin: cmsAs(signedIn("admin")),
    viewer: cmsAs(signedIn("viewer")),
  };
}

/** Expects a 2xx `status` and returns the body. */
export function ok<T>(res: JsonReply<T>, status = 200): T {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

/** A 409 invalid_transition naming both ends. */
export function expectInvalidTransition(res: JsonReply, from: string, to: string) {
  const problem = expectProblem(res, 409, "invalid_transition");
  expect(problem).toMatchObject({ from, to });
  return problem;
}

// ---- request bodies that keep every rule ---------------------------------------------------------------------------

export const contentUrl = (language: string) => `https://cdn.example.com/${crypto.randomUUID()}/${language}.m3u8`;

/** A draft video lesson in Telugu with a duration and a content URL for its primary language. */
export const videoLessonBody = (fields: Record<string, unknown> = {}) => ({
  title: "Vowels",
  content_type: "video",
  duration_ms: 600_000,
  content_language_primary: "te",
  content_urls_by_language: { te: contentUrl("te") },
  ...fields,
});

export const articleLessonBody = (fields: Record<string, unknown> = {}) => ({
  title: "Reading notes",
  content_type: "article",
  content_language_primary: "en",
  content_urls_by_language: { en: "https://cdn.example.com/articles/notes.html" },
  ...fields,
});

/** Creates a program through the API as `cms`; returns it. */
export async function postProgram(cms: Cms, fields: Record<string, unknown> = {}): Promise<Program> {
  return ok(
    await cms.post<Program>("/cms/programs", { title: "Telugu basics", language_primary: "te", ...fields }),
    201,
  );
}

/** Creates a lesson through the API in `termId`; returns it. */
export async function postLesson(cms: Cms, termId: string, fields: Record<string, unknown> = {}): Promise<Lesson> {
  return ok(await cms.post<Lesson>(`/cms/terms/${termId}/lessons`, videoLessonBody(fields)), 201);
}

/** Every page of a CMS collection as `cms` sees it, first to last; returns every item, in order. */
export async function walk<T = any>(cms: Cms, path: string, query: Query): Promise<{ items: T[]; pages: number[] }> {
  const items: T[] = [];
  const pages: number[] = [];
  let cursor: string | null = null;
  do {
    const res: JsonReply<Page<T>> = await cms.get<Page<T>>(path, cursor ? { ...query, cursor } : query);
    const page = ok(res);
    items.push(...page.data);
    pages.push(page.data.length);
    cursor = page.next_cursor;
    if (pages.length > 100) throw new Error(`pagination of ${path} does not end`);
  } while (cursor !== null);
  return { items, pages };
}

// ---- what D1 holds -------------------------------------------------------------------------------------------------

/** Every catalog row, in a stable order: a refused write must leave this exactly as it was. */
export async function catalogState() {
  const d = db();
  const [
    programRows,
    topicRows,
    tagRows,
    termRows,
    lessonRows,
    programAssetRows,
    lessonAssetRows,
    programPendingRows,
    lessonPendingRows,
    programVersionRows,
    lessonVersionRows,
  ] = await d.batch([
    d.select().from(programs).orderBy(asc(programs.id)),
    d.select().from(topics).orderBy(asc(topics.id)),
    d.select().from(programTopics).orderBy(asc(programTopics.programId), asc(programTopics.topicId)),
    d.select().from(terms).orderBy(asc(terms.id)),
    d.select().from(lessons).orderBy(asc(lessons.id)),
    d.select().from(programAssets).orderBy(asc(programAssets.id)),
    d.select().from(lessonAssets).orderBy(asc(lessonAssets.id)),
    d.select().from(programPendingChanges).orderBy(asc(programPendingChanges.ownerId)),
    d.select().from(lessonPendingChanges).orderBy(asc(lessonPendingChanges.ownerId)),
    d.select().from(programVersions).orderBy(asc(programVersions.ownerId), asc(programVersions.version)),
    d.select().from(lessonVersions).orderBy(asc(lessonVersions.ownerId), asc(lessonVersions.version)),
  ]);
  return {
    programs: programRows,
    topics: topicRows,
    programTopics: tagRows,
    terms: termRows,
    lessons: lessonRows,
    programAssets: programAssetRows,
    lessonAssets: lessonAssetRows,
    // Pending changes and versions: what editors of published content see and restore.
    programPendingChanges: programPendingRows,
    lessonPendingChanges: lessonPendingRows,
    programVersions: programVersionRows,
    lessonVersions: lessonVersionRows,
  };
}

export const programRow = (id: string) => db().select().from(programs).where(eq(programs.id, id)).get();
export const termRow = (id: string) => db().select().from(terms).where(eq(terms.id, id)).get();
export const lessonRow = (id: string) => db().select().from(lessons).where(eq(lessons.id, id)).get();
export const topicRow = (id: string) => db().select().from(topics).where(eq(topics.id, id)).get();

/** The topic ids a program is tagged with, sorted. */
export async function topicIdsOf(programId: string): Promise<string[]> {
  const rows = await db()
    .select({ topicId: programTopics.topicId })
    .from(programTopics)
    .where(eq(programTopics.programId, programId));
  return rows.map((row) => row.topicId).sort();
}

/** The term numbers of a program's terms, ascending. */
export async function termNumbersOf(programId: string): Promise<number[]> {
  const rows = await db()
    .select({ n: terms.termNumber })
    .from(terms)
    .where(eq(terms.programId, programId))
    .orderBy(terms.termNumber);
  return rows.map((row) => row.n);
}

/** The lessons of a term, by number. */
export const lessonsOfTerm = (termId: string) =>
  db().select().from(lessons).where(eq(lessons.termId, termId)).orderBy(lessons.lessonNumber);
