import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { orderNumber, unitCount } from "../../api/shop";
import { rowsSoFar } from "../../components/LoadMore";
import { useAddressChoices } from "../../components/useAddressChoices";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { FilterBar, SelectFilter } from "../../console/filters";
import { statusWords } from "../../console/format";
import { PagedTable } from "../../console/PagedTable";
import { type OrderFilter, store } from "../../console/store/api";
import { ORDER_STATUS_TONE } from "../../console/store/status";
import { formatDateTime, money } from "../../format";
import { href } from "../../paths";

/** Every status an order can be in, in the order they come in. */
const STATUSES = Object.keys(ORDER_STATUS_TONE) as NonNullable<OrderFilter["status"]>[];

/** `/console/store/orders`: every customer's orders, newest first, by status and customer, a page at a time. */
export default function OrdersPage() {
  const [search, choose] = useAddressChoices();
  const filter: OrderFilter = {
    status: (search.get("status") || undefined) as OrderFilter["status"],
    customer_id: search.get("customer_id") || undefined,
  };
  const orders = useInfiniteQuery({ ...store.orders(filter), placeholderData: keepPreviousData });
  const customers = useQuery(store.customerChoices());
  const names = new Map(customers.data?.data.map((customer) => [customer.id, customer.name]));
  const shown = rowsSoFar(orders);

  return (
    <ConsolePage title="Orders" lead="Every order, newest first. Open one to cancel it or refund some of its lines.">
      <FilterBar label="Filter orders">
        <SelectFilter label="Status" value={filter.status ?? ""} onChange={(status) => choose({ status })}>
          <option value="">Any status</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusWords(status)}
            </option>
          ))}
        </SelectFilter>
        <SelectFilter
          label="Customer"
          wide
          value={filter.customer_id ?? ""}
          onChange={(customer_id) => choose({ customer_id })}
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
        </SelectFilter>
      </FilterBar>
      <PagedTable
        list={orders}
        rows={shown.length}
        noun="order"
        caption="Orders"
        empty="No orders match these filters."
        more="More orders"
        head={
          <>
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
          </>
        }
      >
        {shown.map((order) => (
          <tr key={order.id}>
            <th scope="row">
              <Link to={href.consoleOrder(order.id)} className={styles.code} title={order.id}>
                {orderNumber(order.id)}
              </Link>
            </th>
            <td>{order.customer_id ? (names.get(order.customer_id) ?? order.customer_id) : "Deleted account"}</td>
            <td>
              <span className={`${styles.pill} ${ORDER_STATUS_TONE[order.status]}`}>{statusWords(order.status)}</span>
            </td>
            <td className={styles.num}>{unitCount(order.items)}</td>
            <td className={styles.num}>{money(order.total_cents, order.currency, { exact: true })}</td>
            <td className={styles.num}>
              {order.refunded_cents ? money(order.refunded_cents, order.currency, { exact: true }) : "—"}
            </td>
            <td className={styles.nowrap}>{formatDateTime(order.created_at)}</td>
          </tr>
        ))}
      </PagedTable>
    </ConsolePage>
  );
}
