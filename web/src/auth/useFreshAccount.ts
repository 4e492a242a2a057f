import { useEffect } from "react";
import { api } from "../api/client";
import { session, useSession } from "./session";

/**
 * Reads the signed-in account again (`GET /auth/me`) when a page using it opens, so that a role an admin changed shows
 * on the next page load rather than when the token ends. A token no longer good ends the session (the API client's
 * 401 handling); a network failure keeps the session as it was.
 *
 * @example
 * useFreshAccount(); // in the console's frame
 */
export function useFreshAccount(): void {
  const token = useSession()?.token;
  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    api
      .GET("/auth/me", { signal: controller.signal })
      .then(({ data }) => data && session.refreshUser(data))
      .catch(() => undefined);
    return () => controller.abort();
  }, [token]);
}
