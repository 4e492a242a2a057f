import { NavLink } from "react-router";
import header from "../../components/HeaderLink.module.css";
import { plural } from "../../format";
import { href } from "../../paths";
import styles from "./CartLink.module.css";
import { useCart } from "./cart";

/** The header's cart, with how many watches are in it; staff have no cart, so no link. */
export function CartLink() {
  const { shopper, count } = useCart();
  if (shopper === "staff") return null;
  return (
    <NavLink to={href.shopCart()} className={header.link} aria-label={`Cart, ${plural(count, "item")}`}>
      <svg viewBox="0 0 24 24" aria-hidden="true" className={header.icon}>
        <path d="M6 7h12l-1 13H7L6 7Z" />
        <path d="M9 7V6a3 3 0 0 1 6 0v1" />
      </svg>
      {/* Seen as "Cart 2" (the label hidden on a phone), heard as "Cart, 2 items": the name begins with what is seen. */}
      <span className={header.label}>Cart</span>{" "}
      {count > 0 && (
        <span className={styles.count} aria-hidden="true">
          {count > 99 ? "99+" : count}
        </span>
      )}
    </NavLink>
  );
}
