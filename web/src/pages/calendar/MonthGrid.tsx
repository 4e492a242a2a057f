import { type DragEvent, type KeyboardEvent, useRef, useState } from "react";
import styles from "./Calendar.module.css";
import {
  addDays,
  type CalendarEvent,
  daysOf,
  formatLongDay,
  formatTime,
  formatWeekdayLong,
  formatWeekdayShort,
  type Month,
  plannedZoneNote,
} from "./dates";

/** How many events a day shows before "N more". */
const SHOWN_PER_DAY = 3;

export interface GridActions {
  /** A day was chosen to add an event on. */
  onDay: (day: string) => void;
  /** An event was chosen, to see or change it. */
  onEvent: (event: CalendarEvent) => void;
  /** "N more" on a day: all its events. */
  onMore: (day: string) => void;
  /** An event was dropped on another day: `from` is the day it was picked up on. */
  onMove: (event: CalendarEvent, from: string, to: string) => void;
  /** Whether the person may move this event. */
  canMove: (event: CalendarEvent) => boolean;
}

/**
 * The month as a table of weeks: each day a cell with a button to add an event and a list of its events. A screen
 * reader reads it as a table (weekday headers, one row a week); arrow keys move between days.
 */
export function MonthGrid({
  month,
  weeks,
  byDay,
  today,
  actions,
}: {
  month: Month;
  weeks: string[][];
  byDay: Map<string, CalendarEvent[]>;
  today: string;
  actions: GridActions;
}) {
  const dragged = useRef<{ event: CalendarEvent; from: string } | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  // One day is in the Tab order (arrow keys move between days): the one last focused, else today or the 1st.
  const [activeDay, setActiveDay] = useState<string | null>(null);
  const monthPrefix = `${String(month.year).padStart(4, "0")}-${String(month.month).padStart(2, "0")}`;

  function moveFocus(keyed: KeyboardEvent<HTMLTableElement>) {
    const target = keyed.target as HTMLElement;
    const day = target.dataset.day;
    if (!day) return;
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[keyed.key];
    if (!step) return;
    const next = keyed.currentTarget.querySelector<HTMLElement>(`[data-day="${addDays(day, step)}"]`);
    if (next) {
      keyed.preventDefault();
      next.focus();
    }
  }

  function dragOver(over: DragEvent<HTMLTableCellElement>, day: string) {
    if (!dragged.current) return;
    over.preventDefault();
    over.dataTransfer.dropEffect = "move";
    if (dropTarget !== day) setDropTarget(day);
  }

  function drop(dropped: DragEvent<HTMLTableCellElement>, day: string) {
    dropped.preventDefault();
    const move = dragged.current;
    dragged.current = null;
    setDropTarget(null);
    if (move && move.from !== day) actions.onMove(move.event, move.from, day);
  }

  const firstWeek = weeks[0] ?? [];
  const days = weeks.flat();
  const tabbable =
    activeDay && days.includes(activeDay) ? activeDay : days.includes(today) ? today : `${monthPrefix}-01`;
  return (
    <table className={styles.grid} onKeyDown={moveFocus}>
      <caption className="visually-hidden">Events by day; choose a day to add an event</caption>
      <thead>
        <tr>
          {firstWeek.map((day) => (
            <th key={day} scope="col" abbr={formatWeekdayLong(day)}>
              {formatWeekdayShort(day)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day, column) => {
              const events = byDay.get(day) ?? [];
              const shown = events.length > SHOWN_PER_DAY + 1 ? events.slice(0, SHOWN_PER_DAY) : events;
              const classes = [
                styles.day,
                day.startsWith(monthPrefix) ? "" : styles.otherMonth,
                day === today ? styles.today : "",
                dropTarget === day ? styles.dropTarget : "",
              ];
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: a click anywhere in the day is a shortcut for its button, which keyboards use
                <td
                  key={day}
                  className={classes.join(" ")}
                  onClick={(clicked) => {
                    if (clicked.target === clicked.currentTarget || (clicked.target as HTMLElement).dataset.blank) {
                      actions.onDay(day);
                    }
                  }}
                  onDragOver={(over) => dragOver(over, day)}
                  onDragLeave={() => setDropTarget((current) => (current === day ? null : current))}
                  onDrop={(dropped) => drop(dropped, day)}
                  data-date={day}
                >
                  <button
                    type="button"
                    className={styles.dayNumber}
                    data-day={day}
                    tabIndex={day === tabbable ? 0 : -1}
                    onFocus={() => setActiveDay(day)}
                    aria-label={`${formatLongDay(day)}${day === today ? ", today" : ""}: add an event`}
                    aria-current={day === today ? "date" : undefined}
                    onClick={() => actions.onDay(day)}
                  >
                    {Number(day.slice(8))}
                  </button>
                  {events.length > 0 && (
                    <ul className={styles.dayEvents} aria-label={`Events on ${formatLongDay(day)}`}>
                      {shown.map((event) => (
                        <li key={event.id}>
                          <EventChip
                            event={event}
                            day={day}
                            weekStart={column === 0}
                            weekEnd={column === 6}
                            draggable={actions.canMove(event)}
                            onOpen={() => actions.onEvent(event)}
                            onDragStart={() => {
                              dragged.current = { event, from: day };
                            }}
                            onDragEnd={() => {
                              dragged.current = null;
                              setDropTarget(null);
                            }}
                          />
                        </li>
                      ))}
                      {shown.length < events.length && (
                        <li>
                          <button type="button" className={styles.more} onClick={() => actions.onMore(day)}>
                            {events.length - shown.length} more
                          </button>
                        </li>
                      )}
                    </ul>
                  )}
                  <div className={styles.blank} data-blank="true" aria-hidden="true" />
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * One event on one day: an all-day or many-day event as a bar joined to its neighbours, a timed one as its start time
 * and name. Dragged to another day, it moves there.
 */
function EventChip({
  event,
  day,
  weekStart,
  weekEnd,
  draggable,
  onOpen,
  onDragStart,
  onDragEnd,
}: {
  event: CalendarEvent;
  day: string;
  weekStart: boolean;
  weekEnd: boolean;
  draggable: boolean;
  onOpen: () => void;
  onDragStart: () => void;
  onDragEnd: () => void;
}) {
  const span = daysOf(event);
  const before = span.first < day;
  const after = span.last > day;
  const bar = event.all_day || span.first !== span.last;
  const planned = plannedZoneNote(event);
  const startsHere = !before || weekStart;
  const time = event.all_day ? null : before ? null : formatTime(event.start);
  const classes = [
    styles.chip,
    bar ? styles.bar : styles.timed,
    before && !weekStart ? styles.joinBefore : "",
    after && !weekEnd ? styles.joinAfter : "",
  ];
  return (
    <button
      type="button"
      className={classes.join(" ")}
      draggable={draggable}
      onDragStart={(started) => {
        started.dataTransfer.effectAllowed = "move";
        started.dataTransfer.setData("text/plain", event.id);
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      onClick={(clicked) => {
        clicked.stopPropagation();
        onOpen();
      }}
      title={planned ? `${event.name} · planned as ${planned}` : event.name}
      data-event-id={event.id}
    >
      {time && <span className={styles.chipTime}>{time}</span>}
      {time && " "}
      <span className={startsHere ? styles.chipName : `${styles.chipName} ${styles.continued}`}>
        {before && <span className="visually-hidden">continued: </span>}
        {event.name}
      </span>
    </button>
  );
}
