import { z } from "@hono/zod-openapi";
import { API_KEY_SCOPES, type ApiKeyRow } from "./api-key-schema";

export const ApiKeyScopeSchema = z.enum(API_KEY_SCOPES).openapi({
  description:
    "`cms:read` reads the CMS (as a viewer), `cms:write` also writes it (as an editor), " +
    "`discovery:read` calls discovery (its rate limit then counts per key)",
  example: "cms:read",
});

export const CreateApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).openapi({ description: "What the key is for", example: "Nightly import" }),
    scopes: z
      .array(ApiKeyScopeSchema)
      .min(1, "Give at least one scope.")
      .refine((scopes) => new Set(scopes).size === scopes.length, "Name each scope once."),
  })
  .openapi("CreateApiKeyRequest");

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(ApiKeyScopeSchema),
    prefix: z
      .string()
      .openapi({ description: "The key's first characters, to tell keys apart", example: "epk_Q2x9aB1c" }),
    created_by: z.string().openapi({ description: "The admin who made the key; the key acts for this account" }),
    created_at: z.iso.datetime(),
    last_used_at: z.iso.datetime().nullable().openapi({ description: "Recorded at most about once a minute" }),
    revoked_at: z.iso.datetime().nullable(),
  })
  .openapi("ApiKey");

export const NewApiKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({
    description: "The key itself, shown this once: send it as `X-API-Key`. Only its hash is stored.",
    example: "epk_Q2x9aB1cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV3wX4y",
  }),
}).openapi("NewApiKey");

export type ApiKey = z.infer<typeof ApiKeySchema>;

export function presentApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    prefix: row.prefix,
    created_by: row.createdBy,
    created_at: row.createdAt,
    last_used_at: row.lastUsedAt,
    revoked_at: row.revokedAt,
  };
}
