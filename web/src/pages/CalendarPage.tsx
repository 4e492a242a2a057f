import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/problem";
import { SignInDialog } from "../auth/SignInDialog";
import { type Session, session as sessions, useSession } from "../auth/session";
import form from "../components/Form.module.css";
import { LoadError } from "../components/LoadError";
import { Modal } from "../components/Modal";
import modal from "../components/Modal.module.css";
import { href } from "../paths";
import { Agenda } from "./calendar/Agenda";
import styles from "./calendar/Calendar.module.css";
import { type Conflict, ConflictBody, EventSummary } from "./calendar/ConflictDialog";
import {
  addDays,
  type CalendarEvent,
  daysBetween,
  eventsByDay,
  formatLongDay,
  formatMonth,
  formatShortDay,
  formatWhen,
  localDay,
  type Month,
  monthOf,
  monthWeeks,
  parseMonth,
  shiftMonth,
  startOfDay,
  viewerZone,
} from "./calendar/dates";
import { EventDialog } from "./calendar/EventDialog";
import {
  changedMeanwhile,
  changeEvent,
  createEvent,
  deleteEvent,
  type EventBody,
  type EventChanges,
  etagOf,
  goneMeanwhile,
  monthEvents,
  storeEvent,
} from "./calendar/events";
import { eventBody, eventForm } from "./calendar/form";
import { MonthGrid } from "./calendar/MonthGrid";
import { Subscribe } from "./calendar/Subscribe";
import { useLiveEvents } from "./calendar/useLiveEvents";
import NotFoundPage from "./NotFoundPage";

type Dialog =
  | { kind: "create"; day: string }
  | { kind: "edit"; event: CalendarEvent }
  | { kind: "view"; event: CalendarEvent }
  | { kind: "day"; day: string }
  | { kind: "sign-in"; day: string }
  | { kind: "conflict"; conflict: Conflict };

/** Editors change any event; anyone signed in changes their own (the API's rule, so the page offers no more). */
const mayChange = (current: Session | null, event: CalendarEvent) =>
  current !== null &&
  (current.user.role === "editor" || current.user.role === "admin" || event.created_by === current.user.id);

/** `/calendar` (this month) and `/calendar/{yyyy}-{mm}`: the month's events, live, and changing them. */
export default function CalendarPage() {
  const { month: param } = useParams();
  const parsed = param === undefined ? null : parseMonth(param);
  if (param !== undefined && !parsed) return <NotFoundPage what="month" />;
  const month = parsed ?? monthOf(localDay(new Date()));
  return <Calendar year={month.year} month={month.month} />;
}

