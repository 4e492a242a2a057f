import { DurableObject } from "cloudflare:workers";
import type { CalendarChange } from "../src/calendar/feed";

/** The calendar's live change feed (SSE). */
export class CalendarFeed extends DurableObject<Env> {
  /** Records a committed change and sends it to every subscriber; returns its sequence number. */
  async publish(_change: CalendarChange): Promise<number> {
    return 0;
  }
}
