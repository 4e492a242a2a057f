import { ApiError } from "../api/problem";

/** The store's own problem codes, in the words staff read (a code not here falls back to `ApiError.words`). */
const STORE_WORDS: Record<string, string> = {
  has_orders:
    "This product has orders, so it cannot be deleted. Archive it instead: it leaves the shop but keeps its orders.",
  invalid_transition: "The order is not in a state that allows this.",
  already_replayed: "This message was already replayed.",
  order_changed: "The order changed while this was being done. Look at it again, then retry.",
};

/** Whether the API refused because of the caller's role. */
export const isRefusedRole = (error: unknown): boolean => error instanceof ApiError && error.status === 403;

/** What went wrong with a console action, in words; a 403 always says the role does not allow it. */
export function consoleWords(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong. Please try again.";
  if (error.status === 403) return "Your role does not allow this.";
  const words = STORE_WORDS[error.code];
  if (!words) return error.words;
  // The API's detail says what exactly stood in the way (the order's status, the product's orders).
  return error.problem.detail && (error.code === "invalid_transition" || error.code === "already_replayed")
    ? `${words} ${error.problem.detail}`
    : words;
}
