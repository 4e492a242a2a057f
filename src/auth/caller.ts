import type { Context } from "hono";
import type { AppEnv } from "../env";
import { unauthorized } from "../http/problem";
import type { ApiKeyScope } from "./api-key-schema";
import { accountForToken } from "./guards";
import type { Account } from "./schema";

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * Who is calling, for a handler that authenticates by itself (GraphQL decides per operation): the account of the
 * `Authorization: Bearer` token, or of the `X-API-Key` when the key holds `scope`. Undefined when the request
 * carries neither; 401 when what it carries is not good.
 */
export async function authenticate(c: Context<AppEnv>, _scope?: ApiKeyScope): Promise<Account | undefined> {
  const header = c.req.header("Authorization");
  if (!header) return undefined;
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw unauthorized("invalid_token", "The Authorization header must be Bearer <token>.");
  return accountForToken(c, match[1]);
}
