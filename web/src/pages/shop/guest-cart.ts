import { useSyncExternalStore } from "react";

/** A line of a guest's cart: what `POST /cart/merge` takes once they sign in. */
export interface GuestLine {
  product_id: string;
  quantity: number;
}

/** The most of one watch a cart line holds (the API's limit on a line's quantity). */
export const MAX_LINE_QUANTITY = 99;

// localStorage, unlike the session's sessionStorage: a guest's cart is still there when they come back tomorrow, in
// any tab. Storage can be unavailable (privacy modes): then the cart lives in memory for this visit.
const STORAGE_KEY = "edge-platform.guest-cart";
const listeners = new Set<() => void>();
let lines: readonly GuestLine[] = load();

function load(): readonly GuestLine[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    // Whatever another version of the app (or a person with devtools) left there: keep only well-formed lines.
    return parsed.filter(
      (line): line is GuestLine =>
        typeof line?.product_id === "string" &&
        Number.isInteger(line.quantity) &&
        line.quantity >= 1 &&
        line.quantity <= MAX_LINE_QUANTITY,
    );
  } catch {
    return [];
  }
}

function save(next: readonly GuestLine[]): void {
  lines = next;
  try {
    if (next.length) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // in memory only
  }
  for (const listener of listeners) listener();
}

const clamp = (quantity: number) => Math.min(MAX_LINE_QUANTITY, Math.max(1, Math.round(quantity)));

/** The cart of a visitor who is not signed in, kept in this browser until they sign in and it joins their account's. */
export const guestCart = {
  lines: (): readonly GuestLine[] => lines,
  /** Adds to the product's line (or starts one); a line never holds more than the API's limit. */
  add(productId: string, quantity: number): void {
    const existing = lines.find((line) => line.product_id === productId);
    save(
      existing
        ? lines.map((line) => (line === existing ? { ...line, quantity: clamp(line.quantity + quantity) } : line))
        : [...lines, { product_id: productId, quantity: clamp(quantity) }],
    );
  },
  setQuantity(productId: string, quantity: number): void {
    save(lines.map((line) => (line.product_id === productId ? { ...line, quantity: clamp(quantity) } : line)));
  },
  remove(productId: string): void {
    save(lines.filter((line) => line.product_id !== productId));
  },
  clear(): void {
    save([]);
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

// Another tab changed the cart: this one shows the same.
globalThis.addEventListener?.("storage", (event) => {
  if (event.key === STORAGE_KEY || event.key === null) {
    lines = load();
    for (const listener of listeners) listener();
  }
});

/** The guest's cart lines; the component renders again when they change (here or in another tab). */
export function useGuestCart(): readonly GuestLine[] {
  return useSyncExternalStore(guestCart.subscribe, guestCart.lines);
}
