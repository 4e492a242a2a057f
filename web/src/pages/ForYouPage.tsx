import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { shop } from "../api/shop";
import { LoadError } from "../components/LoadError";
import { href } from "../paths";
import { useShopper } from "./shop/cart";
import { ProductCard, ProductCardSkeletons } from "./shop/ProductCard";
import { ShopHero } from "./shop/ShopHero";
import { SignInFirst } from "./shop/SignInFirst";

/**
 * Watches picked for the signed-in customer, each with the reason it was picked; before their first order, the
 * shop's best sellers, and a line saying so.
 */
export default function ForYouPage() {
  const shopper = useShopper();
  const picks = useQuery({ ...shop.recommendations(), enabled: shopper === "customer" });
  if (shopper === "guest") return <SignInFirst title="For you" what="see watches picked for you" />;
  return (
    <>
      <title>For you · Shop · Edge platform</title>
      <ShopHero title="For you" lead="Watches picked from what you have bought and what others bought with it." />
      <div className="container page">
        {shopper === "staff" ? (
          <p className="message message-info">Picks are for customers: sign in as one to see theirs.</p>
        ) : picks.isError ? (
          <LoadError error={picks.error} onRetry={() => picks.refetch()} />
        ) : (
          <>
            {picks.data?.strategy === "best_sellers" && (
              <p className="message message-info">
                We do not know your taste yet, so here are our best sellers. Your picks appear after your first order.
              </p>
            )}
            <div className="card-grid" aria-busy={picks.isPending}>
              {picks.data ? (
                picks.data.data.map((pick) => (
                  <ProductCard key={pick.product.id} product={pick.product} note={pick.reason} />
                ))
              ) : (
                <ProductCardSkeletons count={4} />
              )}
            </div>
            {picks.data?.data.length === 0 && (
              <p>
                Nothing to suggest yet. <Link to={href.shop()}>Browse all the watches</Link>.
              </p>
            )}
          </>
        )}
      </div>
    </>
  );
}
