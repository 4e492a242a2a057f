import { createRoute } from "@hono/zod-openapi";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, NewestFirstPosition, PageQuery, pageOf, toPage } from "../http/pagination";
import { conflict, notFound } from "../http/problem";
import { nowIso } from "../time";
import { ApiKeySchema, CreateApiKeyBody, NewApiKeySchema, presentApiKey } from "./api-key-models";
import { findApiKey, insertApiKey, listApiKeys, revokeApiKey } from "./api-key-queries";
import { generateApiKey } from "./api-key-secret";
import { guarded } from "./guards";

const tags = ["API keys"];

const create = createRoute({
  method: "post",
  path: "/auth/api-keys",
  tags,
  summary: "Create an API key",
  description:
    "The answer's `key` is shown this once; only its hash is stored. The key acts for you, with at most the role its " +
    "scopes grant (`cms:read`: viewer, `cms:write`: editor), never above your own.",
  ...guarded("admin"),
  request: { body: jsonBody(CreateApiKeyBody) },
  responses: { 201: jsonContent(NewApiKeySchema, "The new key, with the key itself"), ...problems(400, 401, 403, 415) },
});

const list = createRoute({
  method: "get",
  path: "/auth/api-keys",
  tags,
  summary: "List API keys, newest first, revoked ones too",
  ...guarded("admin"),
  request: { query: PageQuery },
  responses: { 200: jsonContent(pageOf(ApiKeySchema, "ApiKeyPage"), "A page of keys"), ...problems(400, 401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/auth/api-keys/{id}",
  tags,
  summary: "One API key (never the key itself)",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 200: jsonContent(ApiKeySchema, "The key"), ...problems(401, 403, 404) },
});

const revoke = createRoute({
  method: "delete",
  path: "/auth/api-keys/{id}",
  tags,
  summary: "Revoke an API key",
  description:
    "The key stops working at once. It stays listed, with `revoked_at`; revoking it again is a 409 `already_revoked`.",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404, 409) },
});

/** API keys for machine clients, managed by admins. */
export const apiKeyRoutes = createRouter()
  .openapi(create, async (c) => {
    const { name, scopes } = c.req.valid("json");
    const { key, prefix, hash } = await generateApiKey();
    const row = await insertApiKey(c.var.db, {
      id: crypto.randomUUID(),
      name,
      prefix,
      keyHash: hash,
      scopes,
      createdBy: c.var.user.id,
      createdAt: nowIso(),
      lastUsedAt: null,
      revokedAt: null,
    });
    c.header("Location", `/auth/api-keys/${row.id}`);
    // Never stored, never cached: the only time anyone sees the key.
    c.header("Cache-Control", "no-store");
    return c.json({ ...presentApiKey(row), key }, 201);
  })
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = await decodeCursor(c, cursor, NewestFirstPosition);
    const rows = await listApiKeys(c.var.db, { limit, after });
    return c.json(await toPage(c, rows, limit, (row) => [row.createdAt, row.id], presentApiKey), 200);
  })
  .openapi(get, async (c) => {
    const row = await findApiKey(c.var.db, c.req.valid("param").id);
    if (!row) throw notFound("API key");
    return c.json(presentApiKey(row), 200);
  })
  .openapi(revoke, async (c) => {
    const { id } = c.req.valid("param");
    if (await revokeApiKey(c.var.db, id, nowIso())) return c.body(null, 204);
    // Nothing revoked: either there is no such key, or it was revoked before (it stays listed, so not a 404).
    const row = await findApiKey(c.var.db, id);
    if (!row) throw notFound("API key");
    throw conflict("already_revoked", `This key was revoked at ${row.revokedAt}.`);
  });
