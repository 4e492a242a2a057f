import styles from "../../../console/console.module.css";
import type { Order } from "../../../console/store/api";
import { money } from "../../../format";

/** An order's lines at the prices paid, what was refunded of each, and the totals. */
export function Lines({ order }: { order: Order }) {
  const amount = (cents: number) => money(cents, order.currency, { exact: true });
  return (
    <section
      className={`${styles.panel} ${styles.panelFlush}`}
      aria-labelledby="order-lines"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: lines wider than a phone are scrolled sideways by keyboard
      tabIndex={0}
    >
      <h2 id="order-lines">Lines</h2>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className={styles.num}>
              Unit price
            </th>
            <th scope="col" className={styles.num}>
              Quantity
            </th>
            <th scope="col" className={styles.num}>
              Line total
            </th>
            <th scope="col" className={styles.num}>
              Refunded
            </th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.product_id}>
              <th scope="row">{item.product_name}</th>
              <td className={styles.num}>{amount(item.unit_price_cents)}</td>
              <td className={styles.num}>{item.quantity}</td>
              <td className={styles.num}>{amount(item.line_total_cents)}</td>
              <td className={styles.num}>
                {item.refunded_quantity ? `${item.refunded_quantity} · ${amount(item.refunded_cents)}` : "—"}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot className={styles.totals}>
          <tr>
            <th scope="row" colSpan={3}>
              Subtotal
            </th>
            <td className={styles.num}>{amount(order.subtotal_cents)}</td>
            <td />
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              Discount ({order.tier}, {order.discount_percent}%)
            </th>
            <td className={styles.num}>−{amount(order.discount_cents)}</td>
            <td />
          </tr>
          <tr className={styles.total}>
            <th scope="row" colSpan={3}>
              Total paid
            </th>
            <td className={styles.num}>{amount(order.total_cents)}</td>
            <td />
          </tr>
          <tr>
            <th scope="row" colSpan={3}>
              Refunded
            </th>
            <td className={styles.num}>{order.refunded_cents ? `−${amount(order.refunded_cents)}` : amount(0)}</td>
            <td />
          </tr>
          <tr className={styles.total}>
            <th scope="row" colSpan={3}>
              Kept
            </th>
            <td className={styles.num}>{amount(order.total_cents - order.refunded_cents)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
