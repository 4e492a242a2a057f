import styles from "./Calendar.module.css";
import {
  type CalendarEvent,
  daysOf,
  formatLongDay,
  formatMonth,
  formatTime,
  type Month,
  plannedZoneNote,
} from "./dates";

const dayName = new Intl.DateTimeFormat(undefined, { weekday: "short", timeZone: "UTC" });

/**
 * The month as a list of the days that have events (a phone's view of the month): each day with its events, their
 * times in the viewer's zone.
 */
export function Agenda({
  month,
  days,
  byDay,
  today,
  onEvent,
  onDay,
}: {
  month: Month;
  days: string[];
  byDay: Map<string, CalendarEvent[]>;
  today: string;
  onEvent: (event: CalendarEvent) => void;
  onDay: (day: string) => void;
}) {
  const busy = days.filter((day) => (byDay.get(day)?.length ?? 0) > 0);
  if (busy.length === 0) {
    return <p className={styles.emptyMonth}>Nothing planned in {formatMonth(month)} yet.</p>;
  }
  return (
    <ol className={styles.agenda} aria-label={`Events in ${formatMonth(month)}`}>
      {busy.map((day) => {
        const date = new Date(`${day}T00:00:00Z`);
        return (
          <li key={day} className={`${styles.agendaDay} ${day === today ? styles.today : ""}`} data-date={day}>
            <h3 className={styles.agendaDate}>
              <span className={styles.agendaWeekday}>{dayName.format(date)}</span>
              <span className={styles.agendaNumber}>{date.getUTCDate()}</span>
              <span className="visually-hidden">
                {" "}
                {formatMonth(month)}
                {day === today ? ", today" : ""}
              </span>
            </h3>
            <ul className={styles.agendaEvents}>
              {(byDay.get(day) ?? []).map((event) => (
                <li key={event.id}>
                  <button type="button" className={styles.agendaEvent} onClick={() => onEvent(event)}>
                    <span className={styles.agendaTime}>{agendaTime(event, day)}</span>{" "}
                    <span className={styles.agendaName}>{event.name}</span>{" "}
                    <span className={styles.agendaWhere}>
                      {[event.location ?? (event.online_link ? "Online" : null), plannedZoneNote(event)]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  </button>
                </li>
              ))}
              <li>
                <button type="button" className={styles.agendaAdd} onClick={() => onDay(day)}>
                  <span aria-hidden="true">+ </span>Add an event
                  <span className="visually-hidden"> on {formatLongDay(day)}</span>
                </button>
              </li>
            </ul>
          </li>
        );
      })}
    </ol>
  );
}

function agendaTime(event: CalendarEvent, day: string): string {
  if (event.all_day) return "All day";
  const span = daysOf(event);
  if (span.first < day && span.last > day) return "All day";
  if (span.first < day) return `until ${formatTime(event.end)}`;
  if (span.last > day) return `from ${formatTime(event.start)}`;
  return `${formatTime(event.start)} – ${formatTime(event.end)}`;
}
