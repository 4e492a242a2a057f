import type { GraphQLSchema } from "graphql";

/** The options of graphql-yoga's `createYoga` that the app sets (see Yoga's YogaServerOptions). */
export interface YogaOptions<ServerContext, UserContext> {
  schema: GraphQLSchema;
  graphqlEndpoint: string;
  context: (initial: ServerContext & { request: Request }) => UserContext | Promise<UserContext>;
  graphiql: boolean | ((request: Request, serverContext: ServerContext) => boolean);
  maskedErrors: { maskError: (error: unknown, message: string, isDev?: boolean) => Error };
  /** Envelop plugins, e.g. graphql-armor's. */
  plugins: unknown[];
  cors: boolean;
  logging: boolean;
  landingPage: boolean;
}

export interface YogaServer<ServerContext> {
  fetch(request: Request, serverContext: ServerContext): Response | Promise<Response>;
}

export function createYoga<ServerContext extends object, UserContext extends object>(
  options: YogaOptions<ServerContext, UserContext>,
): YogaServer<ServerContext>;
