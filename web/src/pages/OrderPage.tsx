import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { ApiError } from "../api/problem";
import { isFinal, type Order, orderNumber, shop } from "../api/shop";
import { Breadcrumb } from "../components/Breadcrumb";
import { FormMessage } from "../components/FormMessage";
import { LoadError } from "../components/LoadError";
import { formatDateTime, money } from "../format";
import { href } from "../paths";
import { STATUS_WORDS, TIER_WORDS } from "../store-labels";
import NotFoundPage from "./NotFoundPage";
import { useShopper } from "./shop/cart";
import styles from "./shop/OrderPage.module.css";
import { OrderStatus } from "./shop/OrderStatus";
import { SignInFirst } from "./shop/SignInFirst";

/**
 * An order: where it stands (read again while the store processes it, until it is final), its lines and totals, the
 * points it earned and its history; a processing order can be cancelled.
 */
export default function OrderPage() {
  const { id = "" } = useParams();
  const shopper = useShopper();
  const order = useQuery({ ...shop.order(id), enabled: shopper !== "guest" });

  if (shopper === "guest") return <SignInFirst title="Your order" what="see your order" />;
  if (order.error instanceof ApiError && order.error.code === "not_found") return <NotFoundPage what="order" />;
  if (order.isError && !order.data) {
    return (
      <div className="container page">
        <LoadError error={order.error} onRetry={() => order.refetch()} />
      </div>
    );
  }
  if (!order.data) {
    return (
      <div className="container page" aria-busy="true">
        <div className="skeleton-line short" />
        <div className="skeleton-line" />
      </div>
    );
  }
  const data = order.data;
  const number = orderNumber(data.id);
  return (
    <article className="container page">
      <title>{`Order ${number} · Shop · Edge platform`}</title>
      <Breadcrumb
        trail={[
          [href.shop(), "Shop"],
          [href.shopOrders(), "Your orders"],
        ]}
        current={`Order ${number}`}
      />
      <div className={styles.heading}>
        <h1>Order {number}</h1>
        <OrderStatus status={data.status} />
      </div>
      <p className="muted">Placed {formatDateTime(data.created_at)}</p>
      <StatusNote order={data} />
      <div className={styles.layout}>
        <section aria-labelledby="lines">
          <h2 id="lines">What you ordered</h2>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Watch</th>
                <th scope="col">Quantity</th>
                <th scope="col">Price</th>
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.product_id}>
                  <th scope="row">
                    <Link to={href.shopProduct(item.product_id)}>{item.product_name}</Link>
                    {item.refunded_quantity > 0 && (
                      <span className={styles.refunded}>
                        {item.refunded_quantity} refunded ({money(item.refunded_cents, data.currency)})
                      </span>
                    )}
                  </th>
                  <td>{item.quantity}</td>
                  <td>{money(item.unit_price_cents, data.currency)}</td>
                  <td>{money(item.line_total_cents, data.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className={styles.totals}>
            <div>
              <dt>Subtotal</dt>
              <dd>{money(data.subtotal_cents, data.currency)}</dd>
            </div>
            {data.discount_cents > 0 && (
              <div className={styles.discount}>
                <dt>
                  {TIER_WORDS[data.tier]}: {data.discount_percent} % off
                </dt>
                <dd>−{money(data.discount_cents, data.currency)}</dd>
              </div>
            )}
            <div className={styles.total}>
              <dt>Total</dt>
              <dd>{money(data.total_cents, data.currency)}</dd>
            </div>
            {data.refunded_cents > 0 && (
              <div>
                <dt>Refunded</dt>
                <dd>−{money(data.refunded_cents, data.currency)}</dd>
              </div>
            )}
          </dl>
          {data.status === "processing" && <CancelOrder order={data} />}
        </section>
        <section aria-labelledby="history" className={styles.history}>
          <h2 id="history">History</h2>
          <ol>
            {data.history.map((event) => (
              <li key={`${event.at}-${event.to_status}`}>
                <p className={styles.event}>{eventWords(event, data)}</p>
                <p className="muted">
                  {formatDateTime(event.at)}
                  {event.reason && <> · “{event.reason}”</>}
                </p>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}

/** Where the order stands, in a sentence: announced as it changes. */
function StatusNote({ order }: { order: Order }) {
  const words = {
    processing: "We are confirming your order. This page updates by itself.",
    completed: `Your order is complete.${order.reward_points ? ` You earned ${order.reward_points.toLocaleString()} reward ${order.reward_points === 1 ? "point" : "points"}.` : ""}`,
    cancelled: "This order was cancelled, and nothing was charged.",
    refunded: `This order was refunded: ${money(order.refunded_cents, order.currency)} went back to you.`,
    partially_refunded: `Part of this order was refunded: ${money(order.refunded_cents, order.currency)} went back to you.`,
  }[order.status];
  return (
    <div className={styles.note} data-status={order.status} role="status">
      {!isFinal(order) && <span className={styles.spinner} aria-hidden="true" />}
      <p>{words}</p>
    </div>
  );
}

type OrderEvent = Order["history"][number];

function eventWords(event: OrderEvent, order: Order): string {
  const by = event.actor_id === null ? "" : event.actor_id === order.customer_id ? " by you" : " by the shop";
  if (event.from_status === null) return "Order placed";
  if (event.to_status === "completed") return "Completed";
  if (event.to_status === "cancelled") return `Cancelled${by}`;
  if (event.amount_cents) return `Refunded ${money(event.amount_cents, order.currency)}${by}`;
  return `${STATUS_WORDS[event.to_status]}${by}`;
}

function CancelOrder({ order }: { order: Order }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST("/orders/{id}/cancel", { params: { path: { id: order.id } }, body: {} })),
    onSuccess: (cancelled) => {
      queryClient.setQueryData(shop.order(order.id).queryKey, cancelled);
      void queryClient.invalidateQueries({ queryKey: ["account", "orders"] });
      setConfirming(false);
    },
    // Refused (completed meanwhile): show the order as it is now.
    onError: () => queryClient.invalidateQueries({ queryKey: shop.order(order.id).queryKey }),
  });
  const error = cancel.error instanceof ApiError ? cancel.error : null;
  return (
    <div className={styles.cancel}>
      {error && (
        <FormMessage tone="error">
          {error.code === "invalid_transition" ? "This order can no longer be cancelled." : error.words}
        </FormMessage>
      )}
      {confirming ? (
        <div className={styles.confirm}>
          <p>Cancel this order? Its watches go back on the shelf.</p>
          <button
            type="button"
            className="button button-danger"
            onClick={() => cancel.mutate()}
            disabled={cancel.isPending}
          >
            {cancel.isPending ? "Cancelling…" : "Yes, cancel it"}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
            Keep the order
          </button>
        </div>
      ) : (
        <button type="button" className="button button-quiet" onClick={() => setConfirming(true)}>
          Cancel order
        </button>
      )}
    </div>
  );
}
