import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { rowsSoFar } from "../../components/LoadMore";
import { useAddressChoices } from "../../components/useAddressChoices";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { FilterBar, SearchFilter, SelectFilter } from "../../console/filters";
import { PagedTable } from "../../console/PagedTable";
import { type CustomerFilter, store } from "../../console/store/api";
import { TIER_TONE } from "../../console/store/status";
import { formatDate, money } from "../../format";
import { href } from "../../paths";
import { TIER_WORDS } from "../../store-labels";

const TIERS = Object.keys(TIER_TONE) as NonNullable<CustomerFilter["tier"]>[];

/** `/console/store/customers`: the store's customers with their tier and what they have spent, and their orders. */
export default function CustomersPage() {
  const [search, choose] = useAddressChoices();
  const filter: CustomerFilter = {
    q: search.get("q") || undefined,
    tier: (search.get("tier") || undefined) as CustomerFilter["tier"],
  };
  const customers = useInfiniteQuery({ ...store.customers(filter), placeholderData: keepPreviousData });
  const shown = rowsSoFar(customers);

  return (
    <ConsolePage title="Customers" lead="Customers, their tier and what they have spent (less refunds).">
      <FilterBar label="Filter customers">
        <SearchFilter value={filter.q ?? ""} placeholder="Name or email" onSearch={(q) => choose({ q })} />
        <SelectFilter label="Tier" value={filter.tier ?? ""} onChange={(tier) => choose({ tier })}>
          <option value="">Any tier</option>
          {TIERS.map((tier) => (
            <option key={tier} value={tier}>
              {TIER_WORDS[tier]}
            </option>
          ))}
        </SelectFilter>
      </FilterBar>
      <PagedTable
        list={customers}
        rows={shown.length}
        noun="customer"
        caption="Customers"
        empty="No customers match these filters."
        more="More customers"
        head={
          <>
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
          </>
        }
      >
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
            <td className={styles.num}>{money(customer.total_spent_cents, customer.currency, { exact: true })}</td>
            <td className={styles.num}>{customer.reward_points}</td>
            <td className={styles.nowrap}>{formatDate(customer.created_at)}</td>
            <td>
              <Link to={href.consoleOrders({ customer_id: customer.id })}>Orders</Link>
            </td>
          </tr>
        ))}
      </PagedTable>
    </ConsolePage>
  );
}
