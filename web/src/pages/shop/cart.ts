import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { type Cart, shop, unitCount } from "../../api/shop";
import { useSession } from "../../auth/session";
import { guestCart, useGuestCart } from "./guest-cart";

/** Who is shopping: a visitor (cart in this browser), a signed-in customer (cart in their account), or staff (none). */
export type Shopper = "guest" | "customer" | "staff";

export function useShopper(): Shopper {
  const current = useSession();
  if (!current) return "guest";
  return current.user.role === "customer" ? "customer" : "staff";
}

/** The cart of whoever is shopping: the account's from the API, or the guest's lines in this browser. */
export function useCart() {
  const shopper = useShopper();
  const guestLines = useGuestCart();
  const account = useQuery({ ...shop.cart(), enabled: shopper === "customer" });
  const count =
    shopper === "customer" ? (account.data?.item_count ?? 0) : shopper === "guest" ? unitCount(guestLines) : 0;
  return { shopper, guestLines, account, count };
}

/**
 * Adding, changing and removing cart lines, for a customer through the API (whose answer, the whole cart, replaces
 * the cached one) and for a guest in this browser. `pending` is the product whose line is being written.
 */
export function useCartActions() {
  const shopper = useShopper();
  const queryClient = useQueryClient();
  const settle = { onSuccess: (cart: Cart) => queryClient.setQueryData(shop.cart().queryKey, cart) };

  const add = useMutation({
    mutationFn: (body: { product_id: string; quantity: number }) => unwrap(api.POST("/cart/items", { body })),
    ...settle,
  });
  const change = useMutation({
    mutationFn: ({ product_id, quantity }: { product_id: string; quantity: number }) =>
      unwrap(api.PATCH("/cart/items/{product_id}", { params: { path: { product_id } }, body: { quantity } })),
    ...settle,
  });
  const remove = useMutation({
    mutationFn: (product_id: string) =>
      unwrap(api.DELETE("/cart/items/{product_id}", { params: { path: { product_id } } })),
    ...settle,
  });

  return {
    /** Adds `quantity` of a product; resolves once it is in the cart, rejects with the API's `ApiError`. */
    async add(productId: string, quantity: number): Promise<void> {
      if (shopper === "customer") await add.mutateAsync({ product_id: productId, quantity });
      else guestCart.add(productId, quantity);
    },
    setQuantity(productId: string, quantity: number): void {
      if (shopper === "customer") change.mutate({ product_id: productId, quantity });
      else guestCart.setQuantity(productId, quantity);
    },
    remove(productId: string): void {
      if (shopper === "customer") remove.mutate(productId);
      else guestCart.remove(productId);
    },
    adding: add.isPending,
    pending: change.isPending ? change.variables?.product_id : remove.isPending ? remove.variables : undefined,
    error: change.error ?? remove.error,
  };
}
