import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import { api, unwrap } from "../../api/client";
import { shop, unitCount } from "../../api/shop";
import { useSession } from "../../auth/session";
import { plural } from "../../format";
import { href } from "../../paths";
import styles from "./GuestCartMerge.module.css";
import { type GuestLine, guestCart } from "./guest-cart";

// One merge per sign-in, however often the effect runs (React runs it twice in development).
let mergedFor: string | null = null;

/**
 * When a customer signs in with watches in this browser's guest cart, they join the account's cart
 * (`POST /cart/merge`), and the person is told what came in and what could not.
 */
export function GuestCartMerge() {
  const current = useSession();
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  // Said on the page where the person signed in; moving on leaves it behind.
  const [report, setReport] = useState<{ at: string; added: number; skipped: string[]; capped: string[] } | null>(null);
  const merge = useMutation({
    mutationFn: (items: GuestLine[]) => unwrap(api.POST("/cart/merge", { body: { items } })),
    onSuccess: async (merged, items) => {
      guestCart.clear();
      const { skipped, capped, ...cart } = merged;
      // A read of the cart sent before the merge answered would bring back the cart without the guest's lines.
      await queryClient.cancelQueries({ queryKey: shop.cart().queryKey });
      queryClient.setQueryData(shop.cart().queryKey, cart);
      // The API names skipped lines by id only; the guest's cart page read their names, if they were still sold.
      const nameOf = (productId: string) => queryClient.getQueryData(shop.product(productId).queryKey)?.name;
      const left = new Set(skipped.map((line) => line.product_id));
      setReport({
        at: window.location.pathname,
        added: unitCount(items.filter((line) => !left.has(line.product_id))),
        skipped: skipped.map((line) => nameOf(line.product_id) ?? "a watch no longer sold"),
        capped: capped.map((line) => nameOf(line.product_id) ?? "one watch"),
      });
    },
  });

  const token = current?.user.role === "customer" ? current.token : null;
  useEffect(() => {
    const lines = guestCart.lines();
    if (!token || mergedFor === token || lines.length === 0) return;
    mergedFor = token;
    setReport(null);
    merge.mutate([...lines]);
  }, [token, merge.mutate]);

  if (!token || !report || report.at !== pathname) return null;
  return (
    <div className={`container ${styles.notice}`}>
      <div className={`message ${report.added ? "message-success" : "message-info"}`} role="status">
        <p>
          {report.added > 0 &&
            `We added ${plural(report.added, "watch", "watches")} from before you signed in to your cart.`}
          {report.skipped.length > 0 && ` Left out, as no longer sold: ${report.skipped.join(", ")}.`}
          {report.capped.length > 0 && ` A line holds at most 99: ${report.capped.join(", ")} stopped there.`}{" "}
          <Link to={href.shopCart()}>View cart</Link>
        </p>
        <button type="button" className="button button-quiet" onClick={() => setReport(null)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
