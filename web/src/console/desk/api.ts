import { infiniteQueryOptions, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";

export type Ticket = Schemas["Ticket"];
export type ThreadEntry = Schemas["TicketThreadEntry"];
export type TicketChanges = Schemas["UpdateTicketRequest"];
export type StaffMember = Schemas["User"];

/** Filters of the desk's table, as `GET /tickets` takes them. */
export interface TicketFilter {
  q?: string;
  status?: Ticket["status"];
  priority?: Ticket["priority"];
  /** `me`, `unassigned`, or a staff member's id. */
  assigned_to?: string;
}

const PAGE = 25;
const nextCursor = (page: { next_cursor?: string | null }) => page.next_cursor ?? undefined;
const path = (id: string) => ({ params: { path: { id } } });

/**
 * What the console's desk reads, as TanStack Query options, all under the key `["desk", …]` so that a write can
 * refresh every view it changes (see `refreshDesk`).
 *
 * @example
 * const mine = useInfiniteQuery(desk.tickets({ assigned_to: "me", status: "open" }));
 */
export const desk = {
  tickets: (filter: TicketFilter) =>
    infiniteQueryOptions({
      queryKey: ["desk", "tickets", filter],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/tickets", { params: { query: { ...filter, limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  ticket: (id: string) =>
    queryOptions({
      queryKey: ["desk", "tickets", id],
      queryFn: ({ signal }) => unwrap(api.GET("/tickets/{id}", { ...path(id), signal })),
    }),
  /** The ticket's thread, oldest first, a hundred entries a page. */
  thread: (id: string) =>
    infiniteQueryOptions({
      queryKey: ["desk", "tickets", id, "thread"],
      queryFn: ({ pageParam, signal }) =>
        unwrap(
          api.GET("/tickets/{id}/thread", {
            params: { path: { id }, query: { limit: 100, cursor: pageParam } },
            signal,
          }),
        ),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  /** Who a ticket can be assigned to: editors and admins (`GET /users` answers admins only). */
  assignable: () =>
    queryOptions({
      queryKey: ["desk", "assignable"],
      queryFn: async ({ signal }) => {
        const [editors, admins] = await Promise.all(
          (["editor", "admin"] as const).map((role) =>
            unwrap(api.GET("/users", { params: { query: { role, limit: 100 } }, signal })),
          ),
        );
        return [...(editors?.data ?? []), ...(admins?.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
      },
    }),
};

/** After a write: every desk view the console holds is read again when next shown (the one on screen at once). */
export const refreshDesk = (client: QueryClient) => client.invalidateQueries({ queryKey: ["desk"] });

/** The desk's writes; each resolves with the API's answer or rejects with its `ApiError`. */
export const deskWrites = {
  change: (id: string, body: TicketChanges) => unwrap(api.PATCH("/tickets/{id}", { ...path(id), body })),
  reply: (id: string, body: string, internal: boolean) =>
    unwrap(api.POST("/tickets/{id}/thread", { ...path(id), body: { body, internal } })),
};
