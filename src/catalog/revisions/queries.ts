/**
 * The statements of revisions, for the callers' batches. Each is guarded so that it is safe to run concurrently with
 * itself and with edits: a pending change is applied, discarded or replaced only while its revision is the one the
 * writer read, and the version numbers come from the table itself inside the same statement.
 */
import { and, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { programTopics } from "../schema";
import { contentSnapshot, type RevisionKind } from "./kinds";
import type { PendingFields, VersionAction } from "./schema";

const raw = sql.raw;

/** Which pending rows a statement acts on, written against the alias the statement gives the pending table. */
export type PendingCondition = (pc: SQL) => SQL;

/** The pending changes of one item, as read with it: what is pending, at which revision, and when it is due. */
export interface PendingState {
  fields: PendingFields;
  revision: number;
  publish_at: string | null;
}

/**
 * A scalar subquery for the live row `alias` (its own table name in a single-table select): its pending state as a
 * JSON object, or NULL when it never had any. Parse it with `parsePendingState`.
 *
 * @example
 * db.select({ ...getTableColumns(programs), pending: pendingStateOf(PROGRAM_REVISIONS, "programs") }).from(programs)
 */
export const pendingStateOf = (kind: RevisionKind, alias: string) =>
  sql<
    string | null
  >`${raw(`(SELECT json_object('fields', json(pc.fields), 'revision', pc.revision, 'publish_at', pc.publish_at)
    FROM ${kind.pendingName} pc WHERE pc.${kind.ownerColumn} = ${alias}.id)`)}`;

export const parsePendingState = (json: string | null): PendingState =>
  json ? (JSON.parse(json) as PendingState) : { fields: {}, revision: 0, publish_at: null };

/** The pending rows of one item whose revision is still `revision`, with something pending. */
export const pendingAt =
  (kind: RevisionKind, id: string, revision: number): PendingCondition =>
  (pc) =>
    sql`${pc}.${raw(kind.ownerColumn)} = ${id} AND ${pc}.revision = ${revision} AND ${pc}.fields <> '{}'`;

/** The pending rows whose scheduled time has come. */
export const pendingDue =
  (at: string): PendingCondition =>
  (pc) =>
    sql`${pc}.publish_at <= ${at} AND ${pc}.fields <> '{}'`;

const PC = raw("pc");

/**
 * Records the live content as version 1 ("original") of the items matching `owners` (over alias `t`) that have no
 * history yet, so that the first change can be undone. Put it before the change in the batch.
 */
export function recordOriginal(db: Database, kind: RevisionKind, owners: SQL) {
  // The SELECT gives every column of the versions table, in its order (drizzle's INSERT … SELECT names them all).
  return db.insert(kind.versions).select(sql`SELECT t.id, 1, 'original', ${contentSnapshot(kind, "t")}, '[]', NULL,
      t.updated_at, NULL
    FROM ${raw(kind.live)} t
    WHERE ${owners} AND NOT EXISTS (SELECT 1 FROM ${raw(kind.versionsName)} v WHERE v.${raw(kind.ownerColumn)} = t.id)`);
}

/** `t.id` is one of the items the pending rows matching `condition` belong to. */
export const ownersOf = (kind: RevisionKind, condition: PendingCondition): SQL =>
  sql`t.id IN (SELECT pc.${raw(kind.ownerColumn)} FROM ${raw(kind.pendingName)} pc WHERE ${condition(PC)})`;

export const ownerIs = (id: string): SQL => sql`t.id = ${id}`;

interface VersionRecord {
  action: VersionAction;
  /** JSON array of field names, over `t` (the live row) and `pc` (its pending row, if any). */
  changedFields: SQL;
  changedBy: SQL;
  at: string;
  /** The content to keep; the live row's after the batch's earlier statements when omitted. */
  snapshot?: SQL;
  restoredFrom?: number;
  /** Only when this holds (over `t` and `pc`). */
  guard?: SQL;
}

/** Appends the next version of each item matching `owners` (over `t`). */
export function recordVersion(db: Database, kind: RevisionKind, owners: SQL, record: VersionRecord) {
  const owner = raw(kind.ownerColumn);
  return db.insert(kind.versions).select(sql`SELECT t.id,
      (SELECT coalesce(max(v.version), 0) + 1 FROM ${raw(kind.versionsName)} v WHERE v.${owner} = t.id),
      ${record.action}, ${record.snapshot ?? contentSnapshot(kind, "t")}, ${record.changedFields}, ${record.changedBy},
      ${record.at}, ${record.restoredFrom ?? null}
    FROM ${raw(kind.live)} t LEFT JOIN ${raw(kind.pendingName)} pc ON pc.${owner} = t.id
    WHERE ${owners} AND ${record.guard ?? sql`1`}`);
}

/** The names of the fields pending in `pc`, as a JSON array. */
export const pendingFieldNames = sql`(SELECT json_group_array(key) FROM json_each(pc.fields))`;

/** The item's pending revision is still `revision` (0: it never had pending changes). */
export const revisionStill = (kind: RevisionKind, id: string, revision: number): SQL =>
  sql`coalesce((SELECT p.revision FROM ${raw(kind.pendingName)} p WHERE p.${raw(kind.ownerColumn)} = ${id}), 0) = ${revision}`;

/**
 * Replaces the item's pending fields with `fields`, only while its revision is still `revision`; answers the new
 * revision, or nothing when another writer came first. A schedule stays, unless nothing is left pending.
 */
export function replacePending(
  db: Database,
  kind: RevisionKind,
  id: string,
  revision: number,
  fields: PendingFields,
  at: string,
) {
  const table = kind.pending;
  const emptied = sql`excluded.fields = '{}'`;
  return db
    .insert(table)
    .select(
      sql`SELECT ${id}, ${JSON.stringify(fields)}, 1, NULL, NULL, ${at} WHERE ${revisionStill(kind, id, revision)}`,
    )
    .onConflictDoUpdate({
      target: table.ownerId,
      set: {
        fields: sql`excluded.fields`,
        revision: sql`${table.revision} + 1`,
        updatedAt: sql`excluded.updated_at`,
        publishAt: sql`CASE WHEN ${emptied} THEN NULL ELSE ${table.publishAt} END`,
        scheduledBy: sql`CASE WHEN ${emptied} THEN NULL ELSE ${table.scheduledBy} END`,
      },
    })
    .returning({ revision: table.revision });
}

/** Empties the pending rows matching `condition` (their revision moves on); answers the items emptied. */
export function clearPending(db: Database, kind: RevisionKind, condition: PendingCondition, at: string) {
  const table = kind.pending;
  return db
    .update(table)
    .set({ fields: {}, revision: sql`${table.revision} + 1`, publishAt: null, scheduledBy: null, updatedAt: at })
    .where(condition(raw(kind.pendingName)))
    .returning({ id: table.ownerId });
}

/** `SET` value of a live column: the pending value when the field is pending, else the column as it is. */
function fromPending(kind: RevisionKind, api: string, column: string) {
  return {
    column,
    value: `CASE WHEN json_type(pc.fields, '$.${api}') IS NULL THEN ${kind.live}.${column}
      ELSE json_extract(pc.fields, '$.${api}.value') END`,
  };
}

/** The drizzle key of a live column named `column`. */
function keyOf(kind: RevisionKind, column: string): string {
  const entry = Object.entries(getTableColumns(kind.liveTable)).find(([, c]) => c.name === column);
  if (!entry) throw new Error(`${kind.live} has no column ${column}`);
  return entry[0];
}

/**
 * Publishes the pending changes matching `condition`: the live rows take them (a program's topics too; a lesson's
 * number only if no other lesson of its term holds it by then), each item gets a "published" version by `publisher`
 * (over `pc`), and the pending rows are emptied. The last statement answers the items published. One batch.
 */
export function publishPendingStatements(
  db: Database,
  kind: RevisionKind,
  condition: PendingCondition,
  publisher: SQL,
  at: string,
) {
  const owner = kind.ownerColumn;
  const sets = kind.columns.map((c) => fromPending(kind, c.api, c.column));
  if (kind.name === "lesson") {
    const number = `json_extract(pc.fields, '$.lesson_number.value')`;
    sets.push({
      column: "lesson_number",
      value: `CASE WHEN json_type(pc.fields, '$.lesson_number') IS NULL
      OR EXISTS (SELECT 1 FROM lessons other WHERE other.term_id = lessons.term_id AND other.lesson_number = ${number}
        AND other.id <> lessons.id)
      THEN lessons.lesson_number ELSE ${number} END`,
    });
  }
  const live = raw(kind.live);
  const pending = raw(kind.pendingName);
  const set = Object.fromEntries(sets.map(({ column, value }) => [keyOf(kind, column), raw(value)]));
  const update = db
    .update(kind.liveTable)
    .set({ ...set, updatedAt: at })
    .from(sql`${pending} pc`)
    .where(sql`pc.${raw(owner)} = ${live}.id AND ${condition(PC)}`);
  const topics =
    kind.name === "program"
      ? [
          db.delete(programTopics).where(sql`${programTopics.programId} IN (SELECT pc.program_id FROM ${pending} pc
            WHERE ${condition(PC)} AND json_type(pc.fields, '$.topic_ids') IS NOT NULL)`),
          // A topic deleted since the change was made is left out rather than failing the whole publish.
          db
            .insert(programTopics)
            .select(sql`SELECT pc.program_id, j.value FROM ${pending} pc, json_each(pc.fields, '$.topic_ids.value') j
              WHERE ${condition(PC)} AND j.value IN (SELECT id FROM topics)`)
            .onConflictDoNothing(),
        ]
      : [];
  const owners = ownersOf(kind, condition);
  return [
    recordOriginal(db, kind, owners),
    update,
    ...topics,
    recordVersion(db, kind, owners, {
      action: "published",
      changedFields: pendingFieldNames,
      changedBy: publisher,
      at,
    }),
    clearPending(db, kind, condition, at),
  ] as const;
}

/** Schedules the item's pending changes; answers it when something was pending. */
export function schedulePending(
  db: Database,
  kind: RevisionKind,
  id: string,
  publishAt: string,
  by: string,
  at: string,
) {
  const table = kind.pending;
  return db
    .update(table)
    .set({ publishAt, scheduledBy: by, updatedAt: at })
    .where(and(eq(table.ownerId, id), sql`${table.fields} <> '{}'`))
    .returning({ id: table.ownerId });
}

/** The live content of one item with its pending state and status; nothing when there is no such item. */
export function readRevisionState(db: Database, kind: RevisionKind, id: string) {
  return db
    .select({
      id: sql<string>`t.id`,
      status: sql<string>`t.status`,
      content: sql<string>`${contentSnapshot(kind, "t")}`,
      pending: pendingStateOf(kind, "t"),
      termId: sql<string | null>`${raw(kind.name === "lesson" ? "t.term_id" : "NULL")}`,
    })
    .from(sql`${raw(kind.live)} t`)
    .where(sql`t.id = ${id}`);
}

/** Id and name of the accounts named in the item's pending changes (who changed each field, who scheduled). */
export function pendingAuthors(db: Database, kind: RevisionKind, id: string) {
  const pending = raw(kind.pendingName);
  const owner = raw(kind.ownerColumn);
  return db
    .select({ id: sql<string>`u.id`, name: sql<string>`u.name` })
    .from(sql`users u`)
    .where(sql`u.id IN (
      SELECT json_extract(f.value, '$.changed_by') FROM ${pending} pc, json_each(pc.fields) f WHERE pc.${owner} = ${id}
      UNION SELECT pc.scheduled_by FROM ${pending} pc WHERE pc.${owner} = ${id})`);
}

/** A page of the item's versions, newest first, below `before` when given (fetch `limit + 1`). */
export function listVersions(db: Database, kind: RevisionKind, id: string, limit: number, before?: number) {
  return db
    .select({
      version: sql<number>`v.version`,
      action: sql<VersionAction>`v.action`,
      snapshot: sql<string>`v.snapshot`,
      changedFields: sql<string>`v.changed_fields`,
      changedAt: sql<string>`v.changed_at`,
      restoredFrom: sql<number | null>`v.restored_from`,
      changedById: sql<string | null>`u.id`,
      changedByName: sql<string | null>`u.name`,
    })
    .from(sql`${raw(kind.versionsName)} v LEFT JOIN users u ON u.id = v.changed_by`)
    .where(sql`v.${raw(kind.ownerColumn)} = ${id} ${before === undefined ? sql`` : sql`AND v.version < ${before}`}`)
    .orderBy(sql`v.version DESC`)
    .limit(limit);
}

export type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];

/** One version's content; nothing when the item has no such version. */
export const findVersion = (db: Database, kind: RevisionKind, id: string, version: number) =>
  db
    .select({ snapshot: sql<string>`v.snapshot` })
    .from(sql`${raw(kind.versionsName)} v`)
    .where(sql`v.${raw(kind.ownerColumn)} = ${id} AND v.version = ${version}`);

/** Whether another lesson of the term holds `number`: a statement answering one row when it does. */
export const lessonNumberHeld = (db: Database, termId: string, lessonId: string, number: number) =>
  db
    .select({ id: sql<string>`o.id` })
    .from(sql`lessons o`)
    .where(sql`o.term_id = ${termId} AND o.lesson_number = ${number} AND o.id <> ${lessonId}`)
    .limit(1);