function Calendar({ year, month: monthNumber }: Month) {
  // One object per month shown, so that what is worked out from it is worked out once.
  const month = useMemo(() => ({ year, month: monthNumber }), [year, monthNumber]);
  const client = useQueryClient();
  const current = useSession();
  const phone = useMediaQuery("(max-width: 47.99rem)");
  const feed = useLiveEvents();
  const today = useToday();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const weeks = useMemo(() => monthWeeks(month), [month]);
  const days = useMemo(() => weeks.flat(), [weeks]);
  const firstDay = days[0] ?? "";
  const lastDay = days[days.length - 1] ?? "";
  const from = startOfDay(firstDay).toISOString();
  const to = startOfDay(addDays(lastDay, 1)).toISOString();
  const events = useQuery({ ...monthEvents(from, to), placeholderData: keepPreviousData });
  const byDay = useMemo(() => eventsByDay(events.data ?? [], days), [events.data, days]);
  const monthDays = days.filter((day) => monthOf(day).month === month.month);

  const title = formatMonth(month);
  const close = () => setDialog(null);
  const say = (words: string) => setAnnouncement(words);

  /** A write failed: a conflict shows the event as it is now; a delete elsewhere takes it off the page. */
  function failed(error: unknown, id: string, conflict: Omit<Conflict, "current">): never {
    const now = changedMeanwhile(error);
    if (now) {
      storeEvent(client, id, now);
      setDialog({ kind: "conflict", conflict: { ...conflict, current: now } });
    } else if (goneMeanwhile(error)) {
      storeEvent(client, id, null);
      setDialog(null);
      say("That event was deleted by someone else in the meantime.");
    }
    throw error;
  }

  async function create(body: EventBody) {
    const created = await createEvent(body);
    storeEvent(client, created.id, created);
    close();
    say(`${created.name} added.`);
  }

  async function save(event: CalendarEvent, changes: EventChanges, version = event) {
    if (Object.keys(changes).length === 0) return close();
    try {
      const saved = await changeEvent(event.id, changes, etagOf(version));
      storeEvent(client, saved.id, saved);
      close();
      say(`${saved.name} saved.`);
    } catch (error) {
      failed(error, event.id, {
        kind: "edit",
        attempt: describeChanges(changes),
        retry: (now) => save(event, changes, now),
      });
    }
  }

  async function remove(event: CalendarEvent, version = event) {
    try {
      await deleteEvent(event.id, etagOf(version));
      storeEvent(client, event.id, null);
      close();
      say(`${event.name} deleted.`);
    } catch (error) {
      failed(error, event.id, { kind: "delete", attempt: "delete it", retry: (now) => remove(event, now) });
    }
  }

  /** Moves an event by whole days: same time of day (on the viewer's clock) and length; an all-day event its dates. */
  async function move(event: CalendarEvent, by: number) {
    if (by === 0) return;
    const moved = movedBy(event, by);
    storeEvent(client, event.id, { ...event, ...moved });
    try {
      const saved = await changeEvent(event.id, moved, etagOf(event));
      storeEvent(client, saved.id, saved);
      say(`${saved.name} moved to ${formatShortDay(daysOfStart(saved))}.`);
    } catch (error) {
      if (!changedMeanwhile(error) && !goneMeanwhile(error)) {
        storeEvent(client, event.id, event);
        say(error instanceof ApiError ? error.words : "The event could not be moved.");
      }
      failed(error, event.id, {
        kind: "move",
        attempt: `move it to ${formatShortDay(addDays(daysOfStart(event), by))}`,
        retry: (now) => move(now, by),
      });
    }
  }

  function openDay(day: string) {
    setDialog(current ? { kind: "create", day } : { kind: "sign-in", day });
  }

  function openEvent(event: CalendarEvent) {
    setDialog({ kind: mayChange(current, event) ? "edit" : "view", event });
  }

  const previous = shiftMonth(month, -1);
  const next = shiftMonth(month, 1);
  const thisMonth = monthOf(today);
  const newEventDay = today.startsWith(`${month.year}-${String(month.month).padStart(2, "0")}`)
    ? today
    : (monthDays[0] ?? today);

  return (
    <div className={`container page ${styles.page}`}>
      <title>{`Calendar · ${title} · Edge platform`}</title>
      <div className={styles.toolbar}>
        <h1 className={styles.title}>
          <span className={styles.eyebrow}>Calendar</span>
          <span className="visually-hidden"> · </span>
          {title}
        </h1>
        <nav aria-label="Months" className={styles.monthNav}>
          <Link
            className="button button-quiet"
            to={href.calendarMonth(thisMonth.year, thisMonth.month)}
            aria-current={thisMonth.year === month.year && thisMonth.month === month.month ? "page" : undefined}
          >
            Today
          </Link>
          <Link
            className={styles.arrow}
            to={href.calendarMonth(previous.year, previous.month)}
            aria-label={`Previous month, ${formatMonth(previous)}`}
          >
            <span aria-hidden="true">‹</span>
          </Link>
          <Link
            className={styles.arrow}
            to={href.calendarMonth(next.year, next.month)}
            aria-label={`Next month, ${formatMonth(next)}`}
          >
            <span aria-hidden="true">›</span>
          </Link>
        </nav>
        <div className={styles.toolbarEnd}>
          <span className={`${styles.feed} ${feed === "live" ? styles.feedLive : ""}`}>
            <span className={styles.feedDot} aria-hidden="true" />
            <span className={styles.feedWords}>
              {feed === "live" ? "Live" : feed === "connecting" ? "Connecting…" : "Reconnecting…"}
            </span>
          </span>
          <button type="button" className="button" onClick={() => openDay(newEventDay)}>
            <span aria-hidden="true">+</span> New event
          </button>
        </div>
      </div>
      <p className={styles.zoneNote}>
        Times in your time zone, {viewerZone().replace(/_/g, " ")}.{!current && " Sign in to add events."}
        {current && !phone && " Choose a day to add an event; drag an event to move it."}
      </p>
      <div className="visually-hidden" role="status">
        {announcement}
      </div>
      {events.isError ? (
        <LoadError error={events.error} onRetry={() => events.refetch()} />
      ) : (
        <div className={styles.body} aria-busy={events.isFetching}>
          {phone ? (
            <Agenda month={month} days={monthDays} byDay={byDay} today={today} onEvent={openEvent} onDay={openDay} />
          ) : (
            <MonthGrid
              month={month}
              weeks={weeks}
              byDay={byDay}
              today={today}
              actions={{
                onDay: openDay,
                onEvent: openEvent,
                onMore: (day) => setDialog({ kind: "day", day }),
                onMove: (event, fromDay, toDay) => {
                  // Its outcome is on the page: the event where it went, or back with a conflict or a message.
                  move(event, daysBetween(fromDay, toDay)).catch(() => {});
                },
                canMove: (event) => mayChange(current, event),
              }}
            />
          )}
        </div>
      )}
      <Subscribe />

      {dialog?.kind === "sign-in" && (
        <SignInDialog onClose={() => setDialog(sessions.current() ? { kind: "create", day: dialog.day } : null)} />
      )}
      {dialog?.kind === "create" && <EventDialog day={dialog.day} onClose={close} save={(body) => create(body)} />}
      {dialog?.kind === "edit" && (
        <EventDialog
          event={dialog.event}
          day={dialog.event.start.slice(0, 10)}
          onClose={close}
          save={(body) => save(dialog.event, changesFrom(dialog.event, body))}
          remove={() => remove(dialog.event)}
        />
      )}
      {dialog?.kind === "view" && (
        <Modal title={dialog.event.name} onClose={close}>
          <div className={modal.form}>
            <EventSummary event={dialog.event} />
            {!current && <p className="muted">Sign in with an account allowed to change it to edit this event.</p>}
            <div className={form.actions}>
              <span className={form.spacer} />
              <button type="button" className="button" onClick={close}>
                Close
              </button>
            </div>
          </div>
        </Modal>
      )}
      {dialog?.kind === "day" && (
        <Modal title={formatLongDay(dialog.day)} onClose={close} initialFocus="button[data-event-id]">
          <ul className={styles.dayList}>
            {(byDay.get(dialog.day) ?? []).map((event) => (
              <li key={event.id}>
                <button
                  type="button"
                  data-event-id={event.id}
                  className={styles.agendaEvent}
                  onClick={() => openEvent(event)}
                >
                  <span className={styles.agendaName}>{event.name}</span>
                  <span className={styles.agendaWhere}>{formatWhen(event)}</span>
                </button>
              </li>
            ))}
          </ul>
        </Modal>
      )}
      {dialog?.kind === "conflict" && (
        <Modal title="This event has changed" onClose={close} tone="warning" initialFocus="button[data-autofocus]">
          <ConflictBody conflict={dialog.conflict} onDone={close} />
        </Modal>
      )}
    </div>
  );
}

