import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { orderNumber, shop, unitCount } from "../api/shop";
import card from "../components/Card.module.css";
import { LoadError } from "../components/LoadError";
import { LoadMore, rowsSoFar } from "../components/LoadMore";
import { formatDate, money, plural } from "../format";
import { href } from "../paths";
import { useShopper } from "./shop/cart";
import { OrderStatus } from "./shop/OrderStatus";
import styles from "./shop/OrdersPage.module.css";
import { ShopHero } from "./shop/ShopHero";
import { SignInFirst } from "./shop/SignInFirst";

/** The signed-in customer's orders, newest first, a page at a time. */
export default function OrdersPage() {
  const shopper = useShopper();
  const orders = useInfiniteQuery({ ...shop.orders(), enabled: shopper === "customer" });
  if (shopper === "guest") return <SignInFirst title="Your orders" what="see your orders" />;
  const shown = rowsSoFar(orders);
  return (
    <>
      <title>Your orders · Shop · Edge platform</title>
      <ShopHero title="Your orders" lead="Everything you have ordered, newest first." />
      <div className="container page">
        {shopper === "staff" ? (
          <p className="message message-info">Staff accounts place no orders.</p>
        ) : orders.isError && shown.length === 0 ? (
          <LoadError error={orders.error} onRetry={() => orders.refetch()} />
        ) : orders.isPending ? (
          <div aria-busy="true">
            <div className="skeleton-line" />
            <div className="skeleton-line short" />
          </div>
        ) : shown.length === 0 ? (
          <div className={`${card.emptyList} ${styles.empty}`}>
            <p>You have not ordered anything yet.</p>
            <Link to={href.shop()} className="button">
              Browse the watches
            </Link>
          </div>
        ) : (
          <ul className={card.list} aria-label="Orders">
            {shown.map((order) => {
              const count = unitCount(order.items);
              const number = orderNumber(order.id);
              return (
                <li key={order.id} className={styles.order}>
                  <div>
                    <h2 className={styles.number}>
                      <Link to={href.shopOrder(order.id)} className={card.stretchedLink}>
                        Order {number}
                      </Link>
                    </h2>
                    <p className="muted">
                      {formatDate(order.created_at)} · {plural(count, "watch", "watches")}:{" "}
                      {order.items.map((item) => item.product_name).join(", ")}
                    </p>
                  </div>
                  <OrderStatus status={order.status} />
                  <span className={styles.total}>{money(order.total_cents, order.currency)}</span>
                </li>
              );
            })}
          </ul>
        )}
        <LoadMore list={orders} label="More orders" />
      </div>
    </>
  );
}
