import type { ticketThread } from "../../src/tickets/schema";
import { minutesAgo } from "./common";

/** Who works which demo ticket (the rest are unassigned, for the desk's "Unassigned" view). */
export const DEMO_ASSIGNEES: Record<string, string> = { "ticket-1": "user-editor", "ticket-3": "user-editor" };

/**
 * The demo tickets' threads: Carol's closed sign-in ticket with its conversation, and her open video ticket with an
 * internal note the customer never sees, so the desk shows each kind of entry.
 */
export function demoTicketThreads(now: Date): (typeof ticketThread.$inferInsert)[] {
  const entry = (
    id: string,
    ticketId: string,
    authorId: string,
    age: number,
    fields: Pick<typeof ticketThread.$inferInsert, "kind" | "body" | "event" | "value">,
  ) => ({ id, ticketId, authorId, createdAt: minutesAgo(now, age), body: null, event: null, value: null, ...fields });
  return [
    entry("thread-1", "ticket-1", "user-editor", 60 * 49, { kind: "event", event: "assigned", value: "Eddie Editor" }),
    entry("thread-2", "ticket-1", "user-editor", 60 * 48, {
      kind: "reply",
      body: "Sorry about that! Could you try again after clearing the site's data in Safari's settings?",
    }),
    entry("thread-3", "ticket-1", "user-carol", 60 * 31, { kind: "reply", body: "That fixed it, thank you." }),
    entry("thread-4", "ticket-1", "user-editor", 60 * 30, { kind: "event", event: "closed" }),
    entry("thread-5", "ticket-3", "user-editor", 60 * 6, { kind: "event", event: "assigned", value: "Eddie Editor" }),
    entry("thread-6", "ticket-3", "user-editor", 60 * 5, {
      kind: "note",
      body: "Lesson 3's Telugu rendition has a broken segment at 0:10. Asked the video team to re-encode it.",
    }),
    entry("thread-7", "ticket-3", "user-editor", 60 * 5 - 2, {
      kind: "reply",
      body: "Thanks for telling us. We found the problem and are fixing the video; we will write when it is done.",
    }),
  ];
}
