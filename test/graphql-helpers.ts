/** Calling `POST /graphql` as a client would, for test/graphql*.test.ts. */
import { expect } from "vitest";
import { call, type JsonReply, readJson } from "./helpers";

/** A GraphQL answer: `data` and, when something was refused, `errors` with their `extensions`. */
export interface GraphQLReply<T = any> {
  data?: T | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string; status?: number; errors?: { path: string; message: string }[]; [k: string]: unknown };
  }[];
}

/** Sends `query` (with `variables`) to `/graphql` as the holder of `token` (anonymous without one). */
export async function graphql<T = any>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<JsonReply<GraphQLReply<T>>> {
  return readJson(
    await call("POST", "/graphql", { token: options.token, headers: options.headers, body: { query, variables } }),
  );
}

/** The data of an answer without errors. */
export function dataOf<T>(reply: JsonReply<GraphQLReply<T>>): T {
  expect(reply.body.errors, JSON.stringify(reply.body.errors)).toBeUndefined();
  expect(reply.status).toBe(200);
  return reply.body.data as T;
}

/** The one error of an answer, which must carry `code` (and, when given, name the field `path` at fault). */
export function errorOf(reply: JsonReply<GraphQLReply>, code: string, path?: string) {
  expect(reply.body.errors, JSON.stringify(reply.body)).toHaveLength(1);
  const error = reply.body.errors![0]!;
  expect(error.extensions?.code, JSON.stringify(error)).toBe(code);
  if (path !== undefined) {
    expect(error.extensions?.errors).toEqual(expect.arrayContaining([{ path, message: expect.any(String) }]));
  }
  return error;
}
