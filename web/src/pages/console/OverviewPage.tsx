import { type UseQueryOptions, useQuery } from "@tanstack/react-query";
import { type ReactNode, useId } from "react";
import { Link } from "react-router";
import { useSession } from "../../auth/session";
import { overview } from "../../console/admin/overview";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { consoleWords } from "../../console/problems";
import { roleAllows, type StaffRole } from "../../console/roles";
import { formatDateTime } from "../../format";
import { href } from "../../paths";
import css from "./Overview.module.css";

/**
 * `/console`: what needs attention, each card a few of its items and a link to its page — lessons the scheduler could
 * not publish, lessons scheduled, open tickets, low stock, what is live now. A card the role may not read is not
 * shown; one whose call fails says so alone.
 */
export default function OverviewPage() {
  const role = useSession()?.user.role ?? "viewer";
  const may = (needed: StaffRole) => roleAllows(role, needed);
  return (
    <ConsolePage title="Overview" lead="What needs attention across the platform now.">
      <div className={css.grid}>
        <Tile
          title="Publish problems"
          query={overview.publishProblems()}
          alarming
          none="Every scheduled lesson published on time."
          seeAll={{ to: href.consoleLessons({ has_publish_error: "true" }), words: "All lessons with problems" }}
          item={(lesson) => (
            <>
              <Link to={href.consoleLesson(lesson.id)}>{lesson.title}</Link>
              <span className={styles.sub}>{lesson.publish_error}</span>
            </>
          )}
        />
        <Tile
          title="Scheduled lessons"
          query={overview.scheduledLessons()}
          none="No lesson is scheduled."
          seeAll={{ to: href.consoleLessons({ status: "scheduled" }), words: "All scheduled lessons" }}
          item={(lesson) => (
            <>
              <Link to={href.consoleLesson(lesson.id)}>{lesson.title}</Link>
              {lesson.publish_at && <span className={styles.sub}>{formatDateTime(lesson.publish_at)}</span>}
            </>
          )}
        />
        {may("editor") && (
          <Tile
            title="Open tickets"
            query={overview.openTickets()}
            alarming
            none="No ticket is open."
            seeAll={{ to: href.consoleTickets({ status: "open" }), words: "All open tickets" }}
            item={(ticket) => (
              <>
                <Link to={href.consoleTicket(ticket.id)}>{ticket.title}</Link>{" "}
                {ticket.priority === "high" && <span className={`${styles.pill} ${styles.bad}`}>High</span>}
              </>
            )}
          />
        )}
        {may("editor") && (
          <Tile
            title="Low stock"
            query={overview.lowStock()}
            alarming
            none="Every product has stock to spare."
            seeAll={{ to: href.consoleAlerts(), words: "All low-stock alerts" }}
            item={(alert) => (
              <>
                {alert.name}{" "}
                <span className={`${styles.pill} ${alert.stock === 0 ? styles.bad : styles.warn}`}>
                  {alert.stock === 0 ? "Out of stock" : `${alert.stock} left`}
                </span>
              </>
            )}
          />
        )}
        <Tile
          title="Live streams"
          query={overview.liveStreams()}
          none="No stream is live."
          seeAll={{ to: href.consoleStreams(), words: "All streams" }}
          item={(stream) => <Link to={href.consoleStream(stream.id)}>{stream.title}</Link>}
        />
        <Tile
          title="Live games"
          query={overview.liveGames()}
          none="No game is being played."
          seeAll={{ to: href.consoleGames(), words: "All games" }}
          item={(game) => (
            <Link to={href.consoleGame(game.id)}>
              {game.home_team} vs {game.away_team}
            </Link>
          )}
        />
      </div>
    </ConsolePage>
  );
}

interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** One card: how many (5+ when there are more), the first few, and the way to all of them. */
function Tile<T extends { id: string } | { product_id: string }>({
  title,
  query,
  item,
  none,
  seeAll,
  alarming,
}: {
  title: string;
  query: UseQueryOptions<Page<T>, Error, Page<T>, string[]>;
  item: (entry: T) => ReactNode;
  /** What the card says when there are none. */
  none: string;
  seeAll: { to: string; words: string };
  /** Any at all needs someone's attention (problems), rather than being news (what is live). */
  alarming?: boolean;
}) {
  const titleId = useId();
  const result = useQuery(query);
  const entries = result.data?.data ?? [];
  const more = Boolean(result.data?.next_cursor);
  const tone = entries.length === 0 ? css.calm : alarming ? css.attention : "";
  return (
    <section className={css.tile} aria-labelledby={titleId} aria-busy={result.isPending}>
      <div className={css.tileHead}>
        <h2 id={titleId}>{title}</h2>
        {result.isSuccess && (
          <span className={`${css.count} ${tone}`}>
            {entries.length}
            {more && (
              <>
                <span aria-hidden="true">+</span>
                <span className="visually-hidden"> or more</span>
              </>
            )}
          </span>
        )}
      </div>
      {result.isError ? (
        <p className={css.none} role="alert">
          Could not load this: {consoleWords(result.error)}
        </p>
      ) : result.isSuccess && entries.length === 0 ? (
        <p className={css.none}>{none}</p>
      ) : (
        <ul className={css.items}>
          {entries.map((entry) => (
            <li key={"id" in entry ? entry.id : entry.product_id}>{item(entry)}</li>
          ))}
        </ul>
      )}
      <Link className={css.seeAll} to={seeAll.to}>
        {seeAll.words} <span aria-hidden="true">→</span>
      </Link>
    </section>
  );
}
