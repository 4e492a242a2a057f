import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { logError } from "./log";
import { conflict, ProblemError, problemResponse } from "./problem";

/** Which kind of SQLite constraint an error from D1 (possibly wrapped by drizzle) reports, if any. */
export function constraintViolation(error: unknown): "unique" | "foreign_key" | "check" | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message.includes("UNIQUE constraint failed")) return "unique";
    if (e.message.includes("FOREIGN KEY constraint failed")) return "foreign_key";
    if (e.message.includes("CHECK constraint failed")) return "check";
  }
  return undefined;
}

/** SQLite constraint errors that slipped past validation still deserve a 4xx, never a 500. */
function constraintProblem(error: unknown): ProblemError | undefined {
  switch (constraintViolation(error)) {
    case "unique":
      return conflict("conflict", "That would duplicate an existing record.");
    case "foreign_key":
      return conflict("conflict", "That refers to a record that does not exist or is still in use.");
    case "check":
      return new ProblemError(422, "constraint_violation", "That change breaks a rule of the data model.");
    default:
      return undefined;
  }
}

function fromHttpException(error: HTTPException): ProblemError {
  switch (error.status) {
    case 400:
      return error.message.startsWith("Malformed JSON")
        ? new ProblemError(400, "malformed_json", "The request body is not valid JSON.")
        : new ProblemError(400, "bad_request", error.message || "The request is not valid.");
    case 413:
      return new ProblemError(413, "payload_too_large", "The request body is too large.");
    case 415:
      return new ProblemError(415, "unsupported_media_type", "Send the body as application/json.");
    default:
      return new ProblemError(error.status as ProblemError["status"], "http_error", error.message || "Request failed.");
  }
}

/** The problem an error is rendered as, when it is one the API explains (ours, Hono's, a broken constraint). */
export function toProblem(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  return constraintProblem(error);
}

export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  const requestId = c.get("requestId") ?? "";
  const problem = toProblem(error);
  if (problem) return problemResponse(problem, requestId);
  logError("unhandled_error", error, { request_id: requestId, method: c.req.method, path: c.req.path });
  return problemResponse(
    new ProblemError(500, "internal_error", "Something went wrong on our side; quote the request id if you report it."),
    requestId,
  );
};

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(new ProblemError(404, "not_found", `No route for ${c.req.path}.`), c.get("requestId") ?? "");

export const handleMethodNotAllowed = (c: Context<AppEnv>, allowed: string[]) => {
  const allow = allowed.join(", ");
  return problemResponse(
    new ProblemError(405, "method_not_allowed", `${c.req.method} is not allowed here; use ${allow}.`, {
      headers: { Allow: allow },
    }),
    c.get("requestId") ?? "",
  );
};
