import { describe, expect, it } from "vitest";
import { call, callJson, expectProblem, MISSING_ID } from "./helpers";

// Every operation the OpenAPI document says needs a token refuses a request without one: a 401 unauthorized problem,
// before it validates the body or looks anything up. The operations are read from the document the Worker serves,
// so a guarded route added later is checked here without a change to this file.

/** At least this many operations are guarded: the walk below cannot pass by finding none. */
const GUARDED_AT_LEAST = 40;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

/** A plausible value for each path parameter of the guarded routes. */
const PATH_VALUES: Record<string, string> = {
  id: MISSING_ID,
  language: "te",
  variant: "portrait",
  message_id: "1",
  product_id: MISSING_ID,
  kind: "audio",
  program_id: MISSING_ID,
  sender_key: "guest:192.0.2.1",
  version: "1",
};

type SecurityRequirement = Record<string, string[]>;

interface Operation {
  method: string;
  path: string;
}

/**
 * Whether `security` asks for credentials: at least one requirement, and none of them empty (an empty requirement,
 * `{}`, makes the credentials optional).
 */
const guards = (security: SecurityRequirement[] | undefined) =>
  security !== undefined && security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0);

const served = await callJson("GET", "/openapi.json");
const doc = served.body as {
  security?: SecurityRequirement[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], { security?: SecurityRequirement[] }>>>;
};

/** Every documented operation whose own `security`, or the document's, asks for a token. */
const guarded: Operation[] = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method] && guards(item[method].security ?? doc.security)).map((method) => ({
    method: method.toUpperCase(),
    path,
  })),
);

/** `path` with each `{name}` filled in from PATH_VALUES. */
function fill(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = PATH_VALUES[name];
    if (value === undefined) throw new Error(`no value for the path parameter {${name}} of ${path}: add one`);
    return value;
  });
}

describe("operations documented with security", () => {
  it(`are read from /openapi.json, at least ${GUARDED_AT_LEAST} of them`, () => {
    expect(served.status).toBe(200);
    expect(guarded.length).toBeGreaterThanOrEqual(GUARDED_AT_LEAST);
  });

  it.each(guarded.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    "%s answers 401 unauthorized without a token",
    async (_, { method, path }) => {
      const res = await call(method, fill(path), { body: WITH_BODY.has(method) ? {} : undefined });
      await expectProblem(res, 401, "unauthorized");
    },
  );
});
