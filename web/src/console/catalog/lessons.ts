import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";
import type { paths } from "../../api/openapi";

export type Lesson = Schemas["CmsLesson"];
export type LessonStatus = Lesson["status"];
export type LessonChanges = Schemas["UpdateLessonRequest"];

/** Filters of the lessons table, as `GET /cms/lessons` takes them (the address keeps them as they are). */
export type LessonFilter = Pick<
  NonNullable<paths["/cms/lessons"]["get"]["parameters"]["query"]>,
  "status" | "program_id" | "term_id" | "language" | "has_publish_error" | "q"
>;

const PAGE = 25;
const path = (id: string) => ({ params: { path: { id } } });

/**
 * What the console's lesson pages read, as TanStack Query options under `["catalog", …]`, so that a write refreshes
 * every catalog view it may change (see `refreshCatalog` in ./programs).
 *
 * @example
 * const list = useInfiniteQuery(lessonQueries.list({ status: "scheduled" }));
 */
export const lessonQueries = {
  list: (filter: LessonFilter) =>
    infiniteQueryOptions({
      queryKey: ["catalog", "lessons", "list", filter],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/cms/lessons", { params: { query: { ...filter, limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.next_cursor ?? undefined,
    }),
  lesson: (id: string) =>
    queryOptions({
      queryKey: ["catalog", "lessons", id],
      queryFn: ({ signal }) => unwrap(api.GET("/cms/lessons/{id}", { ...path(id), signal })),
    }),
  /** The lesson's term, for where it sits (program › term › lesson). */
  term: (id: string) =>
    queryOptions({
      queryKey: ["catalog", "terms", id],
      queryFn: ({ signal }) => unwrap(api.GET("/cms/terms/{id}", { ...path(id), signal })),
    }),
  /** The first hundred programs, newest first, to filter lessons by. */
  programChoices: () =>
    queryOptions({
      queryKey: ["catalog", "program", "choices"],
      queryFn: ({ signal }) => unwrap(api.GET("/cms/programs", { params: { query: { limit: 100 } }, signal })),
    }),
};

/** The lesson editor's writes; each resolves with the lesson as the API now has it, or rejects with its `ApiError`. */
export const lessonWrites = {
  change: (id: string, body: LessonChanges) => unwrap(api.PATCH("/cms/lessons/{id}", { ...path(id), body })),
  publish: (id: string) => unwrap(api.POST("/cms/lessons/{id}/publish", path(id))),
  /** `publishAt` in UTC, as the API takes it: `2026-12-01T09:00:00.000Z`. */
  schedule: (id: string, publishAt: string) =>
    unwrap(api.POST("/cms/lessons/{id}/schedule", { ...path(id), body: { publish_at: publishAt } })),
  unschedule: (id: string) => unwrap(api.POST("/cms/lessons/{id}/unschedule", path(id))),
  archive: (id: string) => unwrap(api.POST("/cms/lessons/{id}/archive", path(id))),
};
