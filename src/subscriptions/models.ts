import { z } from "@hono/zod-openapi";
import { encodeBase64Url } from "hono/utils/encode";
import { EmailSchema } from "../auth/models";
import { PageQuery, searchParam } from "../http/pagination";
import type { SubscriberRow } from "./schema";

export const SubscriberSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), created_at: z.iso.datetime() })
  .openapi("Subscriber");

export const NewSubscriptionSchema = SubscriberSchema.extend({
  unsubscribe_token: z.string().openapi({ description: "Send to POST /unsubscribe to leave the list" }),
}).openapi("Subscription");

export const SubscribeBody = z
  .strictObject({ name: z.string().trim().min(1).max(100).openapi({ example: "Grace Hopper" }), email: EmailSchema })
  .openapi("SubscribeRequest");

/** 256 random bits as unpadded base64url: 43 characters, safe in a link. */
export const newUnsubscribeToken = (): string =>
  encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)).buffer).replace(/=+$/, "");

export const UnsubscribeBody = z
  .strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Not an unsubscribe token.") })
  .openapi("UnsubscribeRequest");

export const ListSubscribersQuery = PageQuery.extend({
  q: searchParam("Part of the name or email"),
});

export function presentSubscriber(row: SubscriberRow): z.infer<typeof SubscriberSchema> {
  return { id: row.id, name: row.name, email: row.email, created_at: row.createdAt };
}
