/**
 * The store as the bench loads it:
 *   - reads, through the edge cache, each request from a client address of its own (the store's routes are limited
 *     to 100 requests a minute per client, as the watch store's gateway did): a filtered, sorted product list and a
 *     product's page, each as a miss (a URL not asked before, through a query parameter the routes do not read) and
 *     a hit (the same URL every time);
 *   - checkout throughput: C customers, each in a loop for the run's duration putting one bench watch in the cart
 *     and checking out (two requests per order, from the customer's own address); then the time the order queue
 *     takes to complete every order placed. Checkout latency is the `POST /checkout` alone.
 * The bench products (`bench-watch-…`) and customers (`…@bench.invalid`) are added by data.ts and removed with their
 * orders at the end.
 */
import { randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import { BENCH_STORE_PRODUCTS, benchWatchId, CHECKOUT_WATCH_ID } from "./data";
import { type LatencyFigures, latencyOf } from "./fanout";
import type { Route } from "./load";
import { BENCH_EMAIL_DOMAIN, type HttpRequest, nextClientIp, send } from "./requests";

const runId = randomBytes(4).toString("hex");
/** Bench customers of this run so far: both servers of a run share the local D1, so each needs its own emails. */
let customerSeq = 0;
/** The shop's first page of divers, cheapest first: a filter and a sort on an index. */
const LIST_PATH = "/products?category=diver&sort=price&limit=20";

function storeRead(name: string, compareAs: string, path: (n: number) => string): Route {
  let n = 0;
  return {
    name,
    expectedStatus: 200,
    next: (): HttpRequest => ({ method: "GET", path: path(++n), headers: { "cf-connecting-ip": nextClientIp() } }),
    varies: true,
    compareAs,
    observeCache: true,
  };
}

/** The store's reads, in report order: the filtered list (miss, hit), then a product (miss, hit). */
export function ourStoreRoutes(): Route[] {
  const watch = (n: number) => benchWatchId(((n - 1) % BENCH_STORE_PRODUCTS) + 1);
  return [
    storeRead(`GET ${LIST_PATH}&_b=… (miss)`, "store-list:miss", (n) => `${LIST_PATH}&_b=${runId}-${n}`),
    storeRead(`GET ${LIST_PATH} (hit)`, "store-list:hit", () => LIST_PATH),
    storeRead("GET /products/{id}?_b=… (miss)", "store-product:miss", (n) => `/products/${watch(n)}?_b=${runId}-${n}`),
    storeRead(`GET /products/${benchWatchId(1)} (hit)`, "store-product:hit", () => `/products/${benchWatchId(1)}`),
  ];
}

export interface CheckoutFigures {
  customers: number;
  seconds: number;
  orders: number;
  ordersPerSecond: number;
  /** `POST /checkout` alone. */
  latency: LatencyFigures;
  /** D1 round trips and rows read of one checkout, and of one add to cart, from `Server-Timing`. */
  checkoutCost: { queries: number; rowsRead: number } | undefined;
  addToCartCost: { queries: number; rowsRead: number } | undefined;
  unexpected: Record<string, number>;
  /** From the end of the load until the queue had completed every order placed (undefined: not within the wait). */
  queueDrainMs: number | undefined;
}

export interface BenchCustomer {
  token: string;
}

/**
 * The checkout bench opens a connection per request (node:http without keep-alive). Miniflare's server closes
 * connections after some POST answers, and a client reusing one loses its next request: Node's fetch then says
 * "other side closed". Loopback connections cost little next to a checkout.
 */
const agent = new Agent({ keepAlive: false });

/** POSTs `body` as JSON on a new connection (see `agent`); the answer as a fetch Response (its body read). */
export function postOnNewConnection(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Response> {
  const url = new URL(baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path,
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const answer = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) answer.set(name, String(value));
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: answer }));
        });
      },
    );
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`POST ${path} timed out`)));
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}

/** Signs up a bench customer through the API and signs them in. */
export async function newCustomer(baseUrl: string): Promise<BenchCustomer> {
  const n = ++customerSeq;
  const email = `${runId}-customer-${n}@${BENCH_EMAIL_DOMAIN}`;
  const password = `bench-password-${runId}`;
  const signUp = await postOnNewConnection(
    baseUrl,
    "/customers",
    { email, password, name: `Bench customer ${n}` },
    { "cf-connecting-ip": nextClientIp() },
  );
  if (signUp.status !== 201) throw new Error(`POST /customers answered ${signUp.status}: ${await signUp.text()}`);
  await signUp.arrayBuffer();
  const login = await postOnNewConnection(
    baseUrl,
    "/auth/login",
    { email, password },
    { "cf-connecting-ip": nextClientIp() },
  );
  const text = await login.text();
  if (login.status !== 200) throw new Error(`POST /auth/login answered ${login.status}: ${text.slice(0, 300)}`);
  return { token: (JSON.parse(text) as { access_token: string }).access_token };
}

