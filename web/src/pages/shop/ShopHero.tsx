import type { ReactNode } from "react";
import { NavLink } from "react-router";
import { href } from "../../paths";
import { useShopper } from "./cart";
import styles from "./Shop.module.css";

/** The band at the top of the shop's pages: the page's title, a line about it, and the shop's own links. */
export function ShopHero({ title, lead, children }: { title: string; lead?: string; children?: ReactNode }) {
  const shopper = useShopper();
  return (
    <div className={styles.hero}>
      <div className="container">
        <nav aria-label="Shop" className={styles.shopNav}>
          <ul>
            <li>
              <NavLink to={href.shop()} end>
                All watches
              </NavLink>
            </li>
            {shopper !== "staff" && (
              <>
                <li>
                  <NavLink to={href.shopForYou()}>For you</NavLink>
                </li>
                <li>
                  <NavLink to={href.shopOrders()}>Your orders</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
        <h1>{title}</h1>
        {lead && <p className={styles.heroLead}>{lead}</p>}
        {children}
      </div>
    </div>
  );
}
