import { eq } from "drizzle-orm";
import { hasRole, ROLES, type Role } from "../src/auth/roles";
import { users } from "../src/auth/schema";
import { createUser, db, expiredClaims, FORGERS_SECRET, signAccessToken, type TestUser } from "./helpers";

// The ways of calling a guarded route that it must refuse. Every guarded route's tests run through these, with
// checks of their own that the refusal changed nothing.

/** One way of calling a guarded route without the right to, and the refusal the API must answer with. */
export interface Refusal {
  /** What the request carries, for test names. */
  sent: string;
  status: 401 | 403;
  code: string;
  /** The request's headers, built when the test runs (so tokens are fresh and their accounts exist). */
  headers: () => Promise<Record<string, string>>;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * Credentials every guarded route answers with 401, whatever it does. Forged and expired tokens carry the claims of
 * `admin()` (an admin account), so that only the token itself can be the reason for the refusal.
 */
export function invalidCredentials(admin: () => TestUser): Refusal[] {
  const refusal = (sent: string, code: string, headers: Refusal["headers"]): Refusal => ({
    sent,
    status: 401,
    code,
    headers,
  });
  return [
    refusal("no Authorization header", "unauthorized", async () => ({})),
    refusal("a Basic Authorization header", "invalid_token", async () => ({ Authorization: "Basic YWRtaW46c2VjcmV0" })),
    refusal("a bearer value that is not a JWT", "invalid_token", async () => ({ Authorization: "Bearer not-a-jwt" })),
    refusal("an expired admin token", "token_expired", async () =>
      bearer(await signAccessToken(admin(), expiredClaims())),
    ),
    refusal("an admin token with a forged signature", "invalid_token", async () =>
      bearer(await signAccessToken(admin(), {}, FORGERS_SECRET)),
    ),
    // The signature is checked before the expiry: a forgery is never reported as merely expired.
    refusal("an expired, forged admin token", "invalid_token", async () =>
      bearer(await signAccessToken(admin(), expiredClaims(), FORGERS_SECRET)),
    ),
    refusal("an admin token from another issuer", "invalid_token", async () =>
      bearer(await signAccessToken(admin(), { iss: "someone-else" })),
    ),
    // A token stops working with its account, though it has not expired.
    refusal("the token of a deleted admin", "unauthorized", async () => {
      const deleted = await createUser("admin");
      await db().delete(users).where(eq(users.id, deleted.id));
      return bearer(deleted.token);
    }),
  ];
}

/**
 * Signed-in accounts whose stored role falls short of `required`: 403 forbidden, also when a correctly signed token
 * claims the role (the stored role decides). Each test signs in a fresh account.
 */
export function insufficientRoles(required: Role): Refusal[] {
  const forbidden = (sent: string, headers: Refusal["headers"]): Refusal => ({
    sent,
    status: 403,
    code: "forbidden",
    headers,
  });
  const below = ROLES.filter((role) => !hasRole(role, required));
  return [
    ...below.map((role) =>
      forbidden(`${/^[aeiou]/.test(role) ? "an" : "a"} ${role} token`, async () =>
        bearer((await createUser(role)).token),
      ),
    ),
    forbidden(`a customer token claiming ${required}`, async () =>
      bearer(await signAccessToken(await createUser("customer"), { role: required })),
    ),
  ];
}
