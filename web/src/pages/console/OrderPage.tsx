import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/problem";
import { orderNumber } from "../../api/shop";
import { useSession } from "../../auth/session";
import { Breadcrumb } from "../../components/Breadcrumb";
import { FormMessage } from "../../components/FormMessage";
import { ConsoleLoadError } from "../../console/ConsoleLoadError";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { statusWords } from "../../console/format";
import { type Order, store } from "../../console/store/api";
import { ORDER_STATUS_TONE } from "../../console/store/status";
import { formatDateTime, money } from "../../format";
import { href } from "../../paths";
import NotFoundPage from "../NotFoundPage";
import { CancelDialog } from "./order/CancelDialog";
import { History } from "./order/History";
import { Lines } from "./order/Lines";
import { RefundDialog } from "./order/RefundDialog";

/** What staff may do to an order in each status (the API's rules; anything else is 409 `invalid_transition`). */
const mayCancel = (order: Order) => order.status === "processing";
const mayRefund = (order: Order) => order.status === "completed" || order.status === "partially_refunded";

/** `/console/store/orders/:id`: an order's lines, totals and history, and cancelling or refunding it. */
export default function OrderPage() {
  const { id = "" } = useParams();
  const client = useQueryClient();
  const order = useQuery(store.order(id));
  const customerId = order.data?.customer_id;
  const customer = useQuery({ ...store.customer(customerId ?? ""), enabled: Boolean(customerId) });
  const current = useSession();
  const [dialog, setDialog] = useState<"cancel" | "refund" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (order.error instanceof ApiError && order.error.status === 404) return <NotFoundPage what="order" />;
  const data = order.data;

  /** The order as the API now has it, from a cancel or a refund. */
  function saved(next: Order, words: string) {
    client.setQueryData(store.order(id).queryKey, next);
    void client.invalidateQueries({ queryKey: ["store"] });
    setDialog(null);
    setNotice(words);
  }

  /** Who made a change, by name where the page knows it. */
  function actor(actorId: string | null): string {
    if (actorId === null) return "The store";
    if (actorId === current?.user.id) return `${current.user.name} (you)`;
    if (actorId === customerId && customer.data) return `${customer.data.name} (customer)`;
    return actorId;
  }

  return (
    <ConsolePage
      title={`Order ${orderNumber(id)}`}
      breadcrumb={<Breadcrumb trail={[[href.consoleOrders(), "Orders"]]} current={id} currentClassName={styles.code} />}
      lead={
        data && (
          <>
            <span className={`${styles.pill} ${ORDER_STATUS_TONE[data.status]}`}>{statusWords(data.status)}</span>{" "}
            Placed {formatDateTime(data.created_at)} by{" "}
            {customerId ? (
              <Link to={href.consoleOrders({ customer_id: customerId })}>
                {customer.data ? `${customer.data.name} (${customer.data.email})` : customerId}
              </Link>
            ) : (
              "a deleted account"
            )}
            , {data.tier} tier.
          </>
        )
      }
      actions={
        data && (
          <>
            {mayCancel(data) && (
              <button type="button" className="button button-quiet button-danger" onClick={() => setDialog("cancel")}>
                Cancel order
              </button>
            )}
            {mayRefund(data) && (
              <button type="button" className="button" onClick={() => setDialog("refund")}>
                Refund…
              </button>
            )}
          </>
        )
      }
    >
      {notice && <FormMessage tone="success">{notice}</FormMessage>}
      {order.isError ? (
        <ConsoleLoadError error={order.error} onRetry={() => order.refetch()} />
      ) : !data ? (
        <div className={styles.panel} aria-busy="true">
          <div className="skeleton-line" />
          <div className="skeleton-line short" />
        </div>
      ) : (
        <>
          {!mayCancel(data) && !mayRefund(data) && (
            <p className="message message-info">
              {data.status === "cancelled"
                ? "This order was cancelled: its stock went back to the shelf, and nothing more can be done to it."
                : "This order is refunded in full: nothing more can be done to it."}
            </p>
          )}
          <Lines order={data} />
          <History order={data} actor={actor} />
        </>
      )}
      {data && dialog === "cancel" && (
        <CancelDialog
          order={data}
          onClose={() => setDialog(null)}
          onSaved={(next) => saved(next, "The order is cancelled and its items are back in stock.")}
        />
      )}
      {data && dialog === "refund" && (
        <RefundDialog
          order={data}
          onClose={() => setDialog(null)}
          onSaved={(next, refunded) =>
            saved(
              next,
              `Refunded ${money(refunded, next.currency, { exact: true })}. The order is now ${statusWords(next.status).toLowerCase()}.`,
            )
          }
        />
      )}
    </ConsolePage>
  );
}
