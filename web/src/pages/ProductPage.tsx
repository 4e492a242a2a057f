import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/problem";
import { type Product, shop } from "../api/shop";
import { Breadcrumb } from "../components/Breadcrumb";
import { FormMessage } from "../components/FormMessage";
import { LoadError } from "../components/LoadError";
import { money, plural } from "../format";
import { href } from "../paths";
import { CATEGORY_WORDS, CONDITION_WORDS, MOVEMENT_WORDS } from "../store-labels";
import NotFoundPage from "./NotFoundPage";
import { useCart, useCartActions } from "./shop/cart";
import { MAX_LINE_QUANTITY } from "./shop/guest-cart";
import styles from "./shop/ProductPage.module.css";
import { QuantityStepper } from "./shop/QuantityStepper";
import { StockBadge } from "./shop/StockBadge";
import { WatchImage } from "./shop/WatchImage";

/** A watch: its picture, price and stock, what it is made of, and a quantity to put in the cart. */
export default function ProductPage() {
  const { id = "" } = useParams();
  const product = useQuery(shop.product(id));

  if (product.error instanceof ApiError && product.error.code === "not_found") return <NotFoundPage what="watch" />;
  if (product.isError) {
    return (
      <div className="container page">
        <LoadError error={product.error} onRetry={() => product.refetch()} />
      </div>
    );
  }
  if (!product.data) return <ProductSkeleton />;
  const data = product.data;

  return (
    <article className="container page">
      <title>{`${data.brand} ${data.name} · Shop · Edge platform`}</title>
      <Breadcrumb
        trail={[
          [href.shop(), "Shop"],
          [href.shop({ category: data.category }), CATEGORY_WORDS[data.category]],
        ]}
        current={data.name}
      />
      <div className={styles.layout}>
        <WatchImage watch={data} size="large" />
        <div className={styles.info}>
          <p className={styles.brand}>
            <Link to={href.shop({ brand: data.brand })}>{data.brand}</Link>
          </p>
          <h1 className={styles.name}>{data.name}</h1>
          <p className={styles.price}>{money(data.price_cents, data.currency)}</p>
          <p className={styles.stock}>
            <StockBadge stock={data.stock} />
            {data.stock > 3 && <span className="muted"> · {plural(data.stock, "piece")} available</span>}
          </p>
          <AddToCart product={data} />
          {data.description && <p className={styles.description}>{data.description}</p>}
          <Specifications product={data} />
        </div>
      </div>
    </article>
  );
}

function AddToCart({ product }: { product: Product }) {
  const { shopper, count } = useCart();
  const actions = useCartActions();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  if (shopper === "staff") {
    return <p className="message message-info">Staff accounts cannot buy. Sign in as a customer to shop.</p>;
  }
  if (product.stock <= 0) {
    return (
      <p className={styles.soldOut}>
        This watch is sold out. <Link to={href.shop({ category: product.category })}>See similar watches</Link>
      </p>
    );
  }

  async function add() {
    setError(null);
    setAdded(null);
    try {
      await actions.add(product.id, quantity);
      setAdded(quantity);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : ApiError.local("network_error", 0, ""));
    }
  }

  const max = Math.min(product.stock, MAX_LINE_QUANTITY);
  const fieldError = error?.fieldErrors().quantity;
  return (
    <div className={styles.buy}>
      <div className={styles.buyRow}>
        <QuantityStepper
          value={Math.min(quantity, max)}
          max={max}
          label={`Quantity of ${product.name}`}
          onChange={setQuantity}
          invalid={Boolean(fieldError)}
        />
        <button type="button" className="button button-large" onClick={add} disabled={actions.adding}>
          {actions.adding ? "Adding…" : "Add to cart"}
        </button>
      </div>
      {error && <FormMessage tone="error">{fieldError ?? error.words}</FormMessage>}
      {added !== null && (
        <FormMessage tone="success">
          {added === 1 ? "Added to your cart." : `Added ${added} to your cart.`}{" "}
          <Link to={href.shopCart()}>View cart ({count})</Link>
        </FormMessage>
      )}
    </div>
  );
}

/** The watch's details that are known, as a list of terms. */
function Specifications({ product }: { product: Product }) {
  const details = product.details;
  const rows: [string, string | null][] = [
    ["Movement", details.movement ? MOVEMENT_WORDS[details.movement] : null],
    ["Case", details.case_material],
    ["Diameter", details.case_diameter_mm ? `${details.case_diameter_mm} mm` : null],
    ["Water resistance", details.water_resistance_m ? `${details.water_resistance_m} m` : null],
    ["Year", details.year ? String(details.year) : null],
    ["Condition", CONDITION_WORDS[details.condition]],
    ["Warranty", details.warranty_years ? plural(details.warranty_years, "year") : null],
    ["Category", CATEGORY_WORDS[product.category]],
  ];
  return (
    <section aria-labelledby="specifications" className={styles.specs}>
      <h2 id="specifications">Specifications</h2>
      <dl>
        {rows
          .filter((row): row is [string, string] => row[1] !== null)
          .map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}

function ProductSkeleton() {
  return (
    <div className="container page" aria-busy="true">
      <div className={styles.layout}>
        <div className={`skeleton-block ${styles.skeletonImage}`} />
        <div>
          <div className="skeleton-line short" />
          <div className="skeleton-line" />
          <div className="skeleton-line short" />
        </div>
      </div>
    </div>
  );
}
