import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

/** How many of each list the overview shows; a list with more says "5+". */
export const OVERVIEW_LIMIT = 5;
const limit = OVERVIEW_LIMIT;

/**
 * What the console's overview reads: the first few of each list that needs attention, one cheap call each, under
 * `["admin", "overview", …]`. Each is its own query, so one the role may not read fails alone.
 *
 * @example
 * const problems = useQuery(overview.publishProblems());
 */
export const overview = {
  publishProblems: () =>
    queryOptions({
      queryKey: ["admin", "overview", "publish-problems"],
      queryFn: ({ signal }) =>
        unwrap(api.GET("/cms/lessons", { params: { query: { has_publish_error: "true", limit } }, signal })),
    }),
  scheduledLessons: () =>
    queryOptions({
      queryKey: ["admin", "overview", "scheduled"],
      queryFn: ({ signal }) =>
        unwrap(api.GET("/cms/lessons", { params: { query: { status: "scheduled", limit } }, signal })),
    }),
  openTickets: () =>
    queryOptions({
      queryKey: ["admin", "overview", "open-tickets"],
      queryFn: ({ signal }) => unwrap(api.GET("/tickets", { params: { query: { status: "open", limit } }, signal })),
    }),
  lowStock: () =>
    queryOptions({
      queryKey: ["admin", "overview", "low-stock"],
      queryFn: ({ signal }) => unwrap(api.GET("/store/low-stock-alerts", { params: { query: { limit } }, signal })),
    }),
  liveStreams: () =>
    queryOptions({
      queryKey: ["admin", "overview", "live-streams"],
      queryFn: ({ signal }) => unwrap(api.GET("/streams", { params: { query: { status: "live", limit } }, signal })),
    }),
  liveGames: () =>
    queryOptions({
      queryKey: ["admin", "overview", "live-games"],
      queryFn: ({ signal }) => unwrap(api.GET("/games", { params: { query: { status: "live", limit } }, signal })),
    }),
};
