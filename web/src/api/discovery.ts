import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "./client";
import type { paths } from "./openapi";

/** What a search asks for, as `GET /discovery/search` takes it (cursor aside). */
export type SearchFilter = Omit<NonNullable<paths["/discovery/search"]["get"]["parameters"]["query"]>, "cursor">;

export type SearchHit = Schemas["SearchHit"];
export type SearchResult = Schemas["SearchResult"];
export type Facet = Schemas["FacetValue"];

/**
 * Search and featured programs, as TanStack Query options (see queries.ts for the convention).
 *
 * @example
 * const results = useInfiniteQuery(discovery.search({ q: "telugu", type: "lesson" }));
 */
export const discovery = {
  /**
   * A search, a page at a time. A search that a newer one replaces loses its last observer, and TanStack Query then
   * aborts its request through `signal`: an answer to an older query never lands on the page.
   */
  search: (filter: SearchFilter) =>
    infiniteQueryOptions({
      queryKey: ["discovery", "search", filter],
      // Each page says what it answers: while the next search loads, the page still shows (and names) this one.
      queryFn: async ({ pageParam, signal }) => ({
        ...(await unwrap(
          api.GET("/discovery/search", { params: { query: { ...filter, cursor: pageParam } }, signal }),
        )),
        q: filter.q ?? "",
      }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.next_cursor ?? undefined,
      // While the next letter's results load, the last ones stay (dimmed if it takes a while): no flash of nothing.
      placeholderData: keepPreviousData,
      // Results change when editors publish: a search typed again a minute later asks again.
      staleTime: 30_000,
    }),
  /** The editors' picks in their order, then the newest programs, up to `limit`. */
  featured: (limit: number) =>
    queryOptions({
      queryKey: ["discovery", "featured", limit],
      queryFn: ({ signal }) => unwrap(api.GET("/discovery/featured", { params: { query: { limit } }, signal })),
    }),
};
