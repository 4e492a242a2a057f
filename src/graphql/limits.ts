import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { GraphQLError, type ValidationContext } from "graphql";

/**
 * How deep an operation may nest: `programs → edges → node → terms → lessons → assets → url` is 7; a deeper one only
 * walks the cycles of the graph (lesson → program → terms → lessons…).
 */
export const MAX_DEPTH = 8;

/**
 * The most an operation may cost, as graphql-armor counts it: each field costs 1 (2 with a selection), multiplied by
 * 1.5 per level below the root and by a literal `first`. The nested list of 100 programs with their terms, lessons
 * and a dozen fields each stays well under it; hundreds of aliased copies of it do not.
 */
export const MAX_COST = 50_000;

/** The armor's rejection, reported as one validation error with a stable code and no partial result. */
const rejectWith =
  (code: string, message: string) =>
  (context: ValidationContext | null, error: GraphQLError): void => {
    const reason = error.message.replace(/^Syntax Error: /, "");
    context?.reportError(new GraphQLError(`${message} ${reason}`, { extensions: { code, status: 400 } }));
  };

/**
 * The limits every operation is checked against while it is validated, before any resolver (or D1 query) runs:
 * `query_too_deep` past MAX_DEPTH, `query_too_costly` past MAX_COST.
 */
export const queryLimits = () => [
  maxDepthPlugin({
    n: MAX_DEPTH,
    propagateOnRejection: false,
    onReject: [rejectWith("query_too_deep", "The query nests too deeply.")],
  }),
  costLimitPlugin({
    maxCost: MAX_COST,
    propagateOnRejection: false,
    onReject: [rejectWith("query_too_costly", "The query asks for too much at once.")],
  }),
];
