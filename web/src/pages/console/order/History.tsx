import styles from "../../../console/console.module.css";
import { statusWords } from "../../../console/format";
import type { Order } from "../../../console/store/api";
import { formatDateTime, money } from "../../../format";

/** Every change of the order, oldest first: from which status to which, who, when, why and how much. */
export function History({ order, actor }: { order: Order; actor: (actorId: string | null) => string }) {
  return (
    <section className={styles.panel} aria-labelledby="order-history">
      <h2 id="order-history">History</h2>
      <ol className={styles.history}>
        {order.history.map((event, index) => (
          // The history only grows, so an entry's place in it is stable.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={index}>
            <p className={styles.historyWhat}>
              {event.from_status
                ? `${statusWords(event.from_status)} → ${statusWords(event.to_status)}`
                : `Placed (${statusWords(event.to_status).toLowerCase()})`}
              {event.amount_cents !== null && (
                <strong className={styles.historyAmount}>
                  {" "}
                  {money(event.amount_cents, order.currency, { exact: true })}
                </strong>
              )}
            </p>
            <p className={styles.historyWho}>
              {actor(event.actor_id)} · <time dateTime={event.at}>{formatDateTime(event.at)}</time>
            </p>
            {event.reason && <p className={styles.historyWhy}>“{event.reason}”</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
