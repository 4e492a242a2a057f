import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { createRouter, jsonBody, jsonContent, ProblemSchema, problems } from "../http/openapi";
import { ProblemError } from "../http/problem";
import type { GraphQLContext } from "./context";
import { maskError } from "./errors";
import { queryLimits } from "./limits";
import { GraphQLRequestSchema, GraphQLResponseSchema } from "./models";
import { schema } from "./schema";
import { createYoga, type YogaServer } from "./yoga-server.js";

declare global {
  namespace Cloudflare {
    interface Env {
      /** "true" serves GraphiQL on `GET /graphql` (set it in `.dev.vars` for `wrangler dev`); off unless set. */
      GRAPHIQL?: string;
    }
  }
}

type ServerContext = { c: Context<AppEnv> };

/** Whether this deployment serves GraphiQL: development only, when `GRAPHIQL` is "true". */
const graphiqlEnabled = (env: Env) => env.GRAPHIQL === "true";

let yoga: YogaServer<ServerContext> | undefined;

/** The GraphQL server, made once per isolate (building the schema and its caches is the costly part). */
function graphqlServer() {
  yoga ??= createYoga<ServerContext, Omit<GraphQLContext, "c">>({
    schema,
    graphqlEndpoint: "/graphql",
    context: ({ c }) => ({ db: c.var.db, callers: new Map() }),
    graphiql: (_request, { c }) => graphiqlEnabled(c.env),
    maskedErrors: { maskError },
    plugins: queryLimits(),
    // The app's middleware already answers CORS, logs each request and limits the body.
    cors: false,
    logging: false,
    landingPage: false,
  });
  return yoga;
}

const tags = ["GraphQL"];

const post = createRoute({
  method: "post",
  path: "/graphql",
  tags,
  summary: "Run a GraphQL operation on the CMS",
  description:
    "Queries need a viewer (or an X-API-Key with cms:read), mutations an editor (cms:write), deletions an admin; " +
    "refusals are GraphQL errors whose `extensions.code` is the REST API's. Depth at most 8, and a cost limit " +
    "(`query_too_deep`, `query_too_costly`). The schema is open to introspection.",
  request: { body: jsonBody(GraphQLRequestSchema) },
  responses: { 200: jsonContent(GraphQLResponseSchema, "The operation's data and errors"), ...problems(400, 413, 415) },
});

const graphiql = createRoute({
  method: "get",
  path: "/graphql",
  tags,
  summary: "GraphiQL, where the deployment sets GRAPHIQL=true (development); elsewhere 405",
  responses: {
    200: { description: "GraphiQL", content: { "text/html": { schema: z.string() } } },
    405: {
      description: "Not served here: send operations by POST",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});

/**
 * Hands the request to Yoga. Yoga answers in JSON with status 200 whatever GraphQL refused (the errors are in the
 * body); a refusal of the HTTP request itself becomes a problem, as everywhere in the API.
 */
async function runGraphQL(c: Context<AppEnv>, request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set("Accept", "application/json");
  headers.delete("Content-Length");
  const res = await graphqlServer().fetch(new Request(request, { headers }), { c });
  if (res.status < 400) return res;
  const body = (await res.json().catch(() => ({}))) as { errors?: { message?: string }[] };
  throw new ProblemError(400, "invalid_graphql_request", body.errors?.[0]?.message ?? "Not a GraphQL request.");
}

/**
 * `POST /graphql`: the CMS in GraphQL, for bearer tokens and API keys (see src/graphql/context.ts). The body is
 * checked as every JSON body of the API is (malformed_json, validation_failed), then run. `GET /graphql` serves
 * GraphiQL where `GRAPHIQL` is "true" (development); elsewhere it is a 405, since operations go by POST.
 */
export const graphqlRoutes = createRouter();
graphqlRoutes
  .openapi(post, (c) => {
    const body = JSON.stringify(c.req.valid("json"));
    // Yoga's answer is the documented GraphQL JSON, built by Yoga rather than by `c.json`.
    return runGraphQL(
      c,
      new Request(c.req.raw.url, { method: "POST", headers: c.req.raw.headers, body }),
    ) as Promise<never>;
  })
  .openapi(graphiql, (c) => {
    if (!graphiqlEnabled(c.env)) {
      throw new ProblemError(405, "method_not_allowed", "Send GraphQL operations by POST.", {
        headers: { Allow: "POST" },
      });
    }
    return graphqlServer().fetch(c.req.raw, { c });
  });
