import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { orderNumber } from "../../api/shop";
import { rowsSoFar } from "../../components/LoadMore";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { PagedTable } from "../../console/PagedTable";
import { consoleWords } from "../../console/problems";
import { type DeadLetter, refreshStore, store, storeWrites } from "../../console/store/api";
import { formatDateTime } from "../../format";
import { href } from "../../paths";

/**
 * `/console/store/dead-letters`: order messages the queue gave up on after its retries, with the last error, and
 * replaying one (sending it to the queue again, once).
 */
export default function DeadLettersPage() {
  const letters = useInfiniteQuery(store.deadLetters());
  const shown = rowsSoFar(letters);

  return (
    <ConsolePage
      title="Failed messages"
      lead="Order messages the queue gave up on after its retries. Once the cause is fixed, replay one to send it again."
    >
      <PagedTable
        list={letters}
        rows={shown.length}
        caption="Failed messages"
        empty="No failed messages: the queue has handled every order."
        more="More messages"
        head={
          <>
            <th scope="col">Message</th>
            <th scope="col">Error</th>
            <th scope="col" className={styles.num}>
              Attempts
            </th>
            <th scope="col">Failed</th>
            <th scope="col">Replay</th>
          </>
        }
      >
        {shown.map((letter) => (
          <Row key={letter.id} letter={letter} />
        ))}
      </PagedTable>
    </ConsolePage>
  );
}

function Row({ letter }: { letter: DeadLetter }) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const body = letter.body as { type?: unknown; order_id?: unknown };
  const orderId = typeof body.order_id === "string" ? body.order_id : null;

  async function replay() {
    setBusy(true);
    setError(null);
    try {
      await storeWrites.replayDeadLetter(letter.id);
    } catch (caught) {
      setError(consoleWords(caught));
    } finally {
      setBusy(false);
      await refreshStore(client);
    }
  }

  return (
    <tr>
      <th scope="row">
        {typeof body.type === "string" ? body.type.replace(/_/g, " ") : "message"}
        {orderId && (
          <span className={styles.sub}>
            order{" "}
            <Link to={href.consoleOrder(orderId)} className={styles.code} title={orderId}>
              {orderNumber(orderId)}
            </Link>
          </span>
        )}
      </th>
      <td className={styles.errorText}>{letter.error ?? "—"}</td>
      <td className={styles.num}>{letter.attempts}</td>
      <td className={styles.nowrap}>{formatDateTime(letter.failed_at)}</td>
      <td>
        <div className={styles.replay}>
          {letter.replayed_at && (
            <span className={`${styles.pill} ${styles.good}`}>Replayed {formatDateTime(letter.replayed_at)}</span>
          )}
          <button
            type="button"
            className={`button ${letter.replayed_at ? "button-quiet" : ""} ${styles.small}`}
            onClick={() => void replay()}
            disabled={busy}
            aria-label={`${letter.replayed_at ? "Replay again" : "Replay"}: ${orderId ? `order ${orderNumber(orderId)}` : letter.id}`}
          >
            {busy ? "Replaying…" : letter.replayed_at ? "Replay again" : "Replay"}
          </button>
          {error && (
            <p className={styles.inlineError} role="alert">
              {error}
            </p>
          )}
        </div>
      </td>
    </tr>
  );
}
