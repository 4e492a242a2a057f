import createClient, { type Middleware } from "openapi-fetch";
import { session } from "../auth/session";
import { sendsBookmark } from "./bookmark";
import type { components, paths } from "./openapi";
import { ApiError, isProblem } from "./problem";

/** The API's schemas by name (`CatalogProgram`, `Event`, …), straight from /openapi.json. */
export type Schemas = components["schemas"];

/** Sends the session's token, and ends the session when the API says the token is no longer good. */
const bearerToken: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token && !request.headers.has("Authorization")) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has("Authorization")) session.end();
    return response;
  },
};

/**
 * The API on this origin, typed from its OpenAPI document: paths, parameters, bodies and answers are checked against
 * the API's own definitions, never written out again here.
 *
 * @example
 * const page = await unwrap(api.GET("/catalog/programs", { params: { query: { limit: 4 } } }));
 */
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? "" });
api.use(bearerToken, sendsBookmark);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The body of a successful answer; a failed one throws an `ApiError` with the API's problem. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch {
    throw ApiError.local("network_error", 0, "The request did not reach the server.");
  }
  if (answer.response.ok) return answer.data as T;
  if (isProblem(answer.error)) throw new ApiError(answer.error);
  throw ApiError.local(
    answer.response.status >= 500 ? "internal_error" : "http_error",
    answer.response.status,
    `The server answered ${answer.response.status}.`,
  );
}
