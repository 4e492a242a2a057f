import type { Context } from "hono";
import type { AppEnv } from "../env";
import { unauthorized } from "../http/problem";
import { apiKeyCaller, sentApiKey } from "./api-key-access";
import type { ApiKeyScope } from "./api-key-schema";
import { bearerAccount } from "./guards";
import type { Account } from "./schema";

/**
 * Who is calling, for a handler that authenticates by itself (GraphQL decides per operation): the account of the
 * `Authorization: Bearer` token, or of the `X-API-Key` when the key holds `scope` (its creator, at the role the scope
 * grants). Undefined when the request carries neither; 401 when what it carries is not good (or is a key and no
 * `scope` is given), 403 `insufficient_scope` for a key without `scope`, 400 when it carries both.
 *
 * @example
 * const caller = await authenticate(c, isMutation ? "cms:write" : "cms:read");
 */
export async function authenticate(c: Context<AppEnv>, scope?: ApiKeyScope): Promise<Account | undefined> {
  const key = sentApiKey(c);
  if (key === undefined) return bearerAccount(c);
  if (!scope)
    throw unauthorized("api_key_not_accepted", "API keys are not accepted here: sign in with a bearer token.");
  return (await apiKeyCaller(c, key, scope)).account;
}
