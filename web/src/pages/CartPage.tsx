import { useQueries, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ApiError } from "../api/problem";
import { type Cart, type Product, shop, unitCount } from "../api/shop";
import { SignInButton } from "../auth/SignInButton";
import { useSession } from "../auth/session";
import { Breadcrumb } from "../components/Breadcrumb";
import card from "../components/Card.module.css";
import { FormMessage } from "../components/FormMessage";
import { LoadError } from "../components/LoadError";
import { money, plural } from "../format";
import { href } from "../paths";
import { TIER_WORDS } from "../store-labels";
import styles from "./shop/CartPage.module.css";
import { useCart, useCartActions } from "./shop/cart";
import { type GuestLine, MAX_LINE_QUANTITY } from "./shop/guest-cart";
import { QuantityStepper } from "./shop/QuantityStepper";
import { type ShortLine, useCheckout } from "./shop/useCheckout";
import { WatchImage } from "./shop/WatchImage";

/** A line of the cart as the page shows it, the account's or the guest's alike. */
interface Line {
  product: Product;
  quantity: number;
  line_total_cents: number;
  /** How many the shop can sell now. */
  available: number;
}

/**
 * The cart: its lines with their quantities, the subtotal, the customer's tier discount and the total, and the
 * checkout. A guest's cart is in this browser: they sign in (or sign up) to check out, and it joins their account's.
 */
export default function CartPage() {
  const { shopper, guestLines, account } = useCart();
  return (
    <div className="container page">
      <title>Your cart · Shop · Edge platform</title>
      <Breadcrumb trail={[[href.shop(), "Shop"]]} current="Cart" />
      <h1>Your cart</h1>
      {shopper === "staff" ? (
        <p className="message message-info">Staff accounts have no cart. Sign in as a customer to shop.</p>
      ) : shopper === "guest" ? (
        <GuestCart lines={guestLines} />
      ) : account.isError ? (
        <LoadError error={account.error} onRetry={() => account.refetch()} />
      ) : account.data ? (
        <AccountCart cart={account.data} />
      ) : (
        <CartSkeleton />
      )}
    </div>
  );
}

function AccountCart({ cart }: { cart: Cart }) {
  const checkout = useCheckout();
  const actions = useCartActions();
  if (cart.items.length === 0) return <EmptyCart />;
  const overStock = cart.items.some((item) => !item.in_stock);
  const problem = checkout.error && checkout.error.code !== "insufficient_stock" ? checkout.error : null;
  return (
    <div className={styles.layout}>
      <Lines
        lines={cart.items}
        short={checkout.shortLines}
        pending={actions.pending}
        onQuantity={actions.setQuantity}
        onRemove={actions.remove}
      />
      <aside className={styles.summary} aria-labelledby="summary">
        <h2 id="summary">Summary</h2>
        <dl>
          <div>
            <dt>Subtotal ({plural(cart.item_count, "item")})</dt>
            <dd>{money(cart.subtotal_cents, cart.currency)}</dd>
          </div>
          {cart.discount_percent > 0 && (
            <div className={styles.discount}>
              <dt>
                {TIER_WORDS[cart.tier]}: {cart.discount_percent} % off
              </dt>
              <dd>−{money(cart.discount_cents, cart.currency)}</dd>
            </div>
          )}
          <div className={styles.total}>
            <dt>Total</dt>
            <dd>{money(cart.total_cents, cart.currency)}</dd>
          </div>
        </dl>
        <NextTier />
        {actions.error instanceof ApiError && <FormMessage tone="error">{actions.error.words}</FormMessage>}
        {checkout.error?.code === "insufficient_stock" && (
          <FormMessage tone="error">
            Some watches ran short while you shopped: change or remove the lines marked, then check out again.
          </FormMessage>
        )}
        {problem && <FormMessage tone="error">{problem.words}</FormMessage>}
        {overStock && !checkout.error && (
          <p className={styles.note}>Some lines ask for more than we have. Lower them to check out.</p>
        )}
        <button
          type="button"
          className={`button button-large ${styles.checkout}`}
          onClick={checkout.placeOrder}
          disabled={checkout.placing || actions.pending !== undefined}
        >
          {checkout.placing ? "Placing your order…" : "Checkout"}
        </button>
      </aside>
    </div>
  );
}

/** How far the customer is from the next tier and its discount, when there is one to reach. */
function NextTier() {
  const id = useSession()?.user.id ?? "";
  const customer = useQuery({ ...shop.customer(id), enabled: id !== "" });
  const next = customer.data?.next_tier;
  if (!customer.data || !next) return null;
  return (
    <p className={styles.note}>
      Spend {money(next.spend_more_cents, customer.data.currency)} more to reach {TIER_WORDS[next.tier]}: a bigger
      member discount on every order after.
    </p>
  );
}

