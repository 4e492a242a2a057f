import type { Middleware } from "openapi-fetch";

/** The API's header for the D1 session's bookmark (README: "Read replicas and the D1 bookmark"). */
const HEADER = "X-D1-Bookmark";
// sessionStorage, like the sign-in: a reload keeps reading what this tab wrote; in memory when storage is refused.
const STORAGE_KEY = "edge-platform.d1-bookmark";

let newest: string | null = load();

function load(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function save(next: string | null): void {
  newest = next;
  try {
    if (next) sessionStorage.setItem(STORAGE_KEY, next);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // in memory only
  }
}

/**
 * Sends the newest bookmark this tab has received on every API request, and keeps the newest of those that answers
 * carry (bookmarks sort oldest to newest; answers can arrive out of order): whichever replica answers the next
 * request, it holds at least what this tab wrote or read before, so a save in the console shows on the next page.
 */
export const sendsBookmark: Middleware = {
  onRequest({ request }) {
    if (newest && !request.headers.has(HEADER)) request.headers.set(HEADER, newest);
    return request;
  },
  async onResponse({ response }) {
    const received = response.headers.get(HEADER);
    if (received && (!newest || received > newest)) save(received);
    // Only what the API sent is kept, so this is a bookmark the API no longer takes: start afresh next time.
    if (response.status === 400 && newest) {
      const problem = await response
        .clone()
        .json()
        .catch(() => null);
      if (problem?.code === "invalid_bookmark") save(null);
    }
    return response;
  },
};
