import { describe, expect, it } from "vitest";
import { hasRole, ROLES, type Role } from "../src/auth/roles";
import { call, callJson, createUser, expectProblem, MISSING_ID } from "./helpers";

// Every operation the OpenAPI document says needs a token refuses a request without one: a 401 unauthorized problem,
// before it validates the body or looks anything up. The operations are read from the document the Worker serves,
// so a guarded route added later is checked here without a change to this file. Every operation whose `x-access`
// names a least role refuses each role below it with a 403 forbidden, also before anything else.

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

type DocumentedOperation = { security?: SecurityRequirement[]; "x-access"?: string };

/**
 * Whether `security` asks for credentials: at least one requirement, and none of them empty (an empty requirement,
 * `{}`, makes the credentials optional).
 */
const guards = (security: SecurityRequirement[] | undefined) =>
  security !== undefined && security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0);

const served = await callJson("GET", "/openapi.json");
const doc = served.body as {
  security?: SecurityRequirement[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], DocumentedOperation>>>;
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

/** Every documented operation whose `x-access` names a least role (not just "signed-in"), with that role. */
const roleGuarded: (Operation & { least: Role })[] = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  METHODS.flatMap((method) => {
    const least = item[method]?.["x-access"];
    return ROLES.includes(least as Role) ? [{ method: method.toUpperCase(), path, least: least as Role }] : [];
  }),
);

const accountOf = Object.fromEntries(
  await Promise.all(ROLES.map(async (role) => [role, await createUser(role)] as const)),
) as Record<Role, Awaited<ReturnType<typeof createUser>>>;

describe("operations documented with a least role", () => {
  it("are read from /openapi.json, each of viewer, editor and admin among them", () => {
    expect(new Set(roleGuarded.map((operation) => operation.least))).toEqual(new Set(["viewer", "editor", "admin"]));
  });

  it.each(roleGuarded.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    "%s answers 403 forbidden to every role below its x-access",
    async (_, { method, path, least }) => {
      const below = ROLES.filter((role) => !hasRole(role, least));
      expect(below.length).toBeGreaterThan(0);
      for (const role of below) {
        const res = await call(method, fill(path), {
          token: accountOf[role].token,
          body: WITH_BODY.has(method) ? {} : undefined,
        });
        await expectProblem(res, 403, "forbidden");
      }
    },
  );
});
