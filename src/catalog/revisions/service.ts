/**
 * Changes to live content wait for publishing. An edit of a published program or lesson is kept as pending changes
 * on top of the live row (what the public catalog, search and cache read), until an editor publishes them, the cron
 * publishes them at the time they were scheduled for, or they are discarded. Every change, pending or applied, is a
 * numbered version with who made it, so an earlier one can be restored.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { conflict, notFound, validationFailed } from "../../http/problem";
import { nowIso } from "../../time";
import { lessonNumberTaken } from "../cms/errors";
import type { RevisionKind } from "./kinds";
import {
  clearPending,
  lessonNumberHeld,
  listVersions,
  ownerIs,
  type PendingCondition,
  parsePendingState,
  pendingAt,
  pendingAuthors,
  pendingFieldNames,
  publishPendingStatements,
  readRevisionState,
  recordOriginal,
  recordVersion,
  replacePending,
  revisionStill,
  schedulePending,
} from "./queries";
import type { PendingFields, VersionAction } from "./schema";
import {
  type Content,
  hasPendingChanges,
  type RevisionState,
  revisionStateOf,
  sameValue,
  workingContent,
} from "./state";

/** Who makes a change. */
export interface Actor {
  id: string;
}

/** What a change records besides its fields: a plain edit, or a restore of an earlier version. */
export interface ChangeOrigin {
  action: Extract<VersionAction, "edited" | "restored">;
  restoredFrom?: number;
}

export const EDITED: ChangeOrigin = { action: "edited" };

/** Thrown when another writer changed the pending revision between this writer's read and its write. */
export class RevisionMoved extends Error {}

/**
 * Runs an edit (read, then a guarded write) again when another writer got in between, so that neither edit is lost;
 * after three tries it gives up with 409 `edit_conflict`.
 *
 * @example
 * return retryOnRevisionMoved(() => editOnce(db, id, input));
 */
export async function retryOnRevisionMoved<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; tries < 3; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RevisionMoved)) throw error;
    }
  }
  throw conflict("edit_conflict", "Others are changing this item right now; try again.");
}

/** The fields of `sent` whose value differs from `content`. */
const changedFields = (content: Content, sent: Content): string[] =>
  Object.keys(sent).filter((field) => sent[field] !== undefined && !sameValue(sent[field], content[field]));

/**
 * Keeps `sent` (fields already checked against the working copy) as pending changes of a published item: a field set
 * back to its live value is no longer pending. One round trip, guarded by the revision read; throws RevisionMoved
 * when another writer came first. Answers the state after the change.
 */
export async function stageChanges(
  db: Database,
  kind: RevisionKind,
  id: string,
  state: RevisionState,
  sent: Content,
  actor: Actor,
  origin: ChangeOrigin = EDITED,
): Promise<RevisionState> {
  const working = workingContent(state);
  const changed = changedFields(working, sent);
  if (changed.length === 0) return state;
  const at = nowIso();
  const pending: PendingFields = { ...state.pending };
  for (const field of changed) {
    if (sameValue(sent[field], state.live[field])) delete pending[field];
    else pending[field] = { value: sent[field], changed_by: actor.id, changed_at: at };
  }
  const next = { ...state, pending };
  const [, , staged] = await db.batch([
    recordOriginal(db, kind, ownerIs(id)),
    recordVersion(db, kind, ownerIs(id), {
      action: origin.action === "restored" ? "restored" : "pending_edit",
      snapshot: sql`${JSON.stringify(workingContent(next))}`,
      changedFields: sql`${JSON.stringify(changed)}`,
      changedBy: sql`${actor.id}`,
      at,
      restoredFrom: origin.restoredFrom,
      guard: revisionStill(kind, id, state.revision),
    }),
    replacePending(db, kind, id, state.revision, pending, at),
  ]);
  if (staged.length === 0) throw new RevisionMoved();
  return { ...next, revision: state.revision + 1 };
}

/**
 * The statements that record a direct change (of a draft, scheduled or archived item) around `change`: the original
 * first if the item has no history, then `change`, then the new version with the fields of `sent` that differ from
 * the working copy of `state`.
 */
export function directChangeStatements<T extends readonly unknown[]>(
  db: Database,
  kind: RevisionKind,
  id: string,
  state: RevisionState,
  sent: Content,
  change: T,
  actor: Actor,
  origin: ChangeOrigin,
) {
  const changed = changedFields(workingContent(state), sent);
  const at = nowIso();
  return [
    recordOriginal(db, kind, ownerIs(id)),
    ...change,
    recordVersion(db, kind, ownerIs(id), {
      action: origin.action,
      changedFields: sql`${JSON.stringify(changed)}`,
      changedBy: sql`${actor.id}`,
      at,
      restoredFrom: origin.restoredFrom,
    }),
  ] as const;
}

// ---- reading what is pending ---------------------------------------------------------------------------------------

export interface PersonRef {
  id: string;
  name: string;
}

export interface PendingChanges {
  has_pending_changes: boolean;
  revision: number;
  publish_at: string | null;
  changes: {
    field: string;
    published_value: unknown;
    pending_value: unknown;
    changed_by: PersonRef | null;
    changed_at: string;
  }[];
}

/** The statements reading an item's pending changes with their authors, for the end of a batch. */
const changesRead = (db: Database, kind: RevisionKind, id: string) =>
  [readRevisionState(db, kind, id), pendingAuthors(db, kind, id)] as const;

