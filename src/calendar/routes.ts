import { purgesEdgeCache } from "../http/edge-cache";
import { createRouter } from "../http/openapi";
import { eventRoutes } from "./event-routes";
import { calendarStreamRoutes } from "./stream-routes";

/** The calendar: events and their iCalendar feed, and the live change feed (`GET /events/stream`). */
export const calendarRoutes = createRouter()
  // Every event write changes the ranges and the .ics feed the edge cache may hold.
  .use("/events", purgesEdgeCache("calendar"))
  .use("/events/*", purgesEdgeCache("calendar"))
  .route("/", eventRoutes)
  .route("/", calendarStreamRoutes);
