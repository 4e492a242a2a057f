/**
 * D1 work that no answer's `Server-Timing` shows, because it runs after the answer has gone: the count of each search
 * for the editors' analytics (`waitUntil`, for every search, edge-cache hits included), and the order queue's
 * completion of each checkout (completing the order, then refreshing the customer's recommendations). Measured by
 * running the app's own functions over the scratch D1 once the Worker has stopped, through the same instrumented
 * wrapper that feeds `Server-Timing`.
 */
import { createDatabase, type Database } from "../../src/db/client";
import { countSearch } from "../../src/discovery/analytics/queries";
import { completeOrder } from "../../src/store/orders/complete";
import { refreshRecommendations } from "../../src/store/recommendations/refresh";
import { withLocalD1 } from "../bench/targets";
import type { Cost } from "./probe";

export interface DeferredWork {
  /** The request whose answer leads to it, as the OpenAPI document names it. */
  operation: string;
  what: string;
  cost: Cost;
}

/** The seeded order still processing (Carol's latest), which the queue would complete. */
const PROCESSING_ORDER = "order-carol-4";
const PROCESSING_ORDER_CUSTOMER = "user-carol";

async function measured(d1: D1Database, work: (db: Database) => Promise<unknown>) {
  const { db, stats } = createDatabase(d1);
  await work(db);
  return { queries: stats.queries, rowsRead: stats.rowsRead, rowsWritten: stats.rowsWritten, dbMs: stats.durationMs };
}

/** Measures each piece of deferred work once on the local D1 in `d1Dir` (which no server may be using). */
export function measureDeferredWork(d1Dir: string): Promise<DeferredWork[]> {
  return withLocalD1(async (d1) => {
    const at = new Date().toISOString();
    const search = { day: at.slice(0, 10), query: `capacity ${Date.now()}`, hits: 12, at };
    const firstSearch = await measured(d1, (db) => countSearch(db, search));
    const repeatSearch = await measured(d1, (db) => countSearch(db, search));
    const completion = await measured(d1, async (db) => {
      const completed = await completeOrder(db, PROCESSING_ORDER, at);
      if (completed?.status !== "completed") throw new Error(`${PROCESSING_ORDER} was not completed`);
      await refreshRecommendations(db, PROCESSING_ORDER_CUSTOMER, at);
    });
    return [
      { operation: "GET /discovery/search", what: "counting a query the first time that day", cost: firstSearch },
      { operation: "GET /discovery/search", what: "counting a query searched before that day", cost: repeatSearch },
      {
        operation: "POST /checkout",
        what: "the queue completing the order, then the customer's recommendations",
        cost: completion,
      },
    ];
  }, d1Dir);
}
