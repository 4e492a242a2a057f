/**
 * What revisions need to know of each kind of item: its tables, and its content fields in the API's words with the
 * column each is stored in. Every identifier here is a constant, never input, so SQL may name them raw.
 */
import { getTableName, type SQL, sql } from "drizzle-orm";
import { lessons, programs } from "../schema";
import { lessonPendingChanges, lessonVersions, programPendingChanges, programVersions } from "./schema";

export type RevisionKindName = "program" | "lesson";

/** A content field: stored as text/number, as JSON text (arrays, maps), or as 0/1 (booleans). */
interface ContentColumn {
  api: string;
  column: string;
  type: "plain" | "json" | "boolean";
}

export interface RevisionKind {
  name: RevisionKindName;
  liveTable: typeof programs | typeof lessons;
  // Both kinds' tables have the same columns; typed as the programs' so that one statement serves both.
  pending: typeof programPendingChanges;
  versions: typeof programVersions;
  /** Fields kept in one column each of the live row. */
  columns: ContentColumn[];
  /** Every field a revision may change: `columns` and the kind's own (a program's topics, a lesson's number). */
  fields: readonly string[];
  // The SQL names of the tables above and of the owner column, derived from them (see `revisionKind`).
  live: string;
  pendingName: string;
  versionsName: string;
  ownerColumn: string;
}

/** A kind from its tables: the names its raw SQL uses are read off the drizzle tables, so they cannot drift. */
const revisionKind = (
  kind: Omit<RevisionKind, "live" | "pendingName" | "versionsName" | "ownerColumn">,
): RevisionKind => ({
  ...kind,
  live: getTableName(kind.liveTable),
  pendingName: getTableName(kind.pending),
  versionsName: getTableName(kind.versions),
  ownerColumn: kind.pending.ownerId.name,
});

const programColumns: ContentColumn[] = [
  { api: "title", column: "title", type: "plain" },
  { api: "description", column: "description", type: "plain" },
  { api: "language_primary", column: "language_primary", type: "plain" },
  { api: "languages_available", column: "languages_available", type: "json" },
];

const lessonColumns: ContentColumn[] = [
  { api: "title", column: "title", type: "plain" },
  { api: "description", column: "description", type: "plain" },
  { api: "content_type", column: "content_type", type: "plain" },
  { api: "duration_ms", column: "duration_ms", type: "plain" },
  { api: "is_paid", column: "is_paid", type: "boolean" },
  { api: "content_language_primary", column: "content_language_primary", type: "plain" },
  { api: "content_languages_available", column: "content_languages_available", type: "json" },
  { api: "content_urls_by_language", column: "content_urls_by_language", type: "json" },
  { api: "subtitle_languages", column: "subtitle_languages", type: "json" },
  { api: "subtitle_urls_by_language", column: "subtitle_urls_by_language", type: "json" },
];

export const PROGRAM_REVISIONS = revisionKind({
  name: "program",
  liveTable: programs,
  pending: programPendingChanges,
  versions: programVersions,
  columns: programColumns,
  fields: [...programColumns.map((c) => c.api), "topic_ids"],
});

export const LESSON_REVISIONS = revisionKind({
  name: "lesson",
  liveTable: lessons,
  pending: lessonPendingChanges as unknown as typeof programPendingChanges,
  versions: lessonVersions as unknown as typeof programVersions,
  columns: lessonColumns,
  fields: ["lesson_number", ...lessonColumns.map((c) => c.api)],
});

export const REVISION_KINDS = { program: PROGRAM_REVISIONS, lesson: LESSON_REVISIONS } as const;

const raw = sql.raw;

/** A column's value as JSON for json_object (arrays and maps as JSON, booleans as true/false). */
function asJson(alias: string, { column, type }: ContentColumn): string {
  if (type === "json") return `json(${alias}.${column})`;
  if (type === "boolean") return `json(CASE WHEN ${alias}.${column} THEN 'true' ELSE 'false' END)`;
  return `${alias}.${column}`;
}

/**
 * The item's content as a JSON object in the API's words, from the live row `alias`: what a version keeps.
 *
 * @example
 * sql`SELECT ${contentSnapshot(PROGRAM_REVISIONS, "programs")} FROM programs WHERE id = ${id}`
 */
export function contentSnapshot(kind: RevisionKind, alias: string): SQL {
  const pairs = kind.columns.map((c) => `'${c.api}', ${asJson(alias, c)}`);
  if (kind.name === "program") {
    pairs.push(`'topic_ids', (SELECT json_group_array(pt.topic_id ORDER BY pt.topic_id)
      FROM program_topics pt WHERE pt.program_id = ${alias}.id)`);
  } else {
    pairs.push(`'lesson_number', ${alias}.lesson_number`);
  }
  return raw(`json_object(${pairs.join(", ")})`);
}
