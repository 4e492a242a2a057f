import { hasRole } from "../../src/auth/roles";
import type { Caller } from "./cases";
import type { Operation } from "./openapi";
import type { Outcome, SentRequest } from "./send";

// What every answer must be, whatever was sent: no 5xx; every 4xx an RFC 9457 problem with a stable code, its
// status and the request id; no 2xx that the operation's `x-access` forbids the caller; event streams framed.

/** One broken rule: a short kind (for grouping) and what exactly was wrong. */
export interface Failure {
  kind: string;
  detail: string;
}

/** The stable machine word of a problem's `code`. */
const CODE = /^[a-z][a-z0-9_]*$/;

/**
 * A line of the opening of an event stream: a comment, a field, or the blank line that ends a frame. Only CR and LF
 * end a line in an event stream (U+2028 and NEL do not), and an id must not hold a NUL.
 */
const SSE_LINE = /^(:[^\r]*|id: [^\r\0]*|event: [\w-]+|data: [^\r]*|retry: \d+|)$/;

function problemFailures(request: SentRequest, outcome: Outcome): Failure[] {
  const { status, headers } = outcome;
  const type = headers.get("Content-Type");
  if (type !== "application/problem+json") {
    return [{ kind: "4xx is not application/problem+json", detail: `Content-Type: ${type}` }];
  }
  if (request.method === "HEAD") return [];
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(outcome.text);
  } catch {
    return [{ kind: "4xx body is not JSON", detail: outcome.text.slice(0, 200) }];
  }
  const failures: Failure[] = [];
  const fail = (kind: string, detail: string) => failures.push({ kind, detail });
  const { code } = problem;
  if (typeof code !== "string" || !CODE.test(code)) fail("4xx problem without a stable code", `code: ${code}`);
  if (problem.type !== `urn:problem:${code}`) fail("problem type is not urn:problem:<code>", `type: ${problem.type}`);
  if (problem.status !== status) fail("problem status is not the HTTP status", `status: ${problem.status}`);
  if (typeof problem.title !== "string" || typeof problem.detail !== "string") {
    fail("problem without title or detail", JSON.stringify(problem));
  }
  const requestId = headers.get("X-Request-Id");
  if (!requestId || problem.request_id !== requestId) {
    fail("problem request_id is not X-Request-Id", `request_id ${problem.request_id}, header ${requestId}`);
  }
  if (status === 401 && !/^Bearer /.test(headers.get("WWW-Authenticate") ?? "")) {
    fail("401 without a Bearer challenge", `WWW-Authenticate: ${headers.get("WWW-Authenticate")}`);
  }
  return failures;
}

function accessFailures(request: SentRequest, caller: Caller, serving: Operation | undefined): Failure[] {
  if (!serving) {
    const allowed = request.method === "OPTIONS";
    return allowed ? [] : [{ kind: "2xx from no documented operation", detail: `${request.method} ${request.target}` }];
  }
  const access = serving.access;
  if (!access) return [];
  if (caller === "anonymous" || caller === "bad token") {
    return [{ kind: "2xx without valid credentials", detail: `${serving.id} needs ${access}` }];
  }
  if (access !== "signed-in" && !hasRole(caller, access)) {
    return [
      { kind: "2xx for a role below the required one", detail: `${serving.id} needs ${access}, sent as ${caller}` },
    ];
  }
  return [];
}

function successFailures(request: SentRequest, outcome: Outcome): Failure[] {
  const type = outcome.headers.get("Content-Type") ?? "";
  if (type.startsWith("text/event-stream")) {
    // Only whole lines: the first chunk may end in the middle of one.
    const lines = outcome.text.split("\n").slice(0, -1);
    const bad = lines.find((line) => !SSE_LINE.test(line));
    return bad === undefined ? [] : [{ kind: "event stream badly framed", detail: JSON.stringify(bad) }];
  }
  if (type.startsWith("application/json") && request.method !== "HEAD" && outcome.text) {
    try {
      JSON.parse(outcome.text);
    } catch {
      return [{ kind: "2xx JSON body does not parse", detail: outcome.text.slice(0, 200) }];
    }
  }
  return [];
}

/**
 * The rules `outcome` breaks, as the answer to `request` sent by `caller` and served by `serving` (the documented
 * operation the URL landed on, if any). An empty list is a pass.
 */
export function judge(request: SentRequest, outcome: Outcome, caller: Caller, serving?: Operation): Failure[] {
  const { status } = outcome;
  if (outcome.thrown) return [{ kind: "the Worker threw", detail: outcome.thrown }];
  if (status >= 500) return [{ kind: "5xx", detail: "" }];
  if (status >= 400) return problemFailures(request, outcome);
  if (status >= 300) {
    const documented = status === 304 || serving?.statuses.includes(String(status));
    return documented
      ? []
      : [{ kind: "undocumented redirect", detail: `Location: ${outcome.headers.get("Location")}` }];
  }
  if (status >= 200) return [...accessFailures(request, caller, serving), ...successFailures(request, outcome)];
  return status === 101 ? [] : [{ kind: "unexpected status", detail: String(status) }];
}

/** `text` cut to `max` characters, saying how long it was. */
export const clip = (text: string, max = 240) =>
  text.length <= max ? text : `${text.slice(0, max)}…(${text.length} chars in all)`;

const bodyText = (body: SentRequest["body"]) =>
  body === undefined ? "(none)" : typeof body === "string" ? JSON.stringify(clip(body)) : `${body.length} bytes`;

/** A failing request and its answer, in full enough to replay: method, target, headers, body, status, body text. */
export function describeFailure(request: SentRequest, caller: Caller, outcome: Outcome, failure: Failure): string {
  const headers = Object.entries(request.headers)
    .filter(([name]) => name !== "cf-connecting-ip")
    .map(([name, value]) =>
      name === "authorization" && caller !== "bad token"
        ? `${name}: Bearer <${caller} token>`
        : `${name}: ${clip(value, 120)}`,
    );
  return [
    `${failure.kind}: ${outcome.status} — input: ${request.labels.join(" + ") || "valid request"} — as ${caller}`,
    `    ${request.method} ${clip(request.target, 300)}`,
    `    headers: ${headers.join(" | ") || "(none)"}`,
    `    body: ${bodyText(request.body)}`,
    `    → ${outcome.status} ${outcome.headers.get("Content-Type") ?? ""} ${clip(outcome.text, 300)}`,
    ...(failure.detail ? [`    (${clip(failure.detail, 200)})`] : []),
  ].join("\n");
}
