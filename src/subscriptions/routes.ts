import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../auth/guards";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../http/pagination";
import { conflict, notFound } from "../http/problem";
import { rateLimitPerClient } from "../http/rate-limit";
import { nowIso } from "../time";
import {
  ListSubscribersQuery,
  NewSubscriptionSchema,
  newUnsubscribeToken,
  presentSubscriber,
  SubscribeBody,
  SubscriberSchema,
  UnsubscribeBody,
} from "./models";
import {
  deleteSubscriber,
  deleteSubscriberByToken,
  findSubscriber,
  insertSubscriber,
  listSubscribers,
} from "./queries";

const tags = ["Subscriptions"];

const subscribe = createRoute({
  method: "post",
  path: "/subscribe",
  tags,
  summary: "Join the mailing list",
  description:
    "Public and rate-limited per client (5 a minute). An email already on the list gets 409 `already_subscribed`.",
  middleware: [rateLimitPerClient("SUBSCRIBE_RATE_LIMITER", 60)],
  request: { body: jsonBody(SubscribeBody) },
  responses: {
    201: jsonContent(NewSubscriptionSchema, "Subscribed; keep the token to unsubscribe"),
    ...problems(400, 409, 415, 429),
  },
});

const unsubscribe = createRoute({
  method: "post",
  path: "/unsubscribe",
  tags,
  summary: "Leave the mailing list",
  description: "Idempotent: a token that is no longer on the list also answers 204.",
  request: { body: jsonBody(UnsubscribeBody) },
  responses: { 204: { description: "No longer subscribed" }, ...problems(400, 415) },
});

const list = createRoute({
  method: "get",
  path: "/subscribers",
  tags,
  summary: "List subscribers, newest first",
  ...guarded("admin"),
  request: { query: ListSubscribersQuery },
  responses: {
    200: jsonContent(pageOf(SubscriberSchema, "SubscriberPage"), "A page of subscribers"),
    ...problems(400, 401, 403),
  },
});

const get = createRoute({
  method: "get",
  path: "/subscribers/{id}",
  tags,
  summary: "One subscriber",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 200: jsonContent(SubscriberSchema, "The subscriber"), ...problems(401, 403, 404) },
});

const remove = createRoute({
  method: "delete",
  path: "/subscribers/{id}",
  tags,
  summary: "Remove a subscriber",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problems(401, 403, 404) },
});

export const subscriptionRoutes = createRouter()
  .openapi(subscribe, async (c) => {
    const { name, email } = c.req.valid("json");
    const subscriber = await insertSubscriber(c.var.db, {
      id: crypto.randomUUID(),
      name,
      email,
      unsubscribeToken: newUnsubscribeToken(),
      createdAt: nowIso(),
    });
    if (!subscriber) {
      throw conflict("already_subscribed", "That email is already on the mailing list.", [
        { path: "email", message: "Already subscribed." },
      ]);
    }
    c.header("Location", `/subscribers/${subscriber.id}`);
    return c.json({ ...presentSubscriber(subscriber), unsubscribe_token: subscriber.unsubscribeToken }, 201);
  })
  .openapi(unsubscribe, async (c) => {
    await deleteSubscriberByToken(c.var.db, c.req.valid("json").token);
    return c.body(null, 204);
  })
  .openapi(list, async (c) => {
    const { limit, cursor, q } = c.req.valid("query");
    const rows = await listSubscribers(c.var.db, {
      limit,
      after: await decodeCursor(c, cursor, NewestFirstPosition),
      q,
    });
    return c.json(await toPage(c, rows, limit, (row) => [row.createdAt, row.id], presentSubscriber), 200);
  })
  .openapi(get, async (c) => {
    const subscriber = await findSubscriber(c.var.db, c.req.valid("param").id);
    if (!subscriber) throw notFound("subscriber");
    return c.json(presentSubscriber(subscriber), 200);
  })
  .openapi(remove, async (c) => {
    if (!(await deleteSubscriber(c.var.db, c.req.valid("param").id))) throw notFound("subscriber");
    return c.body(null, 204);
  });
