import { createRoute, z } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { logError } from "../../http/log";
import { createRouter, IdParam, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, NewestFirstPosition, PageQuery, pageOf, toPage } from "../../http/pagination";
import { conflict, notFound, ProblemError } from "../../http/problem";
import { nowIso } from "../../time";
import { claimReplay, listDeadLetters, releaseReplay } from "./dead-letters";
import { listOpenAlerts } from "./low-stock";
import { DeadLetterSchema, LowStockAlertSchema, presentDeadLetter, presentLowStockAlert } from "./staff-models";

// What the order queue leaves for staff: the messages it gave up on, to replay, and products running low.

const tags = ["Orders"];

const listLetters = createRoute({
  method: "get",
  path: "/store/dead-letters",
  tags,
  summary: "Order messages the queue gave up on, newest first",
  ...guarded("editor"),
  request: { query: PageQuery },
  responses: {
    200: jsonContent(pageOf(DeadLetterSchema, "DeadLetterPage"), "A page of dead letters"),
    ...problems(400, 401, 403),
  },
});

const replay = createRoute({
  method: "post",
  path: "/store/dead-letters/{id}/replay",
  tags,
  summary: "Send a dead letter's message to the order queue again",
  description: "Once per letter: a letter already replayed answers 409 already_replayed.",
  ...guarded("editor"),
  request: { params: IdParam },
  responses: {
    202: jsonContent(DeadLetterSchema, "Sent again; the letter, marked replayed"),
    ...problems(401, 403, 404, 409, 503),
  },
});

const LowStockPosition = z.tuple([z.number().int(), z.string().min(1).max(64)]);

const listAlerts = createRoute({
  method: "get",
  path: "/store/low-stock-alerts",
  tags,
  summary: "Products running low, lowest stock first",
  description: "Open alerts: raised when an order left a product with fewer than 3, resolved when it is restocked.",
  ...guarded("editor"),
  request: { query: PageQuery },
  responses: {
    200: jsonContent(pageOf(LowStockAlertSchema, "LowStockAlertPage"), "A page of open alerts"),
    ...problems(400, 401, 403),
  },
});

export const orderStaffRoutes = createRouter()
  .openapi(listLetters, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await listDeadLetters(c.var.db, { limit, after: await decodeCursor(c, cursor, NewestFirstPosition) });
    return c.json(await toPage(c, rows, limit, (row) => [row.failedAt, row.id], presentDeadLetter), 200);
  })
  .openapi(replay, async (c) => {
    const { id } = c.req.valid("param");
    const now = nowIso();
    const { claimed, found } = await claimReplay(c.var.db, id, c.var.user.id, now);
    if (!found) throw notFound("dead letter");
    if (!claimed) throw conflict("already_replayed", `This message was replayed at ${found.replayedAt}.`);
    try {
      await c.env.ORDER_QUEUE.send(claimed.body);
    } catch (error) {
      // Not sent: the letter is left as it was, to be replayed again.
      logError("dead_letter_replay_failed", error, { dead_letter_id: id });
      await releaseReplay(c.var.db, id, now);
      throw new ProblemError(503, "queue_unavailable", "The order queue did not take the message; try again.");
    }
    return c.json(presentDeadLetter(claimed), 202);
  })
  .openapi(listAlerts, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await listOpenAlerts(c.var.db, { limit, after: await decodeCursor(c, cursor, LowStockPosition) });
    return c.json(await toPage(c, rows, limit, (row) => [row.stock, row.productId], presentLowStockAlert), 200);
  });
