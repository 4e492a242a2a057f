import type { Context } from "hono";
import type { AppEnv } from "../env";
import { createRouter } from "../http/openapi";
import { ProblemError } from "../http/problem";
import type { GraphQLContext } from "./context";
import { maskError } from "./errors";
import { queryLimits } from "./limits";
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

/**
 * `POST /graphql`: the CMS in GraphQL, for bearer tokens and API keys (see src/graphql/context.ts). `GET /graphql`
 * serves GraphiQL where `GRAPHIQL` is "true" (development); elsewhere it is a 405, since operations go by POST.
 */
export const graphqlRoutes = createRouter()
  .post("/graphql", (c) => graphqlServer().fetch(c.req.raw, { c }))
  .get("/graphql", (c) => {
    if (!graphiqlEnabled(c.env)) {
      throw new ProblemError(405, "method_not_allowed", "Send GraphQL operations by POST.", {
        headers: { Allow: "POST" },
      });
    }
    return graphqlServer().fetch(c.req.raw, { c });
  });
