import { infiniteQueryOptions, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";

export type Game = Schemas["Game"];
export type Stream = Schemas["Stream"];
export type Restriction = Schemas["ChatRestriction"];

const PAGE = 25;
const nextCursor = (page: { next_cursor?: string | null }) => page.next_cursor ?? undefined;

/**
 * What the console's live-room pages read, as TanStack Query options, all under `["live", …]` so that a write can
 * refresh every view it changes (see `refreshLive`). What changes live (scores, chat) comes over the rooms' sockets.
 *
 * @example
 * const games = useInfiniteQuery(liveRooms.games());
 */
export const liveRooms = {
  games: (status?: Game["status"]) =>
    infiniteQueryOptions({
      queryKey: ["live", "games", { status }],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/games", { params: { query: { status, limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  streams: (status?: Stream["status"]) =>
    infiniteQueryOptions({
      queryKey: ["live", "streams", { status }],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/streams", { params: { query: { status, limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  stream: (id: string) =>
    queryOptions({
      queryKey: ["live", "streams", id],
      queryFn: ({ signal }) => unwrap(api.GET("/streams/{id}", { params: { path: { id } }, signal })),
    }),
  /** Who is muted or banned in the stream's chat (editors only). */
  restrictions: (id: string) =>
    infiniteQueryOptions({
      queryKey: ["live", "streams", id, "restrictions"],
      queryFn: ({ pageParam, signal }) =>
        unwrap(
          api.GET("/streams/{id}/restrictions", {
            params: { path: { id }, query: { limit: PAGE, cursor: pageParam } },
            signal,
          }),
        ),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
};

/** After a write: every live view the console holds is read again when next shown (the one on screen at once). */
export const refreshLive = (client: QueryClient) => client.invalidateQueries({ queryKey: ["live"] });

const path = (id: string) => ({ params: { path: { id } } });
const senderPath = (id: string, senderKey: string) => ({ params: { path: { id, sender_key: senderKey } } });

/** The console's live-room writes; each resolves with the API's answer or rejects with its `ApiError`. */
export const liveWrites = {
  createGame: (body: Schemas["CreateGameRequest"]) => unwrap(api.POST("/games", { body })),
  createStream: (body: Schemas["CreateStreamRequest"]) => unwrap(api.POST("/streams", { body })),
  endStream: (id: string) => unwrap(api.POST("/streams/{id}/end", path(id))),
  deleteMessage: (id: string, messageId: number) =>
    unwrap(api.DELETE("/streams/{id}/messages/{message_id}", { params: { path: { id, message_id: messageId } } })),
  restrict: (id: string, senderKey: string, kind: Restriction["kind"]) =>
    unwrap(api.PUT("/streams/{id}/restrictions/{sender_key}", { ...senderPath(id, senderKey), body: { kind } })),
  lift: (id: string, senderKey: string) =>
    unwrap(api.DELETE("/streams/{id}/restrictions/{sender_key}", senderPath(id, senderKey))),
  setSlowMode: (id: string, seconds: number) =>
    unwrap(api.PUT("/streams/{id}/slow-mode", { ...path(id), body: { seconds } })),
};
