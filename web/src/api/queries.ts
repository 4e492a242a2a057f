import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "./client";

/** Filters of the public program list, as `GET /catalog/programs` takes them. */
export interface ProgramFilter {
  language?: string;
  topic?: string;
  limit?: number;
}

/**
 * What the pages read, as TanStack Query options: one key per API resource, so pages that show the same data share
 * it (and its cache) and a write can invalidate it by key.
 *
 * @example
 * const { data } = useQuery(catalog.program(id));
 */
export const catalog = {
  programs: (filter: ProgramFilter = {}) =>
    infiniteQueryOptions({
      queryKey: ["catalog", "programs", filter],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/catalog/programs", { params: { query: { ...filter, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.next_cursor ?? undefined,
    }),
  /** The first page only, for a glimpse (the home page's newest programs, the language filter's choices). */
  newestPrograms: (limit: number) =>
    queryOptions({
      queryKey: ["catalog", "programs", "newest", limit],
      queryFn: ({ signal }) => unwrap(api.GET("/catalog/programs", { params: { query: { limit } }, signal })),
    }),
  program: (id: string) =>
    queryOptions({
      queryKey: ["catalog", "program", id],
      queryFn: ({ signal }) => unwrap(api.GET("/catalog/programs/{id}", { params: { path: { id } }, signal })),
    }),
  lesson: (id: string) =>
    queryOptions({
      queryKey: ["catalog", "lesson", id],
      queryFn: ({ signal }) => unwrap(api.GET("/catalog/lessons/{id}", { params: { path: { id } }, signal })),
    }),
  topics: () =>
    queryOptions({
      queryKey: ["catalog", "topics"],
      queryFn: ({ signal }) => unwrap(api.GET("/catalog/topics", { params: { query: { limit: 100 } }, signal })),
    }),
};

export const calendar = {
  /** Events still to come, soonest first. */
  upcoming: (limit: number) =>
    queryOptions({
      queryKey: ["events", "upcoming", limit],
      queryFn: ({ signal }) => unwrap(api.GET("/events", { params: { query: { limit } }, signal })),
    }),
};
