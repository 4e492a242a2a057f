/**
 * Signed-in tabs without going through the sign-in dialog each time: a session from the API's login, put where the
 * web app keeps it (sessionStorage, web/src/auth/session.ts) before the page's scripts run.
 */
import { BASE_URL, type TestPage } from "./browser";

/** What the web app stores for a signed-in tab. */
export interface StoredSession {
  token: string;
  expiresAt: number;
  user: { id: string; name: string; role: string };
}

/** Signs in through the API (`POST /auth/login`) and returns the session as the web app would keep it. */
export async function signInThroughApi(email: string, password: string): Promise<StoredSession> {
  const response = await fetch(`${BASE_URL}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`POST /auth/login as ${email}: ${response.status} ${await response.text()}`);
  const login = (await response.json()) as { access_token: string; expires_in: number; user: StoredSession["user"] };
  return { token: login.access_token, expiresAt: Date.now() + login.expires_in * 1000, user: login.user };
}

/** Makes every page of `tab`'s context start signed in as `who`, as after the sign-in dialog. */
export async function startSignedIn(tab: TestPage, who: StoredSession): Promise<void> {
  await tab.context.addInitScript(({ key, value }) => sessionStorage.setItem(key, value), {
    key: "edge-platform.session",
    value: JSON.stringify(who),
  });
}
