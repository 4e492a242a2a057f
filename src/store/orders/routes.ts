import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { isStaff } from "../../auth/roles";
import { createRouter, IdParam, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../../http/pagination";
import { forbidden, notFound } from "../../http/problem";
import { listOrderIds } from "./list-queries";
import { ListOrdersQuery, OrderSchema, presentOrder } from "./models";
import { loadOrder, loadOrders } from "./queries";

// Reading orders. Changing them (cancel, refunds) has routes of its own.

const tags = ["Orders"];

const list = createRoute({
  method: "get",
  path: "/orders",
  tags,
  summary: "Orders, newest first",
  description:
    "A customer sees their own orders; staff (editor and up) see every order, narrowed by `customer_id` and " +
    "`status`. A customer's `customer_id` may only be their own (403 otherwise).",
  ...guarded("signed-in"),
  request: { query: ListOrdersQuery },
  responses: { 200: jsonContent(pageOf(OrderSchema, "OrderPage"), "A page of orders"), ...problems(400, 401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/orders/{id}",
  tags,
  summary: "One order, with its lines and history",
  description: "Yours, or any for staff; someone else's order is a 404, as if it did not exist.",
  ...guarded("signed-in"),
  request: { params: IdParam },
  responses: { 200: jsonContent(OrderSchema, "The order"), ...problems(401, 404) },
});

export const orderRoutes = createRouter()
  .openapi(list, async (c) => {
    const { limit, cursor, status, customer_id } = c.req.valid("query");
    const user = c.var.user;
    if (!isStaff(user.role) && customer_id !== undefined && customer_id !== user.id) {
      throw forbidden("You can list only your own orders.");
    }
    const rows = await listOrderIds(c.var.db, {
      limit,
      after: await decodeCursor(c, cursor, NewestFirstPosition),
      customerId: isStaff(user.role) ? customer_id : user.id,
      status,
    });
    // The page's orders with their lines and histories: one more round trip, whatever the page's size.
    const records = new Map(
      (
        await loadOrders(
          c.var.db,
          rows.slice(0, limit).map((row) => row.id),
        )
      ).map((record) => [record.order.id, record]),
    );
    const page = await toPage(
      c,
      rows,
      limit,
      (row) => [row.createdAt, row.id],
      (row) => records.get(row.id),
    );
    return c.json({ ...page, data: page.data.flatMap((record) => (record ? [presentOrder(record)] : [])) }, 200);
  })
  .openapi(get, async (c) => {
    const user = c.var.user;
    const record = await loadOrder(c.var.db, c.req.valid("param").id);
    if (!record || !(isStaff(user.role) || record.order.customerId === user.id)) throw notFound("order");
    return c.json(presentOrder(record), 200);
  });
