import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { shop } from "../../api/shop";
import { useSession } from "../../auth/session";
import { plural } from "../../format";
import { href } from "../../paths";
import styles from "./GuestCartMerge.module.css";
import { guestCart } from "./guest-cart";

// One merge per sign-in, however often the effect runs (React runs it twice in development).
let mergedFor: string | null = null;

/**
 * When a customer signs in with watches in this browser's guest cart, they join the account's cart
 * (`POST /cart/merge`), and the person is told what came in and what could not.
 */
export function GuestCartMerge() {
  const current = useSession();
  const queryClient = useQueryClient();
  const [dismissed, setDismissed] = useState(false);
  const merge = useMutation({
    mutationFn: (items: { product_id: string; quantity: number }[]) =>
      unwrap(api.POST("/cart/merge", { body: { items } })),
    onSuccess: (result) => {
      guestCart.clear();
      queryClient.setQueryData(shop.cart().queryKey, result.cart);
    },
  });

  const token = current?.user.role === "customer" ? current.token : null;
  useEffect(() => {
    const lines = guestCart.lines();
    if (!token || mergedFor === token || lines.length === 0) return;
    mergedFor = token;
    setDismissed(false);
    merge.mutate([...lines]);
  }, [token, merge.mutate]);

  if (dismissed || !token || !merge.data) return null;
  const { merged, skipped } = merge.data;
  const added = merged.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <div className={`container ${styles.notice}`}>
      <div className="message message-success" role="status">
        <p>
          {added > 0 && (
            <>
              Welcome back. We added {plural(added, "watch", "watches")} from before you signed in to your cart.{" "}
              <Link to={href.shopCart()}>View cart</Link>
            </>
          )}
          {skipped.length > 0 &&
            ` ${plural(skipped.length, "watch", "watches")} could not be added: ${skipped.map((line) => line.name ?? "a watch no longer sold").join(", ")}.`}
        </p>
        <button type="button" className="button button-quiet" onClick={() => setDismissed(true)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
