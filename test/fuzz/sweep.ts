import fc from "fast-check";
import { baselineDraft, type Draft, type FuzzCase, type GenContext, type Mutation } from "./cases";
import type { JsonSchema, Operation, Parameter } from "./openapi";
import { type Tagged, typesOf } from "./values";

// The bounds sweep: every documented parameter and top-level body field of every operation gets each value at and
// just past its schema's bounds, once, as an admin, with nothing else changed and no optional filter set. Random cases
// reach a given bound of a given field only now and then; a bug at a bound (a search term of 49 bytes) is found on
// every run this way.

/** Repeats `unit` to `length` UTF-16 code units. */
const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** The values at and just past `schema`'s bounds: lengths (in ASCII and in 3-byte Telugu) and numbers. */
export function boundaryValues(schema: JsonSchema): Tagged[] {
  const types = typesOf(schema);
  const values: Tagged[] = [];
  if (types.includes("string") && !schema.enum && !schema.pattern && !schema.format) {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength;
    if (max !== undefined) {
      values.push({ cls: "length at maxLength", value: repeatTo("a", max) });
      values.push({ cls: "multibyte text at maxLength", value: repeatTo("తె", max) });
      values.push({ cls: "length past maxLength", value: repeatTo("a", max + 1) });
    }
    const long = Math.max(min, Math.min(max ?? 64, 64));
    values.push({ cls: "long string within bounds", value: repeatTo("తెలుగు ", long) });
    values.push({ cls: "length at minLength", value: repeatTo("a", min) });
    if (min > 0) values.push({ cls: "length below minLength", value: repeatTo("a", min - 1) });
  }
  if (types.includes("integer") || types.includes("number")) {
    const { minimum, maximum } = schema;
    if (minimum !== undefined) values.push({ cls: "number at bound", value: minimum });
    if (maximum !== undefined) values.push({ cls: "number at bound", value: maximum });
    if (minimum !== undefined) values.push({ cls: "number past bound", value: minimum - 1 });
    if (maximum !== undefined) values.push({ cls: "number past bound", value: maximum + 1 });
    if (types.includes("integer")) values.push({ cls: "fractional number", value: (minimum ?? 0) + 0.5 });
  }
  return values;
}

/** One change: `site`'s value replaced by `tagged`'s. */
function setting(site: Parameter | { in: "body"; name: string }, { cls, value }: Tagged): Mutation {
  return {
    label: `${site.in === "body" ? "body." : `${site.in} `}${site.name}: ${cls}`,
    apply: (d: Draft) => {
      const text = String(value);
      if (site.in === "body") {
        if (d.body && typeof d.body.json === "object" && d.body.json !== null) {
          (d.body.json as Record<string, unknown>)[site.name] = value;
        }
      } else if (site.in === "path") d.pathValues[site.name] = { value: text, raw: false };
      else if (site.in === "header") d.headers[site.name] = text;
      else d.query = [...d.query.filter((q) => q.name !== site.name), { name: site.name, value: text, raw: false }];
    },
  };
}

/**
 * The sweep's cases for `op`: one per bound of each of its parameters and top-level JSON body fields, each on a
 * valid request (drawn with `seed`) with no optional query parameter, sent by an admin.
 */
export function sweepCases(
  op: Operation,
  ctx: GenContext,
  poolKey: (p: Parameter) => string,
  seed: number,
): FuzzCase[] {
  const [draft] = fc.sample(baselineDraft(op, ctx, poolKey), { seed, numRuns: 1 });
  if (!draft) return [];
  const required = new Set(op.params.filter((p) => p.required).map((p) => p.name));
  const baseline: Draft = { ...draft, query: draft.query.filter((q) => required.has(q.name)) };
  const jsonBody = baseline.body?.json !== undefined && op.body?.json?.properties;
  const sites = [
    ...op.params.map((p) => ({ site: p as Parameter | { in: "body"; name: string }, schema: p.schema })),
    ...Object.entries((jsonBody && op.body?.json?.properties) || {}).map(([name, schema]) => ({
      site: { in: "body" as const, name },
      schema,
    })),
  ];
  return sites.flatMap(({ site, schema }) =>
    boundaryValues(schema).map(
      (tagged): FuzzCase => ({ op, caller: "admin", badToken: 0, baseline, mutations: [setting(site, tagged)] }),
    ),
  );
}
