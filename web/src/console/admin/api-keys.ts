import { infiniteQueryOptions, type QueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";

export type ApiKey = Schemas["ApiKey"];
export type ApiKeyScope = ApiKey["scopes"][number];

/** Each scope a key may hold, and what it lets the key do (the API's src/auth/api-key-scopes.ts). */
export const SCOPE_WORDS: Record<ApiKeyScope, string> = {
  "cms:read": "Read the CMS, as a viewer",
  "cms:write": "Write the CMS, as an editor (reading included)",
  "discovery:read": "Search and featured, with a rate limit of its own",
};

/**
 * API keys for machine clients, as TanStack Query options under `["admin", "api-keys"]`.
 *
 * @example
 * const keys = useInfiniteQuery(apiKeys.list());
 */
export const apiKeys = {
  list: () =>
    infiniteQueryOptions({
      queryKey: ["admin", "api-keys"],
      queryFn: ({ pageParam, signal }) =>
        unwrap(api.GET("/auth/api-keys", { params: { query: { limit: 25, cursor: pageParam } }, signal })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page) => page.next_cursor ?? undefined,
    }),
};

export const refreshApiKeys = (client: QueryClient) => client.invalidateQueries({ queryKey: ["admin", "api-keys"] });

export const apiKeyWrites = {
  /** Answers the new key with the key itself, which the API never shows again. */
  create: (body: Schemas["CreateApiKeyRequest"]) => unwrap(api.POST("/auth/api-keys", { body })),
  revoke: (id: string) => unwrap(api.DELETE("/auth/api-keys/{id}", { params: { path: { id } } })),
};
