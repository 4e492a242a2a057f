import type { ClientErrorStatusCode, ServerErrorStatusCode } from "hono/utils/http-status";

export type ErrorStatus = ClientErrorStatusCode | ServerErrorStatusCode;

/** One problem with one field of the request, e.g. `{ path: "email", message: "Invalid email address" }`. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The RFC 9457 body every error response carries. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldProblem[];
  request_id: string;
  /** Extension members a problem type defines, e.g. `from` and `to` of an invalid_transition. */
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  422: "Unprocessable Content",
  426: "Upgrade Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/**
 * An error that becomes a problem+json response. Throw it anywhere below the app; `handleError` renders it.
 * `code` is the stable machine word clients branch on; `detail` is for people.
 */
export class ProblemError extends Error {
  readonly errors?: FieldProblem[];
  readonly headers?: Record<string, string>;
  readonly extensions?: Record<string, unknown>;

  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    readonly detail: string,
    options: {
      errors?: FieldProblem[];
      headers?: Record<string, string>;
      extensions?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = "ProblemError";
    this.errors = options.errors;
    this.headers = options.headers;
    this.extensions = options.extensions;
  }
}

export function problemBody(error: ProblemError, requestId: string): ProblemBody {
  return {
    type: `urn:problem:${error.code}`,
    title: TITLES[error.status] ?? "Error",
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...error.extensions,
    ...(error.errors?.length ? { errors: error.errors } : {}),
    request_id: requestId,
  };
}

export function problemResponse(error: ProblemError, requestId: string): Response {
  const headers = new Headers(error.headers);
  headers.set("Content-Type", "application/problem+json");
  return new Response(JSON.stringify(problemBody(error, requestId)), { status: error.status, headers });
}

// Constructors for the problems every module raises, so that codes and wording stay the same everywhere.

export const notFound = (what = "resource") => new ProblemError(404, "not_found", `No such ${what}.`);

export const validationFailed = (errors: FieldProblem[], detail = "The request is not valid.") =>
  new ProblemError(400, "validation_failed", detail, { errors });

export const unauthorized = (code: string, detail: string) =>
  new ProblemError(401, code, detail, { headers: { "WWW-Authenticate": 'Bearer realm="api"' } });

export const forbidden = (detail = "Your role does not allow this.") => new ProblemError(403, "forbidden", detail);

export const conflict = (code: string, detail: string, errors?: FieldProblem[]) =>
  new ProblemError(409, code, detail, { errors });

/**
 * 412: a precondition of the request (If-Match, If-Unmodified-Since) does not hold. A write refused for a stale
 * If-Match passes the resource as it is now in `extensions` (and its `ETag` in `headers`), so the client can show it.
 */
export const preconditionFailed = (
  detail: string,
  options: { headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
) => new ProblemError(412, "precondition_failed", detail, options);

/** 429 with `Retry-After`, and any other headers the limit's answer carries (e.g. the RateLimit fields). */
export const rateLimited = (retryAfterSeconds: number, headers: Record<string, string> = {}) =>
  new ProblemError(429, "rate_limited", "Too many requests; slow down and try again later.", {
    headers: { ...headers, "Retry-After": String(retryAfterSeconds) },
  });
