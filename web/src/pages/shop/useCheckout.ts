import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { useNavigate } from "react-router";
import { api, type Schemas, unwrap } from "../../api/client";
import { ApiError } from "../../api/problem";
import { shop } from "../../api/shop";
import { href } from "../../paths";

/** What the API said was short when the checkout was refused: a line per product, with what is left of it. */
export type ShortLine = NonNullable<Schemas["CheckoutRefusedProblem"]["lines"]>[number];

/**
 * Places the order of the customer's cart with `POST /checkout`, then opens the order's page. Each attempt has an
 * `Idempotency-Key`, kept until the API has answered for sure: a double click, or a retry after the network failed,
 * sends the same key, and the API answers with the same order instead of making a second one. A refusal (the cart
 * changed, stock ran out) ends the attempt: the next click is a new one.
 */
export function useCheckout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const attempt = useRef<string | null>(null);

  const checkout = useMutation({
    mutationFn: (key: string) => unwrap(api.POST("/checkout", { params: { header: { "idempotency-key": key } } })),
    onSuccess: (order) => {
      attempt.current = null;
      queryClient.setQueryData(shop.order(order.id).queryKey, order);
      void queryClient.invalidateQueries({ queryKey: ["account"] });
      navigate(href.shopOrder(order.id));
    },
    onError: (error) => {
      // The API answered, and not with an order: whatever is sent next is a new attempt. A network failure or a
      // server error may have placed the order after all: the retry keeps the key, to find it rather than repeat it.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        attempt.current = null;
        void queryClient.invalidateQueries({ queryKey: shop.cart().queryKey });
      }
    },
  });

  const error = checkout.error instanceof ApiError ? checkout.error : null;
  const shortLines: ShortLine[] =
    error?.code === "insufficient_stock" ? ((error.problem as Schemas["CheckoutRefusedProblem"]).lines ?? []) : [];

  return {
    placeOrder(): void {
      if (checkout.isPending) return;
      attempt.current ??= crypto.randomUUID();
      checkout.mutate(attempt.current);
    },
    placing: checkout.isPending,
    error,
    /** The lines the API found short, by product id. */
    shortLines: new Map(shortLines.map((line) => [line.product_id, line])),
  };
}
