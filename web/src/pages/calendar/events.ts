import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";
import { ApiError } from "../../api/problem";
import type { CalendarEvent } from "./dates";

export type EventBody = Schemas["CreateEventRequest"];
export type EventChanges = Schemas["UpdateEventRequest"];

/** The version of an event the page holds, as its ETag (the API's ETag is the quoted `updated_at`). */
export const etagOf = (event: CalendarEvent): string => `"${event.updated_at}"`;

/** The events of a range of the viewer's days, `from` and `to` being the local midnights around them. */
export const monthEvents = (from: string, to: string) =>
  queryOptions({
    queryKey: ["events", "range", from, to],
    queryFn: async ({ signal }) => {
      const events: CalendarEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET("/events", { params: { query: { from, to, cursor } }, signal }));
        events.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return events;
    },
  });

/** Puts an event as it now is into every range the page holds (or takes it out: `null` for a deleted one). */
export function storeEvent(client: QueryClient, id: string, event: CalendarEvent | null): void {
  client.setQueriesData<CalendarEvent[]>({ queryKey: ["events", "range"] }, (events) => {
    if (!events) return events;
    const others = events.filter((held) => held.id !== id);
    return event ? [...others, event] : others;
  });
}

/** The event a page holds, wherever it is. */
export function heldEvent(client: QueryClient, id: string): CalendarEvent | undefined {
  for (const [, events] of client.getQueriesData<CalendarEvent[]>({ queryKey: ["events", "range"] })) {
    const found = events?.find((event) => event.id === id);
    if (found) return found;
  }
  return undefined;
}

const ifMatch = (etag: string) => ({ header: { "if-match": etag } });

export const createEvent = (body: EventBody) => unwrap(api.POST("/events", { body }));

export const changeEvent = (id: string, changes: EventChanges, etag: string) =>
  unwrap(api.PATCH("/events/{id}", { params: { path: { id }, ...ifMatch(etag) }, body: changes }));

export const deleteEvent = (id: string, etag: string) =>
  unwrap(api.DELETE("/events/{id}", { params: { path: { id }, ...ifMatch(etag) } }));

/** The event as it now is, when a write failed because it had changed since the page read it (412). */
export function changedMeanwhile(error: unknown): CalendarEvent | null {
  if (!(error instanceof ApiError) || error.status !== 412) return null;
  const problem = error.problem as Partial<Schemas["EventChangedProblem"]>;
  return problem.current ?? null;
}

/** Whether a write failed because the event is gone. */
export const goneMeanwhile = (error: unknown): boolean => error instanceof ApiError && error.status === 404;
