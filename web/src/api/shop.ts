import { infiniteQueryOptions, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "./client";
import type { paths } from "./openapi";

/** The filters and sort of the shop's list, as `GET /products` takes them (cursor aside). */
export type ProductFilter = Omit<NonNullable<paths["/products"]["get"]["parameters"]["query"]>, "cursor">;

export type Product = Schemas["Product"];
export type Cart = Schemas["Cart"];
export type Order = Schemas["Order"];

/** An order the store has finished with: nothing about it changes by itself any more. */
export const isFinal = (order: Pick<Order, "status">) => order.status !== "processing";

/** How many watches lines hold, whatever they are lines of (a cart's, an order's). */
export const unitCount = (lines: readonly { quantity: number }[]) =>
  lines.reduce((sum, line) => sum + line.quantity, 0);

/**
 * An order's number, the same for its customer and for staff: the first eight letters and digits of its id, in
 * capitals ("Order 3F9A62C1"), enough to tell orders apart at a glance. A readable seeded id ("order-carol-4") loses
 * its "order-" first.
 */
export const orderNumber = (id: string) =>
  id
    .replace(/^order[-_]/i, "")
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 8)
    .toUpperCase();

/**
 * The shop's reads, as TanStack Query options (see queries.ts for the convention). The cart and orders are the
 * signed-in customer's own: their keys start with "account", which signing out clears.
 *
 * @example
 * const { data } = useQuery(shop.product(id));
 */
export const shop = {
  products: (filter: ProductFilter) =>
    infiniteQueryOptions({
      queryKey: ["products", "list", filter],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/products", { params: { query: { ...filter, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.next_cursor ?? undefined,
      // A new filter shows the old cards (dimmed) until its own arrive, rather than a flash of skeletons.
      placeholderData: keepPreviousData,
    }),
  /** The brands on the shelf: there is no list of its own, so they are read from one page of up to 100 watches. */
  brands: () =>
    queryOptions({
      queryKey: ["products", "brands"],
      queryFn: async ({ signal }) => {
        const page = await unwrap(api.GET("/products", { params: { query: { limit: 100, sort: "name" } }, signal }));
        return [...new Set(page.data.map((product) => product.brand))].sort();
      },
    }),
  product: (id: string) =>
    queryOptions({
      queryKey: ["products", id],
      queryFn: ({ signal }) => unwrap(api.GET("/products/{id}", { params: { path: { id } }, signal })),
    }),
  cart: () =>
    queryOptions({
      queryKey: ["account", "cart"],
      queryFn: ({ signal }) => unwrap(api.GET("/cart", { signal })),
      // The cart changes in this tab only through the mutations below, which write their answer into the cache.
      staleTime: 30_000,
    }),
  orders: (limit = 20) =>
    infiniteQueryOptions({
      queryKey: ["account", "orders", limit],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/orders", { params: { query: { limit, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.next_cursor ?? undefined,
      staleTime: 0,
    }),
  /**
   * An order; read again every 1.5 s while the store is still processing it (every 15 s after the first half minute,
   * should the store be slow: within the store's rate limit), and no more once it is final.
   */
  order: (id: string) =>
    queryOptions({
      queryKey: ["account", "orders", "one", id],
      queryFn: ({ signal }) => unwrap(api.GET("/orders/{id}", { params: { path: { id } }, signal })),
      staleTime: 0,
      refetchInterval: ({ state }) =>
        state.data && isFinal(state.data) ? false : state.dataUpdateCount < 20 ? 1500 : 15_000,
    }),
  /** The customer's profile: their tier, points, and what it takes to reach the next tier. */
  customer: (id: string) =>
    queryOptions({
      queryKey: ["account", "customer", id],
      queryFn: ({ signal }) => unwrap(api.GET("/customers/{id}", { params: { path: { id } }, signal })),
    }),
  recommendations: (limit = 12) =>
    queryOptions({
      queryKey: ["account", "recommendations", limit],
      queryFn: ({ signal }) => unwrap(api.GET("/recommendations", { params: { query: { limit } }, signal })),
    }),
};
