import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { hasRole, isStaff } from "../../auth/roles";
import { bookmarkOf, purgeEdgeCache, purgesEdgeCache } from "../../http/edge-cache";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../../http/openapi";
import { conflict, forbidden, invalidTransition, notFound } from "../../http/problem";
import { nowIso } from "../../time";
import { OrderSchema, presentOrder } from "./models";
import { loadOrder } from "./queries";
import { planRefund, refundTarget } from "./refund-plan";
import { CancelOrderBody, RefundOrderBody } from "./transition-models";
import { assertTransition, cancelOrder, refundOrder } from "./transitions";

const tags = ["Orders"];

const cancel = createRoute({
  method: "post",
  path: "/orders/{id}/cancel",
  tags,
  summary: "Cancel a processing order",
  description:
    "By the order's customer or staff (editor and up). Every unit goes back in stock in the same write. " +
    "An order past processing answers 409 invalid_transition (with `from` and `to`).",
  ...guarded("signed-in", purgesEdgeCache("store")),
  request: {
    params: IdParam,
    body: { required: false, content: { "application/json": { schema: CancelOrderBody } } },
  },
  responses: { 200: jsonContent(OrderSchema, "The order, cancelled"), ...problems(400, 401, 403, 404, 409, 415) },
});

const refund = createRoute({
  method: "post",
  path: "/orders/{id}/refunds",
  tags,
  summary: "Refund some or all units of a completed order",
  description:
    "Each line gives back its share of what was paid after the order's discount; refunding every unit gives back " +
    "exactly the order's total. The order becomes refunded once every unit is, else partially_refunded. " +
    "Reward points drop to one per whole currency unit kept. 409 exceeds_refundable names the lines asking too much.",
  ...guarded("editor"),
  request: { params: IdParam, body: jsonBody(RefundOrderBody) },
  responses: { 200: jsonContent(OrderSchema, "The order, refunded"), ...problems(400, 401, 403, 404, 409, 415) },
});

/** How often a refund is planned again when another change of the order came first. */
const REFUND_ATTEMPTS = 3;

export const orderTransitionRoutes = createRouter()
  .openapi(cancel, async (c) => {
    const { id } = c.req.valid("param");
    const user = c.var.user;
    const staff = isStaff(user.role);
    const { changed, order } = await cancelOrder(c.var.db, {
      orderId: id,
      actor: user,
      mustBeCustomer: staff ? undefined : user.id,
      reason: c.req.valid("json")?.reason ?? null,
      at: nowIso(),
    });
    const own = order?.order.customerId === user.id;
    // Others' orders are not confirmed to exist; viewers see every order but change none.
    if (!order || (!staff && !own && !hasRole(user.role, "viewer"))) throw notFound("order");
    if (!staff && !own) throw forbidden("Only the order's customer or an editor can cancel it.");
    if (!changed) throw invalidTransition("order", order.order.status, "cancelled");
    return c.json(presentOrder(order), 200);
  })
  .openapi(refund, async (c) => {
    const { id } = c.req.valid("param");
    const { reason, lines, restock } = c.req.valid("json");
    for (let attempt = 1; attempt <= REFUND_ATTEMPTS; attempt++) {
      const record = await loadOrder(c.var.db, id);
      if (!record) throw notFound("order");
      assertTransition(record.order.status, refundTarget(record.items, lines));
      const plan = planRefund(record.order, record.items, lines, restock);
      const { changed, order } = await refundOrder(c.var.db, record, plan, { actor: c.var.user, reason, at: nowIso() });
      if (changed && order) {
        if (restock) await purgeEdgeCache(c.env, "store", (p) => c.executionCtx.waitUntil(p), bookmarkOf(c));
        return c.json(presentOrder(order), 200);
      }
    }
    throw conflict("order_changed", "The order kept changing while it was being refunded; look at it again and retry.");
  });
