import { useSyncExternalStore } from "react";
import type { components } from "../api/openapi";

type LoginResponse = components["schemas"]["LoginResponse"];

/** A signed-in person: the API's token and the account it was issued for. */
export interface Session {
  token: string;
  /** Milliseconds since the epoch; the session ends then, as the token stops being accepted. */
  expiresAt: number;
  user: LoginResponse["user"];
}

// sessionStorage: the token lasts as long as the tab, and is not shared with other tabs or kept after the browser
// closes. Storage can be unavailable (privacy modes): then the session lives in memory only.
const STORAGE_KEY = "edge-platform.session";
const listeners = new Set<() => void>();
let current: Session | null = load();

function load(): Session | null {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    const parsed = stored ? (JSON.parse(stored) as Session) : null;
    return parsed && parsed.expiresAt > Date.now() ? parsed : null;
  } catch {
    return null;
  }
}

function save(next: Session | null): void {
  current = next;
  try {
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // in memory only
  }
  for (const listener of listeners) listener();
}

/** The session of this tab, shared by the API client (its token) and the pages (who is signed in). */
export const session = {
  current: (): Session | null => current,
  /** The bearer token, while the session lasts. */
  token(): string | null {
    if (current && current.expiresAt <= Date.now()) save(null);
    return current?.token ?? null;
  },
  start(login: LoginResponse): void {
    save({ token: login.access_token, expiresAt: Date.now() + login.expires_in * 1000, user: login.user });
  },
  /** The account as the API describes it now (a role an admin changed since sign-in); the token stays. */
  refreshUser(user: LoginResponse["user"]): void {
    if (current && current.user.id === user.id && JSON.stringify(current.user) !== JSON.stringify(user)) {
      save({ ...current, user });
    }
  },
  end(): void {
    if (current) save(null);
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The current session (null when signed out); the component renders again when it starts or ends. */
export function useSession(): Session | null {
  return useSyncExternalStore(session.subscribe, session.current);
}
