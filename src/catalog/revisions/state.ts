import type { PendingState } from "./queries";
import type { PendingFields } from "./schema";

/** An item's content in the API's words (field name → value), as the live row has it or as a version keeps it. */
export type Content = Record<string, unknown>;

/** What an editor's read of an item knows of its revisions: the live content and what is pending on top of it. */
export interface RevisionState {
  live: Content;
  pending: PendingFields;
  revision: number;
  publishAt: string | null;
}

/** JSON with object keys sorted, so that two equal values compare equal whatever their keys' order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Whether two field values are the same (maps compare by content, not key order). */
export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** The revision state of a row read with its pending state (see `pendingStateOf`). */
export function revisionStateOf(live: Content, pending: PendingState): RevisionState {
  return { live, pending: pending.fields, revision: pending.revision, publishAt: pending.publish_at };
}

/** The working copy: the live content with the pending values on top. */
export function workingContent(state: RevisionState): Content {
  const content = { ...state.live };
  for (const [field, change] of Object.entries(state.pending)) content[field] = change.value;
  return content;
}

export const hasPendingChanges = (state: RevisionState): boolean => Object.keys(state.pending).length > 0;

/** The state of an item that has never been edited since it was created. */
export const freshState = (live: Content): RevisionState => ({ live, pending: {}, revision: 0, publishAt: null });
