import fc from "fast-check";
import { hasRole, ROLES, type Role } from "../../src/auth/roles";
import { type BodyDraft, binaryBodyMutations, fieldMutations, pngWith, wholeBodyMutations } from "./bodies";
import type { Operation, Parameter } from "./openapi";
import { headerText, hostileParam, oddQuery, type ParamValue } from "./params";
import { hostileString, validValue } from "./values";

// A case: an operation, a caller, a valid request for it (the baseline) and up to two changes that make it hostile,
// each labelled with its input class. Cases are plain data, so one can be replayed with fewer changes.

/** Who sends a case: nobody, someone with a bad Authorization header, or an account of each role. */
export type Caller = "anonymous" | "bad token" | Role;
export const CALLERS: readonly Caller[] = ["anonymous", "bad token", ...ROLES];

/**
 * Callers of `op`, weighted towards those its `x-access` lets through (over half the cases, admins favoured): the
 * others are refused at the guard, which a few cases check well enough, and reach nothing else.
 */
function callerArbitrary(op: Operation): fc.Arbitrary<Caller> {
  const { access } = op;
  const allowed = (caller: Caller) =>
    !access ||
    (caller !== "anonymous" && caller !== "bad token" && (access === "signed-in" || hasRole(caller, access)));
  const through = CALLERS.filter(allowed);
  const weight = (caller: Caller) =>
    (allowed(caller) ? (CALLERS.length * 2) / through.length : 2) + (caller === "admin" ? 2 : 0);
  return fc.oneof(...CALLERS.map((caller) => ({ arbitrary: fc.constant(caller), weight: weight(caller) })));
}

/** A request before it is sent: the parts the changes work on. */
export interface Draft {
  method: string;
  pathValues: Record<string, ParamValue>;
  /** Applied to the path once its parameters are filled in (trailing slash, doubled slash…). */
  pathShape?: "trailing slash" | "doubled slash" | "extra segment" | "upper case";
  query: { name: string; value?: string; raw: boolean }[];
  headers: Record<string, string>;
  body?: BodyDraft;
}

/** One change to a draft, labelled `site: input class` (e.g. `query q: huge string`). */
export interface Mutation {
  label: string;
  apply(draft: Draft): void;
}

export interface FuzzCase {
  op: Operation;
  caller: Caller;
  /** Which of the bad Authorization headers a "bad token" caller sends. */
  badToken: number;
  baseline: Draft;
  mutations: Mutation[];
}

/** What the generators may draw on: every operation, the ids seen so far by collection, real cursors. */
export interface GenContext {
  operations: Operation[];
  ids(key: string): string[];
  cursors: string[];
}

const paramsIn = (op: Operation, where: Parameter["in"]) => op.params.filter((p) => p.in === where);

/** A valid value for a parameter: an id seen in its collection when it names one, else one its schema accepts. */
function validParam(p: Parameter, ctx: GenContext, key: string): fc.Arbitrary<string> {
  const fromSchema = validValue(p.schema).map(String);
  const seen = p.name === "cursor" ? ctx.cursors : ctx.ids(key);
  return seen.length ? fc.oneof({ arbitrary: fc.constantFrom(...seen), weight: 4 }, fromSchema) : fromSchema;
}

/** A request the operation's documentation says is valid (the JSON body from its schema, or image bytes). */
export function baselineDraft(op: Operation, ctx: GenContext, poolKey: (p: Parameter) => string): fc.Arbitrary<Draft> {
  const path = paramsIn(op, "path").map((p) =>
    validParam(p, ctx, poolKey(p)).map((value) => [p.name, { value, raw: false }] as const),
  );
  // Every required query parameter, and one optional one half the time: filters that match nothing would keep a
  // list's search or paging from running at all.
  const sent = (p: Parameter) => validParam(p, ctx, poolKey(p)).map((value) => ({ name: p.name, value, raw: false }));
  const optional = paramsIn(op, "query").filter((p) => !p.required);
  const query = [
    ...paramsIn(op, "query")
      .filter((p) => p.required)
      .map(sent),
    ...(optional.length ? [fc.option(fc.oneof(...optional.map(sent)), { nil: undefined, freq: 2 })] : []),
  ];
  // Optional headers (If-None-Match, Range…) are left to the changes, which name what they send.
  const headers = paramsIn(op, "header")
    .filter((p) => p.required)
    .map((p) => validParam(p, ctx, "").map((value) => [p.name, headerText(value)] as const));
  const json = op.body?.json;
  const body: fc.Arbitrary<BodyDraft | undefined> = !op.body
    ? fc.constant(undefined)
    : fc.oneof(
        ...(json ? [validValue(json).map((value) => ({ json: value, contentType: "application/json" }))] : []),
        ...(op.body.binary
          ? [
              fc
                .uint8Array({ minLength: 8, maxLength: 8 })
                .map((salt) => ({ raw: pngWith([...salt]), contentType: "image/png" })),
            ]
          : []),
      );
  return fc.record({ path: fc.tuple(...path), query: fc.tuple(...query), headers: fc.tuple(...headers), body }).map(
    (parts): Draft => ({
      method: op.method,
      pathValues: Object.fromEntries(parts.path),
      query: parts.query.filter((q) => q !== undefined),
      headers: Object.fromEntries(parts.headers),
      body: parts.body,
    }),
  );
}

