import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, Env as HonoEnv, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { createDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { forbidden, unauthorized } from "../http/problem";
import { findAccount } from "./queries";
import { hasRole, type Role } from "./roles";
import type { Account } from "./schema";
import { verifyAccessToken } from "./tokens";

/** The name of the bearer-token security scheme in the OpenAPI document (registered by `registerBearerScheme`). */
const BEARER_SCHEME = "bearerAuth";

/** Declares the bearer-token scheme that `guarded` routes name as their `security`. */
export function registerBearerScheme(registry: OpenAPIHono<AppEnv>["openAPIRegistry"]): void {
  registry.registerComponent("securitySchemes", BEARER_SCHEME, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "The access_token from POST /auth/login",
  });
}

/** The account an access token was issued to, as stored now; 401 when the token is bad or the account is gone. */
export async function accountForToken(c: Context<AppEnv>, token: string): Promise<Account> {
  const account = await findAccount(c.var.db, await verifyAccessToken(c.env, token));
  if (!account) throw unauthorized("unauthorized", "This account no longer exists.");
  return account;
}

/**
 * The role the account holds now, or null once it is deleted: for a room that re-checks a socket's rights on each
 * change, as the HTTP guards do on each request. Throws when D1 cannot answer, so the room can say so.
 */
export async function storedRole(env: Env, userId: string): Promise<Role | null> {
  const { db } = createDatabase(env.DB);
  return (await findAccount(db, userId))?.role ?? null;
}

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * The account of the request's `Authorization: Bearer <access token>`, as stored now; undefined when the request has
 * no Authorization header, 401 when it is not a good bearer token.
 *
 * @example
 * const caller = await bearerAccount(c); // undefined for an anonymous request
 */
export async function bearerAccount(c: Context<AppEnv>): Promise<Account | undefined> {
  const header = c.req.header("Authorization");
  if (header === undefined) return undefined;
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw unauthorized("invalid_token", "The Authorization header must be Bearer <token>.");
  return accountForToken(c, match[1]);
}

/**
 * Requires `Authorization: Bearer <access token>` and sets `c.var.user` to the account as it is now: the token
 * proves who the caller is, but the role comes from the database (one primary-key read), so a demotion or a
 * deleted account takes effect on the next request rather than when the token expires. A request that came with an
 * API key was authenticated before any route (`acceptApiKeys`, src/auth/api-key-access.ts): `c.var.user` is then
 * already the key's account.
 */
const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.apiKey) {
    const account = await bearerAccount(c);
    if (!account) throw unauthorized("unauthorized", "Sign in first: send Authorization: Bearer <token>.");
    c.set("user", account);
  }
  await next();
});

/** After `requireAuth`: 403 unless the account holds at least `role` (admin ⊃ editor ⊃ viewer). */
const requireRole = (role: Role) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (hasRole(c.var.user.role, role)) return next();
    // A key acts at most as an editor: say why, or an admin's key refused a delete would puzzle its admin.
    const why = c.var.apiKey
      ? `; this API key acts as ${c.var.user.role} (its scope's role, or its creator's if lower)`
      : "";
    throw forbidden(`This needs the ${role} role${why}.`);
  });

/** Who may call a guarded route: any signed-in account, or one holding at least a role. */
export type Access = "signed-in" | Role;

/**
 * What makes a route guarded, to spread into `createRoute`: the OpenAPI `security` entry, the `x-access` extension
 * that documents who may call it ("signed-in" or the least role), and the middleware that enforces both, so that a
 * route is never documented as protected without being protected. The caller must send a valid bearer token (401
 * otherwise) of an account holding `access` (403 otherwise); `c.var.user` is then the account as stored now. `then`
 * runs after the guard, e.g. a check that the caller may change this very resource.
 *
 * @example
 * const create = createRoute({ method: "post", path: "/games", ...guarded("editor"), request, responses });
 */
export function guarded<E extends HonoEnv = AppEnv>(access: Access, ...then: MiddlewareHandler<E>[]) {
  const guard: MiddlewareHandler<AppEnv>[] =
    access === "signed-in" ? [requireAuth] : [requireAuth, requireRole(access)];
  return { security: [{ [BEARER_SCHEME]: [] }], "x-access": access, middleware: [...guard, ...then] };
}
