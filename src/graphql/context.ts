import type { Context } from "hono";
import type { ApiKeyScope } from "../auth/api-key-schema";
import { authenticate } from "../auth/caller";
import { hasRole, type Role } from "../auth/roles";
import type { Account } from "../auth/schema";
import type { Database } from "../db/client";
import type { AppEnv } from "../env";
import { bookmarkOf, purgeEdgeCache, waitUntilOf } from "../http/edge-cache";
import { forbidden, unauthorized } from "../http/problem";

/** What every resolver of one request sees: the Hono context (bindings, the counted database) and the caller. */
export interface GraphQLContext {
  c: Context<AppEnv>;
  db: Database;
  /** The caller for each scope asked, authenticated once per request (one account read). */
  callers: Map<ApiKeyScope, Promise<Account | undefined>>;
}

/** The roles of the REST CMS: viewers read, editors write, admins delete. */
export type CmsAccess = Extract<Role, "viewer" | "editor" | "admin">;

/** The API-key scope that grants `access`: reading needs `cms:read`, writing `cms:write`. */
const scopeFor = (access: CmsAccess): ApiKeyScope => (access === "viewer" ? "cms:read" : "cms:write");

/**
 * The caller, when it holds `access` as the REST CMS's guards require it: a bearer token or an `X-API-Key` with the
 * matching scope. 401 `unauthorized` when it sends neither, 403 `forbidden` when its role falls short.
 *
 * @example
 * await authorize(ctx, "editor");
 */
export async function authorize(ctx: GraphQLContext, access: CmsAccess): Promise<Account> {
  const scope = scopeFor(access);
  let caller = ctx.callers.get(scope);
  if (!caller) {
    caller = authenticate(ctx.c, scope);
    ctx.callers.set(scope, caller);
  }
  const account = await caller;
  if (!account) {
    throw unauthorized("unauthorized", "Sign in first: send Authorization: Bearer <token>, or an X-API-Key.");
  }
  if (!hasRole(account.role, access)) throw forbidden(`This needs the ${access} role.`);
  return account;
}

/** After a write: every cached public answer of the catalog is made stale, as REST CMS writes do. */
export const purgeCatalog = (ctx: GraphQLContext): Promise<void> =>
  purgeEdgeCache(ctx.c.env, "catalog", waitUntilOf(ctx.c), bookmarkOf(ctx.c));