const WITHOUT_BODY = new Set(["GET", "HEAD"]);

/** Changes to the parameters the operation documents: one value replaced by a hostile one. */
function parameterMutations(op: Operation, ctx: GenContext): fc.Arbitrary<Mutation> | undefined {
  if (!op.params.length) return undefined;
  return fc.constantFrom(...op.params).chain((p) =>
    hostileParam(p, ctx.cursors).map(
      ({ cls, value }): Mutation => ({
        label: `${p.in} ${p.name}: ${cls}`,
        apply: (d) => {
          if (p.in === "path") d.pathValues[p.name] = value;
          else if (p.in === "header") d.headers[p.name] = value.value;
          else d.query = [...d.query.filter((q) => q.name !== p.name), { name: p.name, ...value }];
        },
      }),
    ),
  );
}

/** Changes to the body: the whole body, one field of it, its content type; a body where none is documented. */
function bodyMutations(op: Operation): fc.Arbitrary<Mutation> | undefined {
  if (WITHOUT_BODY.has(op.method)) return undefined;
  const site = op.body ? "" : "unexpected ";
  const arbs = [wholeBodyMutations()];
  if (op.body?.json?.properties) arbs.push(fieldMutations(op.body.json));
  if (op.body?.binary) arbs.push(binaryBodyMutations());
  return fc.oneof(...arbs).map((m) => ({
    label: site + m.label,
    apply: (d: Draft) => {
      d.body ??= { json: {}, contentType: "application/json" };
      m.apply(d.body);
    },
  }));
}

/** Changes any operation may meet: another method, a mangled path, odd query strings and odd common headers. */
function requestMutations(op: Operation, ctx: GenContext): fc.Arbitrary<Mutation> {
  const documented = ctx.operations.filter((o) => o.path === op.path).map((o) => o.method);
  const others = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "patch"].filter(
    (m) => !documented.includes(m),
  );
  const methods = [
    ...others.map((m) => [m, "undocumented method"]),
    ...(op.method === "GET" ? [["HEAD", "HEAD"]] : []),
  ];
  const queryNames = op.params.filter((p) => p.in === "query").map((p) => p.name);
  const header = (name: string, cls: string, arb: fc.Arbitrary<string>) =>
    arb.map(
      (value): Mutation => ({
        label: `header ${name}: ${cls}`,
        apply: (d) => {
          d.headers[name] = value;
        },
      }),
    );
  return fc.oneof(
    fc.constantFrom(...methods).map(
      ([method, cls]): Mutation => ({
        label: `method: ${cls}`,
        apply: (d) => {
          d.method = method as string;
        },
      }),
    ),
    fc.constantFrom("trailing slash", "doubled slash", "extra segment", "upper case" as const).map(
      (shape): Mutation => ({
        label: `path: ${shape}`,
        apply: (d) => {
          d.pathShape = shape;
        },
      }),
    ),
    oddQuery(queryNames).map(
      ({ cls, value }): Mutation => ({
        label: `query: ${cls}`,
        apply: (d) => {
          d.query.push(...value);
        },
      }),
    ),
    header(
      "x-request-id",
      "hostile",
      hostileString({ maxLength: 200 }, 1_000).map((t) => headerText(t.value)),
    ),
    header("origin", "hostile", fc.constantFrom("null", "https://evil.test", "http://", "x".repeat(3000), "*")),
    header("accept", "odd", fc.constantFrom("text/event-stream", "application/xml", "*/*;q=x", "", "image/*")),
    ...(op.method === "GET" ? [header("upgrade", "websocket", fc.constant("websocket"))] : []),
  );
}

/** Every kind of change that applies to `op`, weighted towards its own parameters and body. */
export function mutationArbitrary(op: Operation, ctx: GenContext): fc.Arbitrary<Mutation> {
  const own = [parameterMutations(op, ctx), bodyMutations(op)].filter((a) => a !== undefined);
  return fc.oneof(...own.map((arbitrary) => ({ arbitrary, weight: 4 })), {
    arbitrary: requestMutations(op, ctx),
    weight: 2,
  });
}

/** Cases for `op`: every caller, a valid baseline, and no change (the baseline as it is), one or two. */
export function caseArbitrary(
  op: Operation,
  ctx: GenContext,
  poolKey: (p: Parameter) => string,
): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      caller: callerArbitrary(op),
      badToken: fc.nat(),
      baseline: baselineDraft(op, ctx, poolKey),
      // One change mostly, so that a failure has one cause; none (one in ten), or two, at times.
      mutations: fc.oneof(
        { arbitrary: fc.constant([] as Mutation[]), weight: 1 },
        { arbitrary: fc.tuple(mutationArbitrary(op, ctx)).map((m): Mutation[] => m), weight: 6 },
        {
          arbitrary: fc.tuple(mutationArbitrary(op, ctx), mutationArbitrary(op, ctx)).map((m): Mutation[] => m),
          weight: 3,
        },
      ),
    })
    .map((parts) => ({ op, ...parts }));
}
