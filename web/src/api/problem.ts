import type { components } from "./openapi";

/** An RFC 9457 problem, as every error of the API is shaped (`Problem` in /openapi.json). */
export type Problem = components["schemas"]["Problem"];

/** What a person reads for each stable `code`; a code not listed here falls back to the problem's own `detail`. */
const WORDS_BY_CODE: Record<string, string> = {
  validation_failed: "Some of this needs another look.",
  malformed_json: "The page sent something the server could not read. Reload the page and try again.",
  already_subscribed: "This email is already on the list.",
  invalid_credentials: "That email and password do not match an account.",
  unauthorized: "Please sign in first.",
  token_expired: "Your session has ended. Please sign in again.",
  invalid_token: "Your session is no longer valid. Please sign in again.",
  forbidden: "Your account is not allowed to do that.",
  not_found: "We could not find that. It may have been moved or unpublished.",
  rate_limited: "That was a lot of tries in a short time. Wait a minute, then try again.",
  invalid_cursor: "That list has changed. Start again from the first page.",
  auth_unavailable: "Signing in is not possible right now. Please try again later.",
  email_taken: "There is already an account with this email.",
  insufficient_stock: "We do not have that many of this watch.",
  cart_empty: "Your cart is empty.",
  invalid_transition: "This order can no longer be changed that way.",
  network_error: "We could not reach the server. Check your connection and try again.",
  internal_error: "Something went wrong on our side. Please try again in a moment.",
};

/** Words for a field's problem under a given code, where the API's own message is written for developers. */
const FIELD_WORDS_BY_CODE: Record<string, Record<string, string>> = {
  already_subscribed: { email: "This email is already subscribed." },
  email_taken: { email: "There is already an account with this email. Sign in instead, or use another email." },
};

/** zod's generic messages, as a person would put them. */
function fieldWords(message: string): string {
  if (/^Too small: expected string to have >=1 character/.test(message)) return "Please fill this in.";
  if (/^Invalid input: expected \w+, received undefined/.test(message)) return "Please fill this in.";
  if (/^Too big: expected string to have <=(\d+) characters/.test(message)) {
    return `Please keep this under ${/<=(\d+)/.exec(message)?.[1]} characters.`;
  }
  return message;
}

/**
 * A failed API call: the problem the API answered with (or one made up here for a network failure or an answer
 * that was not a problem), with its `code` and field errors turned into words for the page.
 *
 * @example
 * catch (error) { if (error instanceof ApiError) setErrors(error.fieldErrors()); }
 */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
    this.problem = problem;
  }

  get code(): string {
    return this.problem.code;
  }

  get status(): number {
    return this.problem.status;
  }

  /** What went wrong, for the person at the page. */
  get words(): string {
    return WORDS_BY_CODE[this.problem.code] ?? this.problem.detail ?? "Something went wrong.";
  }

  /** Each field's problem in words, by the field's path in the request (`email`, `name`, `to`…). */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const { path, message } of this.problem.errors ?? []) {
      errors[path] ??= FIELD_WORDS_BY_CODE[this.problem.code]?.[path] ?? fieldWords(message);
    }
    return errors;
  }

  /** A problem not from the API: the network failed, or the answer was not a problem (a proxy's error page). */
  static local(code: string, status: number, detail: string): ApiError {
    return new ApiError({ type: `urn:problem:${code}`, title: code, status, detail, code, request_id: "" });
  }
}

/** Whether `value` has the shape of a problem, i.e. came from the API. */
export function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "code" in value && "status" in value;
}