type ChangesRead = [Awaited<ReturnType<typeof readRevisionState>>, Awaited<ReturnType<typeof pendingAuthors>>];

function presentChanges(kind: RevisionKind, [[item], authors]: ChangesRead): PendingChanges {
  if (!item) throw notFound(kind.name);
  const state = revisionStateOf(JSON.parse(item.content) as Content, parsePendingState(item.pending));
  const person = (id: string | null) => authors.find((author) => author.id === id) ?? null;
  const changes = kind.fields.flatMap((field) => {
    const change = state.pending[field];
    if (!change) return [];
    return [
      {
        field,
        published_value: state.live[field] ?? null,
        pending_value: change.value ?? null,
        changed_by: person(change.changed_by),
        changed_at: change.changed_at,
      },
    ];
  });
  return {
    has_pending_changes: hasPendingChanges(state),
    revision: state.revision,
    publish_at: state.publishAt,
    changes,
  };
}

/** What is pending on the item, field by field: the published value, the pending one, who changed it and when. */
export async function pendingChangesOf(db: Database, kind: RevisionKind, id: string): Promise<PendingChanges> {
  return presentChanges(kind, (await db.batch(changesRead(db, kind, id))) as ChangesRead);
}

// ---- publishing, scheduling, discarding ----------------------------------------------------------------------------

const nothingPending = (kind: RevisionKind) =>
  conflict("no_pending_changes", `The ${kind.name} has no pending changes.`);

/**
 * Publishes the item's pending changes now. Two round trips: the read (what is pending, at which revision), then one
 * batch that applies them only while the revision is the one read, so two publishes apply them once and an edit made
 * in between is never overwritten (409 `changes_moved_on`: review them again).
 */
export async function publishChanges(
  db: Database,
  kind: RevisionKind,
  id: string,
  actor: Actor,
): Promise<PendingChanges> {
  const [item] = await readRevisionState(db, kind, id);
  if (!item) throw notFound(kind.name);
  const pending = parsePendingState(item.pending);
  if (Object.keys(pending.fields).length === 0) throw nothingPending(kind);
  const number = pending.fields.lesson_number?.value;
  const numberHeld = typeof number === "number" && item.termId ? [lessonNumberHeld(db, item.termId, id, number)] : [];
  const revisionRead = pendingAt(kind, id, pending.revision);
  // A lesson number another lesson has taken since is refused, not published halfway.
  const condition: PendingCondition =
    numberHeld.length > 0 ? (pc) => sql`${revisionRead(pc)} AND NOT EXISTS (${numberHeld[0]})` : revisionRead;
  const statements = publishPendingStatements(db, kind, condition, sql`${actor.id}`, nowIso());
  const results = await db.batch([...numberHeld, ...statements, ...changesRead(db, kind, id)] as unknown as Parameters<
    typeof db.batch
  >[0]);
  const published = results[numberHeld.length + statements.length - 1] as unknown[];
  const after = results.slice(-2) as ChangesRead;
  if (published.length === 0) {
    if (numberHeld.length > 0 && (results[0] as unknown[]).length > 0) throw lessonNumberTaken();
    if (!presentChanges(kind, after).has_pending_changes) throw nothingPending(kind);
    throw conflict(
      "changes_moved_on",
      "The changes were edited while you published them; review them and publish again.",
    );
  }
  return presentChanges(kind, after);
}

/** Schedules the item's pending changes for `publishAt` (in the future): the cron publishes them then. One round trip. */
export async function scheduleChanges(
  db: Database,
  kind: RevisionKind,
  id: string,
  publishAt: string,
  actor: Actor,
): Promise<PendingChanges> {
  const at = new Date(publishAt);
  if (at.getTime() <= Date.now()) throw validationFailed([{ path: "publish_at", message: "Must be in the future." }]);
  const [scheduled, ...after] = await db.batch([
    schedulePending(db, kind, id, at.toISOString(), actor.id, nowIso()),
    ...changesRead(db, kind, id),
  ]);
  const changes = presentChanges(kind, after as ChangesRead);
  if ((scheduled as unknown[]).length === 0) throw nothingPending(kind);
  return changes;
}

/** Drops the item's pending changes (recorded as a version: the live content again). One round trip. */
export async function discardChanges(
  db: Database,
  kind: RevisionKind,
  id: string,
  actor: Actor,
): Promise<PendingChanges> {
  const anyPending = (pc: SQL) => sql`${pc}.${sql.raw(kind.ownerColumn)} = ${id} AND ${pc}.fields <> '{}'`;
  const at = nowIso();
  const [, discarded, ...after] = await db.batch([
    recordVersion(db, kind, ownerIs(id), {
      action: "discarded",
      changedFields: pendingFieldNames,
      changedBy: sql`${actor.id}`,
      at,
      guard: anyPending(sql.raw("pc")),
    }),
    clearPending(db, kind, anyPending, at),
    ...changesRead(db, kind, id),
  ]);
  const changes = presentChanges(kind, after as ChangesRead);
  if ((discarded as unknown[]).length === 0) throw nothingPending(kind);
  return changes;
}

// ---- the history ---------------------------------------------------------------------------------------------------

/** A page of the item's versions, newest first (`limit + 1` rows), and whether the item exists. One round trip. */
export async function versionsOf(db: Database, kind: RevisionKind, id: string, limit: number, before?: number) {
  const [rows, [item]] = await db.batch([
    listVersions(db, kind, id, limit + 1, before),
    readRevisionState(db, kind, id),
  ]);
  if (!item) throw notFound(kind.name);
  return rows;
}