function GuestCart({ lines }: { lines: readonly GuestLine[] }) {
  const actions = useCartActions();
  const products = useQueries({ queries: lines.map((line) => shop.product(line.product_id)) });
  if (lines.length === 0) return <EmptyCart />;
  if (products.some((product) => product.isPending)) return <CartSkeleton />;

  // A watch that left the shelf since it was added is dropped here; signing in reports it too.
  const shown: Line[] = lines.flatMap((line, index) => {
    const product = products[index]?.data;
    return product
      ? [
          {
            product,
            quantity: line.quantity,
            line_total_cents: product.price_cents * line.quantity,
            available: product.stock,
          },
        ]
      : [];
  });
  const count = unitCount(shown);
  const subtotal = shown.reduce((sum, line) => sum + line.line_total_cents, 0);
  const currency = shown[0]?.product.currency ?? "USD";
  return (
    <div className={styles.layout}>
      <Lines lines={shown} onQuantity={actions.setQuantity} onRemove={actions.remove} />
      <aside className={styles.summary} aria-labelledby="summary">
        <h2 id="summary">Summary</h2>
        <dl>
          <div className={styles.total}>
            <dt>Subtotal ({plural(count, "item")})</dt>
            <dd>{money(subtotal, currency)}</dd>
          </div>
        </dl>
        <p className={styles.note}>
          Your cart is kept in this browser. Sign in to check out: it joins your account's cart, with your member
          discount.
        </p>
        <SignInButton className={`button button-large ${styles.checkout}`}>Sign in to check out</SignInButton>
        <p className={styles.signUp}>
          New here? <Link to={href.shopSignUp(href.shopCart())}>Create an account</Link>
        </p>
      </aside>
    </div>
  );
}

function Lines({
  lines,
  short,
  pending,
  onQuantity,
  onRemove,
}: {
  lines: readonly Line[];
  short?: Map<string, ShortLine>;
  pending?: string;
  onQuantity: (productId: string, quantity: number) => void;
  onRemove: (productId: string) => void;
}) {
  return (
    <ul className={`${card.list} ${styles.lines}`} aria-label="Cart lines">
      {lines.map(({ product, quantity, line_total_cents, ...line }) => {
        const refused = short?.get(product.id);
        const available = refused ? refused.available : line.available;
        const warning =
          available <= 0
            ? "Sold out: remove it to check out."
            : refused || quantity > available
              ? `Only ${available} left: lower the quantity to check out.`
              : null;
        return (
          <li key={product.id} className={styles.line} data-warning={Boolean(warning) || undefined}>
            <WatchImage watch={product} size="thumb" />
            <div className={styles.lineInfo}>
              <p className={styles.lineBrand}>{product.brand}</p>
              <h2 className={styles.lineName}>
                <Link to={href.shopProduct(product.id)}>{product.name}</Link>
              </h2>
              <p className={styles.unit}>{money(product.price_cents, product.currency)} each</p>
              {warning && (
                <p className={styles.warning} role={refused ? "alert" : undefined}>
                  <span aria-hidden="true">⚠ </span>
                  {warning}
                  {refused && ` You asked for ${refused.requested}.`}
                </p>
              )}
            </div>
            <div className={styles.lineControls}>
              <QuantityStepper
                value={quantity}
                max={MAX_LINE_QUANTITY}
                label={`Quantity of ${product.name}`}
                onChange={(next) => onQuantity(product.id, next)}
                disabled={pending === product.id}
                invalid={Boolean(warning)}
              />
              <button
                type="button"
                className={styles.remove}
                onClick={() => onRemove(product.id)}
                disabled={pending === product.id}
                aria-label={`Remove ${product.name} from the cart`}
              >
                Remove
              </button>
            </div>
            <p className={styles.lineTotal}>{money(line_total_cents, product.currency)}</p>
          </li>
        );
      })}
    </ul>
  );
}

function EmptyCart() {
  return (
    <div className={`${card.emptyList} ${styles.empty}`}>
      <p>Your cart is empty.</p>
      <Link to={href.shop()} className="button">
        Browse the watches
      </Link>
    </div>
  );
}

function CartSkeleton() {
  return (
    <div aria-busy="true" className={styles.layout}>
      <div>
        <div className="skeleton-line" />
        <div className="skeleton-line short" />
        <div className="skeleton-line" />
      </div>
    </div>
  );
}
