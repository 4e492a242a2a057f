import { sql } from "drizzle-orm";

/**
 * SQL about one program, shared by the CMS and the public catalog. Each takes the name the enclosing statement
 * gives the programs table and writes every column with its table: in a single-table select drizzle leaves columns
 * unqualified, and a bare `id` inside these subqueries would name the wrong table's.
 */
type ProgramsAlias = "programs" | "p";

/** `FROM … WHERE …` over the program's published lessons; reads only index entries (terms by program, lessons by term). */
const publishedLessonsOf = (p: ProgramsAlias) =>
  `FROM terms tm CROSS JOIN lessons l WHERE tm.program_id = ${p}.id AND l.term_id = tm.id AND l.status = 'published'`;

/** True when the program has a published lesson. */
export const hasPublishedLesson = (p: ProgramsAlias) => sql.raw(`EXISTS (SELECT 1 ${publishedLessonsOf(p)})`);

/** How many published lessons the program has. */
export const publishedLessonCount = (p: ProgramsAlias) => sql.raw(`(SELECT count(*) ${publishedLessonsOf(p)})`);

/** True when the program is tagged with the topic `topicId`; one probe of program_topics' primary key. */
export const hasTopic = (p: ProgramsAlias, topicId: string) =>
  sql`EXISTS (SELECT 1 FROM program_topics pt WHERE pt.program_id = ${sql.raw(p)}.id AND pt.topic_id = ${topicId})`;

/** The program's topics as a JSON array of `{id, name}`, by name regardless of case (`[]` when it has none). */
export const topicsJsonOf = (p: ProgramsAlias) =>
  sql.raw(`(SELECT json_group_array(json_object('id', t.id, 'name', t.name) ORDER BY lower(t.name))
    FROM program_topics pt CROSS JOIN topics t WHERE pt.program_id = ${p}.id AND t.id = pt.topic_id)`);
