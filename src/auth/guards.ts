import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { forbidden, unauthorized } from "../http/problem";
import { hasRole, type Role } from "./roles";
import { verifyAccessToken } from "./tokens";

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** Requires `Authorization: Bearer <access token>`; sets `c.var.user`. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization");
  if (!header) throw unauthorized("unauthorized", "Sign in first: send Authorization: Bearer <token>.");
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw unauthorized("invalid_token", "The Authorization header must be Bearer <token>.");
  c.set("user", await verifyAccessToken(c.env, match[1]));
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
