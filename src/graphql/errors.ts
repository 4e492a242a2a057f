import { GraphQLError } from "graphql";
import { toProblem } from "../http/errors";
import { logError } from "../http/log";

/**
 * What a GraphQL client sees of an error, in place of Yoga's default masking: a problem the REST API would answer
 * becomes a GraphQL error with the same `code`, its HTTP `status`, its field problems (`errors: [{ path, message }]`)
 * and its other members (`from` and `to` of an invalid_transition…) in `extensions`; GraphQL's own errors (syntax,
 * validation, the limits) pass as they are; anything else is logged and masked, never showing internals.
 */
export function maskError(error: unknown): Error {
  if (!(error instanceof GraphQLError)) return masked(error);
  const cause = error.originalError;
  if (cause === undefined || cause === null || cause instanceof GraphQLError) return error;
  const problem = toProblem(cause);
  if (!problem) return masked(cause, error);
  return new GraphQLError(problem.detail, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: {
      ...problem.extensions,
      code: problem.code,
      status: problem.status,
      ...(problem.errors?.length ? { errors: problem.errors } : {}),
    },
  });
}

function masked(cause: unknown, error?: GraphQLError): GraphQLError {
  logError("graphql_unhandled_error", cause, { path: error?.path?.join(".") });
  return new GraphQLError("Something went wrong on our side; quote the request id if you report it.", {
    nodes: error?.nodes,
    path: error?.path,
    extensions: { code: "internal_error", status: 500 },
  });
}
