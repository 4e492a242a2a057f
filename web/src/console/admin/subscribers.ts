import { infiniteQueryOptions, type QueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";

export type Subscriber = Schemas["Subscriber"];

/**
 * The mailing list, searched by name or email, as TanStack Query options under `["admin", "subscribers", …]`.
 *
 * @example
 * const list = useInfiniteQuery(subscribers.list("grace"));
 */
export const subscribers = {
  list: (q: string | undefined) =>
    infiniteQueryOptions({
      queryKey: ["admin", "subscribers", { q }],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/subscribers", { params: { query: { q, limit: 25, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.next_cursor ?? undefined,
    }),
};

export const refreshSubscribers = (client: QueryClient) =>
  client.invalidateQueries({ queryKey: ["admin", "subscribers"] });

export const subscriberWrites = {
  remove: (id: string) => unwrap(api.DELETE("/subscribers/{id}", { params: { path: { id } } })),
};
