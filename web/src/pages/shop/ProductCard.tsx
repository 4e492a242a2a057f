import { Link } from "react-router";
import type { Product } from "../../api/shop";
import card from "../../components/Card.module.css";
import { money } from "../../format";
import { href } from "../../paths";
import styles from "./ProductCard.module.css";
import { StockBadge } from "./StockBadge";
import { WatchImage } from "./WatchImage";

/** A watch in the shop's grid: picture, brand, name, price and what is left; the whole card links to its page. */
export function ProductCard({ product, note }: { product: Product; note?: string }) {
  return (
    <article className={card.card}>
      <WatchImage watch={product} />
      <div className={styles.body}>
        <p className={styles.brand}>{product.brand}</p>
        <h3 className={styles.name}>
          <Link to={href.shopProduct(product.id)} className={card.stretchedLink}>
            {product.name}
          </Link>
        </h3>
        <div className={styles.foot}>
          <span className={styles.price}>{money(product.price_cents, product.currency)}</span>
          <StockBadge stock={product.stock} />
        </div>
        {note && <p className={styles.note}>{note}</p>}
      </div>
    </article>
  );
}

/** Grey stand-ins for cards while the watches load. */
export function ProductCardSkeletons({ count }: { count: number }) {
  return (
    <>
      {Array.from({ length: count }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity of their own
        <div key={index} className={`${card.card} ${styles.skeleton}`} aria-hidden="true">
          <div className={styles.skeletonImage} />
          <div className={styles.body}>
            <div className="skeleton-line short" />
            <div className="skeleton-line" />
          </div>
        </div>
      ))}
    </>
  );
}
