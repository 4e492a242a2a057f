import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ConsoleLoadError } from "../../console/ConsoleLoadError";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { type CustomerFilter, store } from "../../console/store/api";
import { TIER_TONE } from "../../console/store/status";
import { formatDate, money, plural } from "../../format";
import { href } from "../../paths";
import { TIER_WORDS } from "../../store-labels";

const TIERS = Object.keys(TIER_TONE) as NonNullable<CustomerFilter["tier"]>[];

/** `/console/store/customers`: the store's customers with their tier and what they have spent, and their orders. */
export default function CustomersPage() {
  const [search, setSearch] = useSearchParams();
  const filter: CustomerFilter = {
    q: search.get("q") || undefined,
    tier: (search.get("tier") || undefined) as CustomerFilter["tier"],
  };
  const customers = useInfiniteQuery({ ...store.customers(filter), placeholderData: keepPreviousData });
  const shown = customers.data?.pages.flatMap((page) => page.data) ?? [];
  const id = useId();
  const [text, setText] = useState(filter.q ?? "");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  function setFilter(name: keyof CustomerFilter, value: string) {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next, { replace: true });
  }

  return (
    <ConsolePage title="Customers" lead="Customers, their tier and what they have spent (less refunds).">
      <form className={styles.filters} aria-label="Filter customers" onSubmit={(event) => event.preventDefault()}>
        <div className={`${styles.filter} ${styles.filterWide}`}>
          <label htmlFor={`${id}-q`}>Search</label>
          <input
            id={`${id}-q`}
            type="search"
            className={styles.control}
            placeholder="Name or email"
            value={text}
            onChange={(event) => {
              const value = event.target.value;
              setText(value);
              clearTimeout(timer.current);
              timer.current = setTimeout(() => setFilter("q", value.trim()), 300);
            }}
          />
        </div>
        <div className={styles.filter}>
          <label htmlFor={`${id}-tier`}>Tier</label>
          <select
            id={`${id}-tier`}
            className={styles.control}
            value={filter.tier ?? ""}
            onChange={(event) => setFilter("tier", event.target.value)}
          >
            <option value="">Any tier</option>
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {TIER_WORDS[tier]}
              </option>
            ))}
          </select>
        </div>
      </form>
      <p className={styles.count} aria-live="polite">
        {customers.isSuccess && `Showing ${plural(shown.length, "customer")}${customers.hasNextPage ? " so far" : ""}`}
      </p>
      {customers.isError && shown.length === 0 ? (
        <ConsoleLoadError error={customers.error} onRetry={() => customers.refetch()} />
      ) : customers.isSuccess && shown.length === 0 ? (
        <p className={styles.empty}>No customers match these filters.</p>
      ) : (
        <div className={styles.tableWrap} aria-busy={customers.isFetching}>
          <table className={styles.table}>
            <caption className="visually-hidden">Customers</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Tier</th>
                <th scope="col" className={styles.num}>
                  Total spent
                </th>
                <th scope="col" className={styles.num}>
                  Points
                </th>
                <th scope="col">Joined</th>
                <th scope="col">
                  <span className="visually-hidden">Orders</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((customer) => (
                <tr key={customer.id}>
                  <th scope="row">
                    {customer.name}
                    <span className={styles.sub}>{customer.email}</span>
                  </th>
                  <td>
                    <span className={`${styles.pill} ${TIER_TONE[customer.vip_tier]}`}>
                      {customer.vip_tier} · {customer.discount_percent}% off
                    </span>
                  </td>
                  <td className={styles.num}>
                    {money(customer.total_spent_cents, customer.currency, { exact: true })}
                  </td>
                  <td className={styles.num}>{customer.reward_points}</td>
                  <td className={styles.nowrap}>{formatDate(customer.created_at)}</td>
                  <td>
                    <Link to={href.consoleOrders({ customer_id: customer.id })}>Orders</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {customers.hasNextPage && (
        <p className={styles.more}>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => customers.fetchNextPage()}
            disabled={customers.isFetchingNextPage}
          >
            {customers.isFetchingNextPage ? "Loading…" : "More customers"}
          </button>
        </p>
      )}
    </ConsolePage>
  );
}
