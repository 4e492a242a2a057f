/**
 * Checkouts: customers signed up through the API put one watch in the cart and check out, over and over. Most buy
 * the bench's checkout watch (stock enough for any run); one checkout in three buys one of a few scarce bench watches
 * (50 each), which sell out during a full run, so the last units are fought over. A checkout refused for stock (409)
 * has its line taken out of the cart.
 *
 * Verified afterwards, once the order queue has completed what was bought: every order acknowledged (202) is in its
 * customer's orders, completed, with the line bought; no order exists that was not acknowledged; and for each watch
 * bought, the stock taken is exactly the quantity of the acknowledged orders and never below zero (no oversell).
 */
import { randomInt } from "node:crypto";
import { benchWatchId, CHECKOUT_WATCH_ID } from "../bench/data";
import { nextClientIp } from "../bench/requests";
import { type BenchCustomer, checkOutOnce, newCustomer, waitForCompletion } from "../bench/store";
import { type Check, count, readAllPages, readJson, repeatUntil, type SoakContext, type Workload } from "./workload";

/** The scarce watches and what addBenchStore stocks each with. */
const SCARCE_WATCHES = [1, 2, 3, 4].map(benchWatchId);
const SCARCE_STOCK = 50;
const CHECKOUT_WATCH_STOCK = 1_000_000_000;

interface AckedOrder {
  id: string;
  buyer: number;
  productId: string;
}

interface StoredOrder {
  id: string;
  status: string;
  items: { product_id: string; quantity: number }[];
}

export async function prepareStore(
  { baseUrl, editorToken, recorder }: SoakContext,
  customers: number,
  pauseMs: number,
): Promise<Workload> {
  const buyers: BenchCustomer[] = [];
  for (let i = 0; i < customers; i++) buyers.push(await newCustomer(baseUrl));
  const acked: AckedOrder[] = [];
  const asBuyer = (buyer: BenchCustomer) => ({
    authorization: `Bearer ${buyer.token}`,
    "cf-connecting-ip": nextClientIp(),
  });

  const buy = async (buyer: BenchCustomer, index: number) => {
    const productId =
      randomInt(3) === 0 ? (SCARCE_WATCHES[randomInt(SCARCE_WATCHES.length)] as string) : CHECKOUT_WATCH_ID;
    const started = performance.now();
    try {
      const { addToCart, checkout } = await checkOutOnce(baseUrl, buyer, { product_id: productId, quantity: 1 });
      recorder.answer("add to cart", addToCart.status, addToCart.ms, started, addToCart.status === 200, addToCart.text);
      if (!checkout) return;
      recorder.answer("checkout", checkout.status, checkout.ms, started, checkout.status === 202, checkout.text);
      if (checkout.orderId) acked.push({ id: checkout.orderId, buyer: index, productId });
      else if (checkout.status === 409) {
        const path = `/cart/items/${productId}`;
        await recorder.send("add to cart", baseUrl, { method: "DELETE", path, headers: asBuyer(buyer) }, 200);
      }
    } catch (error) {
      recorder.status("checkout", "network error");
      recorder.problem(`checkout: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const stockOf = async (productId: string) => {
    // Signed in as staff: past the edge cache, straight from D1.
    const headers = { authorization: `Bearer ${editorToken}`, "cf-connecting-ip": nextClientIp() };
    return (await readJson<{ stock: number }>(baseUrl, `/products/${productId}`, headers)).stock;
  };

  return {
    run: async (until) => {
      await Promise.all(buyers.map((buyer, i) => repeatUntil(until, pauseMs, () => buy(buyer, i))));
    },
    verify: async (): Promise<Check[]> => {
      const drainMs = await waitForCompletion(baseUrl, buyers, performance.now());
      const found = new Map<string, StoredOrder>();
      for (const buyer of buyers) {
        const orders = await readAllPages<StoredOrder>(baseUrl, "/orders?limit=100", () => asBuyer(buyer));
        for (const order of orders) found.set(order.id, order);
      }
      const missing = acked.filter((order) => !found.has(order.id));
      const unacked = found.size - (acked.length - missing.length);
      const notCompleted = acked.filter((order) => found.get(order.id) && found.get(order.id)?.status !== "completed");
      const wrongLine = acked.filter((order) => {
        const items = found.get(order.id)?.items;
        return items && !(items.length === 1 && items[0]?.product_id === order.productId && items[0].quantity === 1);
      });
      const stockProblems: string[] = [];
      const sold = new Map<string, number>();
      for (const order of acked) sold.set(order.productId, (sold.get(order.productId) ?? 0) + 1);
      for (const productId of [CHECKOUT_WATCH_ID, ...SCARCE_WATCHES]) {
        const initial = productId === CHECKOUT_WATCH_ID ? CHECKOUT_WATCH_STOCK : SCARCE_STOCK;
        const stock = await stockOf(productId);
        const taken = initial - stock;
        if (stock < 0 || taken !== (sold.get(productId) ?? 0)) {
          stockProblems.push(`${productId}: stock ${stock}, taken ${taken}, acknowledged ${sold.get(productId) ?? 0}`);
        }
      }
      const scarceSold = SCARCE_WATCHES.reduce((sum, id) => sum + (sold.get(id) ?? 0), 0);
      const refused = recorder.statuses.get("checkout")?.get("409") ?? 0;
      return [
        {
          name: "every acknowledged order is stored, with its line",
          ok: missing.length === 0 && wrongLine.length === 0,
          detail: `${count(acked.length)} acknowledged, ${missing.length} missing, ${wrongLine.length} with another line`,
        },
        {
          name: "no order that was not acknowledged",
          ok: unacked === 0,
          detail: `${unacked} stored without an acknowledgement`,
        },
        {
          name: "the order queue completed every order",
          ok: drainMs !== undefined && notCompleted.length === 0,
          detail: `${notCompleted.length} not completed; ${drainMs === undefined ? "not drained in 60 s" : `drained ${Math.round(drainMs)} ms after the load`}`,
        },
        {
          name: "stock taken equals acknowledged orders, never below zero (no oversell)",
          ok: stockProblems.length === 0,
          detail:
            stockProblems.join("; ") ||
            `${count(scarceSold)} of the ${SCARCE_WATCHES.length * SCARCE_STOCK} scarce watches sold; ${count(refused)} checkouts refused for stock (409)`,
        },
      ];
    },
    close: async () => {},
  };
}
