import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { forbidden, unauthorized } from "../http/problem";
import { type Account, findAccount } from "./queries";
import { hasRole, type Role } from "./roles";
import { verifyAccessToken } from "./tokens";

/** The account an access token was issued to, as stored now; 401 when the token is bad or the account is gone. */
export async function accountForToken(c: Context<AppEnv>, token: string): Promise<Account> {
  const account = await findAccount(c.var.db, await verifyAccessToken(c.env, token));
  if (!account) throw unauthorized("unauthorized", "This account no longer exists.");
  return account;
}

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * Requires `Authorization: Bearer <access token>` and sets `c.var.user` to the account as it is now: the token
 * proves who the caller is, but the role comes from the database (one primary-key read), so a demotion or a
 * deleted account takes effect on the next request rather than when the token expires.
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization");
  if (!header) throw unauthorized("unauthorized", "Sign in first: send Authorization: Bearer <token>.");
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw unauthorized("invalid_token", "The Authorization header must be Bearer <token>.");
  c.set("user", await accountForToken(c, match[1]));
  await next();
});

/** Signed in with at least `role` (admin ⊃ editor ⊃ viewer); 401 without a valid token, 403 with too small a role. */
export function requireRole(role: Role): MiddlewareHandler<AppEnv>[] {
  return [
    requireAuth,
    createMiddleware<AppEnv>(async (c, next) => {
      if (!hasRole(c.var.user.role, role)) throw forbidden(`This needs the ${role} role.`);
      await next();
    }),
  ];
}