const costOf = (response: Response) => {
  const match = response.headers.get("server-timing")?.match(/queries=(\d+) rows_read=(\d+)/);
  return match ? { queries: Number(match[1]), rowsRead: Number(match[2]) } : undefined;
};

/** One request of a checkout attempt: its status, latency, D1 cost and body. */
export interface StoreAnswer {
  status: number;
  ms: number;
  cost: { queries: number; rowsRead: number } | undefined;
  text: string;
}

/** One checkout attempt: the add to cart, then the checkout (absent if the add was refused) and its order's id. */
export interface CheckoutAttempt {
  addToCart: StoreAnswer;
  checkout?: StoreAnswer & { orderId: string | undefined };
}

/** POSTs as `postOnNewConnection` does, timed. */
async function timedPost(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<StoreAnswer> {
  const sent = performance.now();
  const response = await postOnNewConnection(baseUrl, path, body, headers);
  const text = await response.text();
  return { status: response.status, ms: performance.now() - sent, cost: costOf(response), text };
}

/**
 * `buyer` puts `line` in the cart and checks out with a new `Idempotency-Key`, each request from a new address (the
 * store's per-client limit, 100 a minute, is not what the bench measures). A refused checkout leaves the line in the
 * cart.
 */
export async function checkOutOnce(
  baseUrl: string,
  buyer: BenchCustomer,
  line: { product_id: string; quantity: number },
): Promise<CheckoutAttempt> {
  const headers = () => ({ authorization: `Bearer ${buyer.token}`, "cf-connecting-ip": nextClientIp() });
  const addToCart = await timedPost(baseUrl, "/cart/items", line, headers());
  if (addToCart.status !== 200) return { addToCart };
  const key = { ...headers(), "idempotency-key": randomBytes(8).toString("hex") };
  const checkout = await timedPost(baseUrl, "/checkout", {}, key);
  const orderId = checkout.status === 202 ? (JSON.parse(checkout.text) as { id: string }).id : undefined;
  return { addToCart, checkout: { ...checkout, orderId } };
}

/**
 * `customers` customers check out one bench watch each, over and over, for `seconds`; then waits (up to a minute)
 * for the order queue to complete every order, reading the orders' statuses through the API.
 */
export async function benchCheckout(baseUrl: string, customers: number, seconds: number): Promise<CheckoutFigures> {
  const buyers: BenchCustomer[] = [];
  for (let i = 0; i < customers; i++) buyers.push(await newCustomer(baseUrl));
  const samples: number[] = [];
  const unexpected: Record<string, number> = {};
  let orders = 0;
  let checkoutCost: CheckoutFigures["checkoutCost"];
  let addToCartCost: CheckoutFigures["addToCartCost"];
  const count = (status: number) => {
    unexpected[status] = (unexpected[status] ?? 0) + 1;
  };

  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    buyers.map(async (buyer) => {
      while (performance.now() < deadline) {
        const { addToCart, checkout } = await checkOutOnce(baseUrl, buyer, {
          product_id: CHECKOUT_WATCH_ID,
          quantity: 1,
        });
        addToCartCost ??= addToCart.cost;
        if (checkout?.status !== 202) {
          count(checkout?.status ?? addToCart.status);
          continue;
        }
        samples.push(checkout.ms);
        checkoutCost ??= checkout.cost;
        orders += 1;
      }
    }),
  );
  const loadEnded = performance.now();
  const elapsed = (loadEnded - started) / 1000;
  return {
    customers,
    seconds: elapsed,
    orders,
    ordersPerSecond: orders / elapsed,
    latency: latencyOf(samples, customers),
    checkoutCost,
    addToCartCost,
    unexpected,
    queueDrainMs: await waitForCompletion(baseUrl, buyers, loadEnded),
  };
}

/**
 * Polls each buyer's processing orders (`GET /orders?status=processing`) until none is left; the milliseconds since
 * `since`, or undefined after a minute.
 */
export async function waitForCompletion(
  baseUrl: string,
  buyers: BenchCustomer[],
  since: number,
): Promise<number | undefined> {
  let pending = buyers;
  while (pending.length > 0) {
    if (performance.now() - since > 60_000) return undefined;
    const still: BenchCustomer[] = [];
    for (const buyer of pending) {
      const response = await send(baseUrl, {
        method: "GET",
        path: "/orders?status=processing&limit=1",
        headers: { authorization: `Bearer ${buyer.token}`, "cf-connecting-ip": nextClientIp() },
      });
      const page = (await response.json()) as { data?: unknown[] };
      if (response.status !== 200 || (page.data?.length ?? 0) > 0) still.push(buyer);
    }
    pending = still;
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return performance.now() - since;
}
