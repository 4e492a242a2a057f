import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "./client";

/**
 * Games and streams, as TanStack Query options (see queries.ts for the convention): the lists and the single game or
 * stream a live page starts from. What changes live comes over the rooms' sockets (../live/socket.ts).
 *
 * @example
 * const { data } = useQuery(live.stream(id));
 */
export const live = {
  games: (status?: Schemas["Game"]["status"], limit = 20) =>
    queryOptions({
      queryKey: ["games", { status, limit }],
      queryFn: ({ signal }) => unwrap(api.GET("/games", { params: { query: { status, limit } }, signal })),
    }),
  game: (id: string) =>
    queryOptions({
      queryKey: ["games", id],
      queryFn: ({ signal }) => unwrap(api.GET("/games/{id}", { params: { path: { id } }, signal })),
    }),
  streams: (status?: Schemas["Stream"]["status"], limit = 20) =>
    queryOptions({
      queryKey: ["streams", { status, limit }],
      queryFn: ({ signal }) => unwrap(api.GET("/streams", { params: { query: { status, limit } }, signal })),
    }),
  stream: (id: string) =>
    queryOptions({
      queryKey: ["streams", id],
      queryFn: ({ signal }) => unwrap(api.GET("/streams/{id}", { params: { path: { id } }, signal })),
    }),
  /** A page of a stream's chat, newest first: the transcript of an ended stream. */
  messages: (id: string, limit = 50) =>
    queryOptions({
      queryKey: ["streams", id, "messages", limit],
      queryFn: ({ signal }) =>
        unwrap(api.GET("/streams/{id}/messages", { params: { path: { id }, query: { limit } }, signal })),
    }),
};
