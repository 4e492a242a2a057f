import { createRouter } from "../http/openapi";
import { eventRoutes } from "./event-routes";
import { calendarStreamRoutes } from "./stream-routes";

/** The calendar: events and their iCalendar feed, and the live change feed (`GET /events/stream`). */
export const calendarRoutes = createRouter().route("/", eventRoutes).route("/", calendarStreamRoutes);
