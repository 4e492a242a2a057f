import { infiniteQueryOptions, type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";

export type Product = Schemas["Product"];
export type Order = Schemas["Order"];
export type Customer = Schemas["Customer"];
export type ProductBody = Schemas["CreateProductRequest"];
export type ProductChanges = Schemas["UpdateProductRequest"];
export type LowStockAlert = Schemas["LowStockAlert"];
export type DeadLetter = Schemas["DeadLetter"];

/** Filters of the products table, as `GET /products` takes them. */
export interface ProductFilter {
  q?: string;
  category?: Product["category"];
  in_stock?: "true" | "false";
  sort?: "price" | "-price" | "newest" | "name";
}

/** Filters of the orders table, as `GET /orders` takes them. */
export interface OrderFilter {
  status?: Order["status"];
  customer_id?: string;
}

/** Filters of the customers table, as `GET /customers` takes them. */
export interface CustomerFilter {
  q?: string;
  tier?: Customer["vip_tier"];
}

const PAGE = 25;
const nextCursor = (page: { next_cursor?: string | null }) => page.next_cursor ?? undefined;

/**
 * What the console's store pages read, as TanStack Query options, all under the key `["store", …]` so that a write
 * can refresh every view it changes (see `refreshStore`).
 *
 * @example
 * const products = useInfiniteQuery(store.products({ q: "diver" }));
 */
export const store = {
  products: (filter: ProductFilter) =>
    infiniteQueryOptions({
      queryKey: ["store", "products", filter],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/products", { params: { query: { ...filter, limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  /** Open low-stock alerts, lowest stock first. */
  alerts: () =>
    infiniteQueryOptions({
      queryKey: ["store", "alerts"],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/store/low-stock-alerts", { params: { query: { limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  orders: (filter: OrderFilter) =>
    infiniteQueryOptions({
      queryKey: ["store", "orders", filter],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/orders", { params: { query: { ...filter, limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  order: (id: string) =>
    queryOptions({
      queryKey: ["store", "orders", id],
      queryFn: ({ signal }) => unwrap(api.GET("/orders/{id}", { params: { path: { id } }, signal })),
    }),
  customers: (filter: CustomerFilter) =>
    infiniteQueryOptions({
      queryKey: ["store", "customers", filter],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/customers", { params: { query: { ...filter, limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  customer: (id: string) =>
    queryOptions({
      queryKey: ["store", "customers", id],
      queryFn: ({ signal }) => unwrap(api.GET("/customers/{id}", { params: { path: { id } }, signal })),
    }),
  /** The first hundred customers, for choosing one (filters, previews) and naming them in other tables. */
  customerChoices: () =>
    queryOptions({
      queryKey: ["store", "customers", "choices"],
      queryFn: ({ signal }) => unwrap(api.GET("/customers", { params: { query: { limit: 100 } }, signal })),
    }),
  deadLetters: () =>
    infiniteQueryOptions({
      queryKey: ["store", "dead-letters"],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/store/dead-letters", { params: { query: { limit: PAGE, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  weights: () =>
    queryOptions({
      queryKey: ["store", "weights"],
      queryFn: ({ signal }) => unwrap(api.GET("/recommendations/weights", { signal })),
    }),
  recommendations: (customerId: string) =>
    queryOptions({
      queryKey: ["store", "recommendations", customerId],
      queryFn: ({ signal }) =>
        unwrap(api.GET("/recommendations", { params: { query: { customer_id: customerId, limit: 8 } }, signal })),
    }),
};

/** After a write: every store view the console holds is read again when next shown (the one on screen at once). */
export const refreshStore = (client: QueryClient) => client.invalidateQueries({ queryKey: ["store"] });

const path = (id: string) => ({ params: { path: { id } } });

/** The console's writes; each resolves with the API's answer or rejects with its `ApiError`. */
export const storeWrites = {
  createProduct: (body: ProductBody) => unwrap(api.POST("/products", { body })),
  changeProduct: (id: string, body: ProductChanges) => unwrap(api.PATCH("/products/{id}", { ...path(id), body })),
  deleteProduct: (id: string) => unwrap(api.DELETE("/products/{id}", path(id))),
  changeStock: (id: string, delta: number) =>
    unwrap(api.PATCH("/products/{id}/inventory", { ...path(id), body: { delta } })),
  cancelOrder: (id: string, reason?: string) =>
    unwrap(api.POST("/orders/{id}/cancel", { ...path(id), body: { reason } })),
  refundOrder: (id: string, body: Schemas["RefundOrderRequest"]) =>
    unwrap(api.POST("/orders/{id}/refunds", { ...path(id), body })),
  replayDeadLetter: (id: string) => unwrap(api.POST("/store/dead-letters/{id}/replay", path(id))),
  saveWeights: (body: { content: number; copurchase: number }) => unwrap(api.PUT("/recommendations/weights", { body })),
};
