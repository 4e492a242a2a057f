import { isSafeMethod } from "../http/methods";
import type { ApiKeyScope } from "./api-key-schema";
import { hasRole, type Role } from "./roles";

/** What an API key needs to be taken on a request: a scope, or the route's own say per operation (GraphQL). */
export type KeyRequirement = ApiKeyScope | "per-operation";

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * Which scope a key must hold for `method` on `path`: CMS reads `cms:read`, CMS writes `cms:write`, discovery
 * `discovery:read`; `/graphql` decides per operation (see `authenticate`). Undefined where keys are not accepted.
 *
 * @example
 * scopeNeeded("POST", "/cms/programs"); // "cms:write"
 * scopeNeeded("GET", "/tickets"); // undefined: a key there is refused
 */
export function scopeNeeded(method: string, path: string): KeyRequirement | undefined {
  if (under(path, "/cms")) return isSafeMethod(method) ? "cms:read" : "cms:write";
  if (under(path, "/discovery")) return "discovery:read";
  if (path === "/graphql") return "per-operation";
  return undefined;
}

/** The most a scope lets a key do: its creator's role, capped at this. */
const SCOPE_ROLE: Record<ApiKeyScope, Role> = {
  "cms:read": "viewer",
  "cms:write": "editor",
  "discovery:read": "viewer",
};

/** A scope that also grants another: whoever may write the CMS may read it. */
const IMPLIED: Partial<Record<ApiKeyScope, ApiKeyScope>> = { "cms:write": "cms:read" };

/**
 * The role a key holding `scopes` acts with where `needed` is required, before the cap of its creator's role; undefined
 * when no scope of the key covers `needed`.
 *
 * @example
 * scopeRole(["cms:write"], "cms:read"); // "editor"
 * scopeRole(["discovery:read"], "cms:read"); // undefined
 */
export function scopeRole(scopes: readonly ApiKeyScope[], needed: ApiKeyScope): Role | undefined {
  const covering = scopes.filter((scope) => scope === needed || IMPLIED[scope] === needed);
  return covering
    .map((scope) => SCOPE_ROLE[scope])
    .reduce<Role | undefined>((best, role) => (best && hasRole(best, role) ? best : role), undefined);
}

/** The lower of two roles: a key never acts above its creator's current role. */
export const lesserRole = (a: Role, b: Role): Role => (hasRole(a, b) ? b : a);
