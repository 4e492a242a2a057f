import { OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { validationHook } from "./validation";

/**
 * A module's router: every route validated by zod, every validation failure a 400 problem. A module whose routes set
 * variables of their own names an environment that extends the app's.
 */
export function createRouter<E extends AppEnv = AppEnv>() {
  return new OpenAPIHono<E>({ defaultHook: validationHook });
}

/**
 * Puts `route` in the OpenAPI document as written and returns it ready to install with `served` instead, hidden from
 * the document: for a route that must be matched or validated otherwise than its documentation reads (a path pattern
 * that Hono's `{param}` cannot say, a body that is validated only when it is JSON).
 *
 * @example
 * router.openapi(documentedAs(router, getMedia, { path: "/media/{key{.+}}" }), handler);
 */
export function documentedAs<R extends RouteConfig, S extends Partial<RouteConfig>>(
  router: { openAPIRegistry: OpenAPIHono["openAPIRegistry"] },
  route: R,
  served: S,
): Omit<R, keyof S> & S {
  const { middleware: _, ...documented } = route;
  router.openAPIRegistry.registerPath(documented);
  return { ...route, ...served, hide: true };
}

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "urn:problem:validation_failed" }),
    title: z.string().openapi({ example: "Bad Request" }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string(),
    code: z.string().openapi({ example: "validation_failed" }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    request_id: z.string(),
  })
  .openapi("Problem");

const PROBLEM_DESCRIPTIONS = {
  400: "The request is not valid (validation_failed, malformed_json, invalid_cursor)",
  401: "Missing, malformed, expired or forged bearer token",
  403: "Signed in, but the role does not allow this",
  404: "No such resource, or not visible to the caller",
  409: "Conflicts with the current state",
  412: "A precondition (If-Match, If-Unmodified-Since) does not hold",
  413: "Request body too large",
  415: "Body is not application/json",
  422: "Well-formed, but breaks a rule",
  426: "Not a WebSocket upgrade (upgrade_required)",
  429: "Rate limited; see Retry-After",
  503: "A dependency is unavailable",
} as const;

type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

/** OpenAPI response entries for the problems a route can answer with. */
export function problems<S extends ProblemStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status],
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  ) as unknown as {
    [K in S]: { description: string; content: { "application/problem+json": { schema: typeof ProblemSchema } } };
  };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } } as const;
}

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

/** `{ id }` path parameter of a resource. */
export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "0b6f1c5e-4a2d-4c8e-9a57-3f1e2d4c5b6a" }),
});

/** The request header of a cacheable read: the ETag of a copy the client holds. */
export const IfNoneMatchHeaders = z.object({
  "if-none-match": z
    .string()
    .optional()
    .openapi({ description: "The ETag of a copy you hold: if it is still current, the answer is a 304 without body" }),
});

/** The 304 of a cacheable read, for its `responses`. */
export const notModified = { 304: { description: "Your copy (If-None-Match) is still current; no body" } } as const;
