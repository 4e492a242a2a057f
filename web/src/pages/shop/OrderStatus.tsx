import type { Order } from "../../api/shop";
import { STATUS_WORDS } from "../../store-labels";
import styles from "./OrderStatus.module.css";

/** An order's status as a coloured label: blue while processing, green once completed, grey when undone. */
export function OrderStatus({ status }: { status: Order["status"] }) {
  return (
    <span className={styles.status} data-status={status}>
      {STATUS_WORDS[status]}
    </span>
  );
}
