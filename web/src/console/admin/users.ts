import { infiniteQueryOptions, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";

export type User = Schemas["User"];
export type NewUser = Schemas["CreateUserRequest"];

/** Filters of the users table, as `GET /users` takes them. */
export interface UserFilter {
  q?: string;
  role?: User["role"];
}

const PAGE = 25;

/**
 * The accounts admins manage, as TanStack Query options under `["admin", "users", …]`.
 *
 * @example
 * const list = useInfiniteQuery(users.list({ role: "editor" }));
 */
export const users = {
  list: (filter: UserFilter) =>
    infiniteQueryOptions({
      queryKey: ["admin", "users", filter],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/users", { params: { query: { ...filter, limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.next_cursor ?? undefined,
    }),
  /**
   * Up to two admins: enough to tell whether one admin is the only one, whose role and account the API keeps
   * (409 `last_admin`), so the page can say so before anyone tries.
   */
  admins: () =>
    queryOptions({
      queryKey: ["admin", "users", "admins"],
      queryFn: ({ signal }) => unwrap(api.GET("/users", { params: { query: { role: "admin", limit: 2 } }, signal })),
    }),
};

/** After a write: every account view is read again. */
export const refreshUsers = (client: QueryClient) => client.invalidateQueries({ queryKey: ["admin", "users"] });

export const userWrites = {
  create: (body: NewUser) => unwrap(api.POST("/users", { body })),
  changeRole: (id: string, role: User["role"]) =>
    unwrap(api.PATCH("/users/{id}", { params: { path: { id } }, body: { role } })),
  remove: (id: string) => unwrap(api.DELETE("/users/{id}", { params: { path: { id } } })),
};

/** Roles by name, as the table's role choices show them. */
export const ROLE_NAMES: Record<User["role"], string> = {
  admin: "Admin",
  editor: "Editor",
  viewer: "Viewer",
  customer: "Customer",
};

/** What each role may do, in the words the users page shows beside the role. */
export const ROLE_WORDS: Record<User["role"], string> = {
  admin: "Admin: everything, and manages users and API keys",
  editor: "Editor: edits the catalog, the store and the desk",
  viewer: "Viewer: reads the console, changes nothing",
  customer: "Customer: the shop only, no console",
};
