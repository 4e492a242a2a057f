import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link, useSearchParams } from "react-router";
import { ConsoleLoadError } from "../../console/ConsoleLoadError";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { shortId, statusWords } from "../../console/format";
import { type OrderFilter, store } from "../../console/store/api";
import { ORDER_STATUS_TONE } from "../../console/store/status";
import { formatDateTime, money, plural } from "../../format";
import { href } from "../../paths";

/** Every status an order can be in, in the order they come in. */
const STATUSES = Object.keys(ORDER_STATUS_TONE) as NonNullable<OrderFilter["status"]>[];

/** `/console/store/orders`: every customer's orders, newest first, by status and customer, a page at a time. */
export default function OrdersPage() {
  const [search, setSearch] = useSearchParams();
  const filter: OrderFilter = {
    status: (search.get("status") || undefined) as OrderFilter["status"],
    customer_id: search.get("customer_id") || undefined,
  };
  const orders = useInfiniteQuery({ ...store.orders(filter), placeholderData: keepPreviousData });
  const customers = useQuery(store.customerChoices());
  const names = new Map(customers.data?.data.map((customer) => [customer.id, customer.name]));
  const shown = orders.data?.pages.flatMap((page) => page.data) ?? [];
  const id = useId();

  function setFilter(name: keyof OrderFilter, value: string) {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next, { replace: true });
  }

  return (
    <ConsolePage title="Orders" lead="Every order, newest first. Open one to cancel it or refund some of its lines.">
      <form className={styles.filters} aria-label="Filter orders" onSubmit={(event) => event.preventDefault()}>
        <div className={styles.filter}>
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            className={styles.control}
            value={filter.status ?? ""}
            onChange={(event) => setFilter("status", event.target.value)}
          >
            <option value="">Any status</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusWords(status)}
              </option>
            ))}
          </select>
        </div>
        <div className={`${styles.filter} ${styles.filterWide}`}>
          <label htmlFor={`${id}-customer`}>Customer</label>
          <select
            id={`${id}-customer`}
            className={styles.control}
            value={filter.customer_id ?? ""}
            onChange={(event) => setFilter("customer_id", event.target.value)}
          >
            <option value="">Any customer</option>
            {filter.customer_id && !names.has(filter.customer_id) && (
              <option value={filter.customer_id}>{filter.customer_id}</option>
            )}
            {customers.data?.data.map((customer) => (
              <option key={customer.id} value={customer.id}>
                {customer.name} ({customer.email})
              </option>
            ))}
          </select>
        </div>
      </form>
      <p className={styles.count} aria-live="polite">
        {orders.isSuccess && `Showing ${plural(shown.length, "order")}${orders.hasNextPage ? " so far" : ""}`}
      </p>
      {orders.isError && shown.length === 0 ? (
        <ConsoleLoadError error={orders.error} onRetry={() => orders.refetch()} />
      ) : orders.isSuccess && shown.length === 0 ? (
        <p className={styles.empty}>No orders match these filters.</p>
      ) : (
        <div className={styles.tableWrap} aria-busy={orders.isFetching}>
          <table className={styles.table}>
            <caption className="visually-hidden">Orders</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Customer</th>
                <th scope="col">Status</th>
                <th scope="col" className={styles.num}>
                  Items
                </th>
                <th scope="col" className={styles.num}>
                  Total
                </th>
                <th scope="col" className={styles.num}>
                  Refunded
                </th>
                <th scope="col">Placed</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((order) => (
                <tr key={order.id}>
                  <th scope="row">
                    <Link to={href.consoleOrder(order.id)} className={styles.code} title={order.id}>
                      {shortId(order.id)}
                    </Link>
                  </th>
                  <td>{order.customer_id ? (names.get(order.customer_id) ?? order.customer_id) : "Deleted account"}</td>
                  <td>
                    <span className={`${styles.pill} ${ORDER_STATUS_TONE[order.status]}`}>
                      {statusWords(order.status)}
                    </span>
                  </td>
                  <td className={styles.num}>{order.items.reduce((sum, item) => sum + item.quantity, 0)}</td>
                  <td className={styles.num}>{money(order.total_cents, order.currency, { exact: true })}</td>
                  <td className={styles.num}>
                    {order.refunded_cents ? money(order.refunded_cents, order.currency, { exact: true }) : "—"}
                  </td>
                  <td className={styles.nowrap}>{formatDateTime(order.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {orders.isFetchNextPageError && <ConsoleLoadError error={orders.error} onRetry={() => orders.fetchNextPage()} />}
      {orders.hasNextPage && (
        <p className={styles.more}>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => orders.fetchNextPage()}
            disabled={orders.isFetchingNextPage}
          >
            {orders.isFetchingNextPage ? "Loading…" : "More orders"}
          </button>
        </p>
      )}
    </ConsolePage>
  );
}
