import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";
import { ApiError } from "../../api/problem";
import { consoleWords } from "../problems";

export type RevisionKind = "program" | "lesson";
export type PendingChanges = Schemas["PendingChanges"];
export type ContentVersion = Schemas["ContentVersion"];

const path = (id: string) => ({ params: { path: { id } } });

/**
 * A program's or lesson's pending changes and version history, as TanStack Query options under
 * `["catalog", "revisions", kind, id]`; the program and lesson editors read under `["catalog", …]` too, so a write
 * refreshes them with `refreshCatalog` (./programs).
 *
 * @example
 * const changes = useQuery(revisions.changes("program", id));
 */
export const revisions = {
  changes: (kind: RevisionKind, id: string) =>
    queryOptions({
      queryKey: ["catalog", "revisions", kind, id, "changes"],
      queryFn: ({ signal }) =>
        unwrap(
          kind === "program"
            ? api.GET("/cms/programs/{id}/changes", { ...path(id), signal })
            : api.GET("/cms/lessons/{id}/changes", { ...path(id), signal }),
        ),
    }),
  versions: (kind: RevisionKind, id: string) =>
    infiniteQueryOptions({
      queryKey: ["catalog", "revisions", kind, id, "versions"],
      queryFn: ({ pageParam, signal }) => {
        const params = { path: { id }, query: { limit: 10, cursor: pageParam } };
        return unwrap(
          kind === "program"
            ? api.GET("/cms/programs/{id}/versions", { params, signal })
            : api.GET("/cms/lessons/{id}/versions", { params, signal }),
        );
      },
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page: { next_cursor?: string | null }) => page.next_cursor ?? undefined,
    }),
};

/** The revision writes; each resolves with the pending changes as they now are, or rejects with its `ApiError`. */
export const revisionWrites = {
  publish: (kind: RevisionKind, id: string) =>
    unwrap(
      kind === "program"
        ? api.POST("/cms/programs/{id}/changes/publish", path(id))
        : api.POST("/cms/lessons/{id}/changes/publish", path(id)),
    ),
  schedule: (kind: RevisionKind, id: string, publishAt: string) => {
    const request = { ...path(id), body: { publish_at: publishAt } };
    return unwrap(
      kind === "program"
        ? api.POST("/cms/programs/{id}/changes/schedule", request)
        : api.POST("/cms/lessons/{id}/changes/schedule", request),
    );
  },
  discard: (kind: RevisionKind, id: string) =>
    unwrap(
      kind === "program"
        ? api.DELETE("/cms/programs/{id}/changes", path(id))
        : api.DELETE("/cms/lessons/{id}/changes", path(id)),
    ),
  restore: (kind: RevisionKind, id: string, version: number) => {
    const params = { params: { path: { id, version } } };
    return unwrap(
      kind === "program"
        ? api.POST("/cms/programs/{id}/versions/{version}/restore", params)
        : api.POST("/cms/lessons/{id}/versions/{version}/restore", params),
    );
  },
};

const REVISION_WORDS: Record<string, string> = {
  no_pending_changes: "There are no changes waiting to be published any more.",
  changes_moved_on: "Someone changed these edits while you were publishing. Look at them again, then publish.",
  edit_conflict: "Others are changing this right now. Try again in a moment.",
  lesson_number_taken: "Another lesson in this term already has the new lesson number. Change the number first.",
};

/** What went wrong with a revision action, in words. */
export function revisionWords(error: unknown): string {
  const words = error instanceof ApiError && error.status !== 403 ? REVISION_WORDS[error.code] : undefined;
  if (words) return words;
  if (error instanceof ApiError && error.fieldErrors().publish_at)
    return `Publish time: ${error.fieldErrors().publish_at}`;
  return consoleWords(error);
}

/** The API's field names in an editor's words. */
export const FIELD_WORDS: Record<string, string> = {
  title: "Title",
  description: "Description",
  language_primary: "Main language",
  languages_available: "Languages",
  topic_ids: "Topics",
  lesson_number: "Lesson number",
  content_type: "Content type",
  duration_ms: "Duration",
  is_paid: "Paid",
  content_language_primary: "Main content language",
  content_languages_available: "Content languages",
  content_urls_by_language: "Content URLs",
  subtitle_languages: "Subtitle languages",
  subtitle_urls_by_language: "Subtitle URLs",
};

export const fieldWords = (field: string) => FIELD_WORDS[field] ?? field;
