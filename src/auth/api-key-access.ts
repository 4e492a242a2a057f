import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { createDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { waitUntilOf } from "../http/edge-cache";
import { logError } from "../http/log";
import { ProblemError, unauthorized } from "../http/problem";
import { isoAt } from "../time";
import { findKeyWithCreator, type KeyWithCreator, recordApiKeyUse } from "./api-key-queries";
import type { ApiKeyScope } from "./api-key-schema";
import { lesserRole, scopeNeeded, scopeRole } from "./api-key-scopes";
import { hashApiKey, isApiKeyShaped } from "./api-key-secret";
import type { Account } from "./schema";

/** The request header that carries an API key. */
export const API_KEY_HEADER = "X-API-Key";

/** A key a request was accepted with: `c.var.apiKey`, beside `c.var.user` (its creator, at the key's role). */
export interface AcceptedApiKey {
  id: string;
  scopes: ApiKeyScope[];
}

/** How often a key's `last_used_at` is written at most: a busy key costs one write a minute, not one per request. */
const USE_RECORD_INTERVAL_MS = 60_000;

/** What a request's key turned out to be. */
type KeyLookup = { found: KeyWithCreator } | { refused: "unknown" | "revoked" };

// One lookup per request, whoever asks first (the middleware, `authenticate` for each GraphQL operation, the
// discovery rate limit): the promise is kept for the request it belongs to.
const lookups = new WeakMap<Request, Promise<KeyLookup>>();

function lookUpKey(c: Context<AppEnv>, key: string): Promise<KeyLookup> {
  let lookup = lookups.get(c.req.raw);
  if (!lookup) {
    lookup = findKey(c, key);
    lookups.set(c.req.raw, lookup);
  }
  return lookup;
}

async function findKey(c: Context<AppEnv>, key: string): Promise<KeyLookup> {
  // A value without a key's shape cannot be one: refused without a round trip.
  if (!isApiKeyShaped(key)) return { refused: "unknown" };
  const found = await findKeyWithCreator(c.var.db, await hashApiKey(key));
  if (!found) return { refused: "unknown" };
  if (found.revokedAt !== null) return { refused: "revoked" };
  recordUse(c, found);
  return { found };
}

/**
 * Records that the key was used, after the answer has gone (`waitUntil`), and only when the stored time is older than
 * the interval, so most requests of a busy key write nothing. It runs on a database handle of its own: it is no part
 * of the request's cost in `Server-Timing`, and a failure is logged, never the caller's problem.
 */
function recordUse(c: Context<AppEnv>, key: KeyWithCreator): void {
  const now = Date.now();
  if (key.lastUsedAt !== null && now - Date.parse(key.lastUsedAt) < USE_RECORD_INTERVAL_MS) return;
  const write = recordApiKeyUse(
    createDatabase(c.env.DB).db,
    key.id,
    isoAt(now),
    isoAt(now - USE_RECORD_INTERVAL_MS),
  ).catch((error) => logError("api_key_use_not_recorded", error, { api_key_id: key.id }));
  const waitUntil = waitUntilOf(c);
  if (waitUntil) waitUntil(write);
}

const invalidApiKey = (reason: "unknown" | "revoked") =>
  unauthorized(
    "invalid_api_key",
    reason === "revoked" ? "This API key was revoked." : "This is not an API key of this platform.",
  );

const insufficientScope = (scope: ApiKeyScope) =>
  new ProblemError(403, "insufficient_scope", `This needs an API key with the ${scope} scope.`, {
    extensions: { required_scope: scope },
  });

/**
 * The key the request carries, if any (`X-API-Key`). A request may carry a bearer token or a key, not both (as RFC
 * 6750 asks of one token sent twice): both is a 400, rather than a guess at which identity the client meant.
 */
export function sentApiKey(c: Context<AppEnv>): string | undefined {
  const key = c.req.header(API_KEY_HEADER);
  if (key !== undefined && c.req.header("Authorization") !== undefined) {
    throw new ProblemError(
      400,
      "conflicting_credentials",
      `Send either Authorization: Bearer or ${API_KEY_HEADER}, not both.`,
    );
  }
  return key;
}

/**
 * The account a key acts as for `scope`: its creator as stored now, at the role the scope grants (`cms:read` viewer,
 * `cms:write` editor, `discovery:read` viewer) or the creator's own role if lower. 401 `invalid_api_key` for an unknown
 * or revoked key, 403 `insufficient_scope` when the key lacks `scope`. One D1 round trip per request, however often
 * it is asked.
 *
 * @example
 * const { account } = await apiKeyCaller(c, key, "cms:write"); // account.role: "editor" (or lower)
 */
export async function apiKeyCaller(
  c: Context<AppEnv>,
  key: string,
  scope: ApiKeyScope,
): Promise<{ account: Account; key: AcceptedApiKey }> {
  const lookup = await lookUpKey(c, key);
  if ("refused" in lookup) throw invalidApiKey(lookup.refused);
  const { id, scopes, creator } = lookup.found;
  const role = scopeRole(scopes, scope);
  if (!role) throw insufficientScope(scope);
  return { account: { ...creator, role: lesserRole(creator.role, role) }, key: { id, scopes } };
}

/** 401 for a key sent where no scope opens the door: silently ignoring it would leave the client guessing. */
const keyNotAccepted = (path: string) =>
  unauthorized(
    "api_key_not_accepted",
    `API keys are not accepted on ${path}: they work on /cms, /discovery and /graphql. Sign in with a bearer token.`,
  );

/**
 * Accepts `X-API-Key` on the routes its scopes cover, before any route runs: there it sets `c.var.user` (the key's
 * creator, at the key's role) and `c.var.apiKey`, which `guarded` routes take in place of a bearer token. A key sent
 * anywhere else is a 401; on `/graphql` the operation decides (`authenticate`). Requests without a key pass untouched.
 */
export const acceptApiKeys = createMiddleware<AppEnv>(async (c, next) => {
  const key = sentApiKey(c);
  if (key !== undefined) {
    const needed = scopeNeeded(c.req.method, c.req.path);
    if (needed === undefined) throw keyNotAccepted(c.req.path);
    if (needed !== "per-operation") {
      const accepted = await apiKeyCaller(c, key, needed);
      c.set("user", accepted.account);
      c.set("apiKey", accepted.key);
    }
  }
  await next();
});

/**
 * The id of the valid `discovery:read` key the request carries, if it carries one: for the discovery rate limit, which
 * then counts per key rather than per address. Never throws for a bad key (`acceptApiKeys` answers for it); shares the
 * request's one lookup.
 *
 * @example
 * const key = await discoveryKeyOf(c);
 * const limitKey = key ? `api-key:${key}` : clientKey(c.req);
 */
export async function discoveryKeyOf(c: Context<AppEnv>): Promise<string | undefined> {
  const key = c.req.header(API_KEY_HEADER);
  if (key === undefined) return undefined;
  const lookup = await lookUpKey(c, key);
  return "found" in lookup && scopeRole(lookup.found.scopes, "discovery:read") ? lookup.found.id : undefined;
}
