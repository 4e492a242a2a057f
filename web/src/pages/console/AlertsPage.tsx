import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { FormMessage } from "../../components/FormMessage";
import { rowsSoFar } from "../../components/LoadMore";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { PagedTable } from "../../console/PagedTable";
import { type LowStockAlert, refreshStore, store, storeWrites } from "../../console/store/api";
import { formatDateTime, plural } from "../../format";
import { stockWords } from "./products/StockDialog";

/** How many units a quick restock suggests: enough to bring the product back to this many. */
const RESTOCK_TO = 10;

/**
 * `/console/store/alerts`: products whose stock fell under the alert level after an order, lowest stock first, each
 * with a quick restock that clears its alert.
 */
export default function AlertsPage() {
  const client = useQueryClient();
  const alerts = useInfiniteQuery(store.alerts());
  const [notice, setNotice] = useState<string | null>(null);
  const open = rowsSoFar(alerts);

  return (
    <ConsolePage
      title="Low stock"
      lead="Products that ran low after an order, lowest stock first. Restocking one clears its alert."
    >
      {notice && <FormMessage tone="success">{notice}</FormMessage>}
      <PagedTable
        list={alerts}
        rows={open.length}
        caption="Open low-stock alerts"
        empty="No open alerts: every product is stocked above the alert level."
        more="More alerts"
        head={
          <>
            <th scope="col">Product</th>
            <th scope="col" className={styles.num}>
              Stock
            </th>
            <th scope="col">Raised</th>
            <th scope="col">Restock</th>
          </>
        }
      >
        {open.map((alert) => (
          <tr key={alert.product_id}>
            <th scope="row">
              {alert.name}
              <span className={styles.sub}>{alert.brand}</span>
            </th>
            <td className={styles.num}>
              <span className={`${styles.pill} ${alert.stock === 0 ? styles.bad : styles.warn}`}>
                {alert.stock === 0 ? "None left" : `${alert.stock} left`}
              </span>
            </td>
            <td className={styles.nowrap}>
              {formatDateTime(alert.raised_at)}
              <span className={styles.sub}>with {plural(alert.stock_when_raised, "unit")} left</span>
            </td>
            <td>
              <QuickRestock
                alert={alert}
                onDone={async (stock) => {
                  setNotice(`${alert.name} restocked: ${plural(stock, "unit")} in stock.`);
                  await refreshStore(client);
                }}
              />
            </td>
          </tr>
        ))}
      </PagedTable>
    </ConsolePage>
  );
}

function QuickRestock({ alert, onDone }: { alert: LowStockAlert; onDone: (stock: number) => Promise<void> }) {
  const [units, setUnits] = useState(String(Math.max(1, RESTOCK_TO - alert.stock)));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = `Units to add to ${alert.name}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const delta = Number(units);
    if (!Number.isInteger(delta) || delta < 1) return setError("Enter a number of units, 1 or more.");
    setError(null);
    setBusy(true);
    try {
      const product = await storeWrites.changeStock(alert.product_id, delta);
      await onDone(product.stock);
    } catch (caught) {
      setError(stockWords(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.inlineForm} onSubmit={submit} noValidate>
      <input
        aria-label={label}
        className={`${styles.control} ${styles.units}`}
        inputMode="numeric"
        value={units}
        onChange={(event) => setUnits(event.target.value)}
        aria-invalid={error ? true : undefined}
      />
      <button type="submit" className={`button ${styles.small}`} disabled={busy}>
        {busy ? "Restocking…" : "Restock"}
      </button>
      {error && (
        <p className={styles.inlineError} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