/**
 * What the form changed of the event, and only that: a retry after a conflict applies it on top of the other
 * person's change rather than putting back the fields they changed. Times go together (and with `all_day`).
 */
function changesFrom(event: CalendarEvent, body: EventBody): EventChanges {
  const before = eventBody(eventForm(event));
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (value !== before[name as keyof EventBody]) changes[name] = value;
  }
  if ("start" in changes || "end" in changes || "all_day" in changes) {
    Object.assign(changes, { start: body.start, end: body.end, all_day: body.all_day });
  }
  return changes as EventChanges;
}

const FIELD_WORDS: Record<string, string> = {
  name: "the name",
  description: "the description",
  time_zone: "the time zone",
  location: "the location",
  online_link: "the online link",
  min_attendees: "the minimum of attendees",
  max_attendees: "the maximum of attendees",
  location_notes: "the location notes",
  preparation_notes: "the preparation notes",
};

/** What an edit changes, in words: "set the location to “Room 9” and the time". */
function describeChanges(changes: EventChanges): string {
  const parts = Object.entries(changes).flatMap(([name, value]) => {
    const field = FIELD_WORDS[name];
    if (!field) return [];
    return [value === null || value === "" ? `clear ${field}` : `set ${field} to “${value}”`];
  });
  if ("start" in changes) parts.push("change the time");
  return parts.length ? parts.join(", ") : "save your changes";
}

/** The start and end an event has when moved by `by` days. */
function movedBy(event: CalendarEvent, by: number): { start: string; end: string } {
  if (event.all_day) return { start: addDays(event.start, by), end: addDays(event.end, by) };
  const start = new Date(event.start);
  const length = Date.parse(event.end) - start.getTime();
  // Local date arithmetic keeps the time of day on the viewer's clock, across a change of summer time too.
  start.setDate(start.getDate() + by);
  return { start: start.toISOString(), end: new Date(start.getTime() + length).toISOString() };
}

const daysOfStart = (event: CalendarEvent) => (event.all_day ? event.start : localDay(new Date(event.start)));

/** Today on the viewer's calendar, moving on at midnight. */
function useToday(): string {
  const [today, setToday] = useState(() => localDay(new Date()));
  useEffect(() => {
    const tomorrow = startOfDay(addDays(today, 1)).getTime() - Date.now();
    const timer = setTimeout(() => setToday(localDay(new Date())), Math.max(1_000, tomorrow + 1_000));
    return () => clearTimeout(timer);
  }, [today]);
  return today;
}

function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      const list = matchMedia(query);
      list.addEventListener("change", changed);
      return () => list.removeEventListener("change", changed);
    },
    () => matchMedia(query).matches,
  );
}
