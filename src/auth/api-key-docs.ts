import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { API_KEY_HEADER } from "./api-key-access";
import { scopeNeeded } from "./api-key-scopes";

/** The name of the API-key security scheme in the OpenAPI document. */
const API_KEY_SCHEME = "apiKeyAuth";

/**
 * Declares the `X-API-Key` scheme and offers it, beside what each route already asks, on every documented route that
 * takes keys (the paths and scopes of `scopeNeeded`, so the document cannot drift from what is enforced): a guarded
 * route then reads "bearer token, or a key with cms:write", a public one "anonymous, or a key with discovery:read".
 * Call it once every route is mounted.
 *
 * @example
 * registerApiKeyScheme(app.openAPIRegistry);
 */
export function registerApiKeyScheme(registry: OpenAPIHono<AppEnv>["openAPIRegistry"]): void {
  registry.registerComponent("securitySchemes", API_KEY_SCHEME, {
    type: "apiKey",
    in: "header",
    name: API_KEY_HEADER,
    description:
      "A key from POST /auth/api-keys, for machine clients. It acts for the admin who made it, as a viewer (cms:read, " +
      "discovery:read) or an editor (cms:write) at most. The scope a route needs is listed with the scheme; on " +
      "/graphql, queries need cms:read and mutations cms:write. Send a key or a bearer token, not both (400).",
  });
  for (const definition of registry.definitions) {
    if (definition.type !== "route") continue;
    const { route } = definition;
    const needed = scopeNeeded(route.method.toUpperCase(), route.path);
    if (needed === undefined) continue;
    const byKey = { [API_KEY_SCHEME]: needed === "per-operation" ? [] : [needed] };
    // No security means anyone may call: keep that (`{}`), with the key as the other way in.
    const asked = route.security?.length ? route.security : [{}];
    definition.route = { ...route, security: [...asked, byKey] };
  }
}
