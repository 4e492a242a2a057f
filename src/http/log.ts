/** Structured logs: one JSON object per line, which Workers Logs and `wrangler tail` index field by field. */
export function logInfo(msg: string, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ level: "info", msg, ...fields }));
}

// What an error's text may carry that a log must not: the bound values of a failed query (drizzle lists them after
// "params:"; they hold password hashes, tokens and emails), access tokens, password hashes, and `password=…`-style
// pairs a message may quote.
const SECRETS: [RegExp, string][] = [
  [/^params: .*$/gm, "params: [redacted]"],
  [/\bBearer\s+\S+/gi, "Bearer [redacted]"],
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]+/g, "[redacted token]"],
  [/\bpbkdf2-sha256\$\S+/g, "[redacted hash]"],
  [/\b(password|passwd|secret|token|access_token|authorization)(\s*[=:]\s*)("[^"]*"|\S+)/gi, "$1$2[redacted]"],
];

/** `text` with anything that looks like a secret replaced. */
export function redact(text: string): string {
  return SECRETS.reduce((redacted, [pattern, replacement]) => redacted.replace(pattern, replacement), text);
}

/** The causes under `error` (`error.cause`, its cause, …), each as `Name: message`; bounded, in case of a cycle. */
function causesOf(error: unknown): string[] {
  const causes: string[] = [];
  for (let cause = (error as { cause?: unknown })?.cause; cause !== undefined && causes.length < 10; ) {
    causes.push(redact(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return causes;
}

/**
 * An error log line: the message, its stack and its causes, so the reason is in the log (a failed query's own message
 * says little; its cause says what D1 answered), with anything that looks like a secret redacted.
 */
export function logError(msg: string, error: unknown, fields: Record<string, unknown>): void {
  const detail =
    error instanceof Error
      ? { error: redact(error.message), stack: error.stack && redact(error.stack), causes: causesOf(error) }
      : { error: redact(String(error)) };
  console.error(JSON.stringify({ level: "error", msg, ...fields, ...detail }));
}
