import fc from "fast-check";
import type { JsonSchema } from "./openapi";

// Arbitraries for single values: schema-valid ones (the baseline every case starts from) and hostile ones, each
// tagged with the input class it belongs to, so that a failure can be reported as "route + input class + status".

/** A generated value and the input class it stands for, e.g. `{ cls: "huge string", value: "ababab…" }`. */
export interface Tagged<T = unknown> {
  cls: string;
  value: T;
}

const tag = <T>(cls: string, arb: fc.Arbitrary<T>): fc.Arbitrary<Tagged<T>> => arb.map((value) => ({ cls, value }));

/** Text in many scripts and Unicode oddities: one sample each of what a real user (or a hostile one) types. */
export const SCRIPTS = [
  "తెలుగు భాష",
  "हिन्दी",
  "漢字かなカナ",
  "한국어",
  "العربية\u200f",
  "עברית",
  "русский",
  "ελληνικά",
  "ภาษาไทย",
  "አማርኛ",
  "👩🏽‍💻🏳️‍🌈🇮🇳",
  "e\u0301\u0308\u0323",
  "Z\u0351\u0357\u0300\u0336a\u0353l\u0327\u0360g\u0316o",
  "\u200b\u200c\u200d\ufeff",
  "\u202eevil\u202c",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "ﷺ",
  "ǅ ß ﬃ İ",
];

const CONTROLS = ["\u0000", "\r", "\n", "\r\n", "\t", "\u0001", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u2028"];
const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  "%",
  "_",
  "%_%",
  "\\",
  '"',
  '"abc*',
  "NEAR(a b)",
  "a AND OR NOT",
  "*",
  "^",
  "-",
  "{}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "$" + "{jndi:ldap://x}",
  "{{7*7}}",
  "%s%n%x",
  "\\u0000",
];
const NUMBER_LIKE = [
  "NaN",
  "Infinity",
  "-Infinity",
  "1e3",
  "1e309",
  "0x10",
  "0b1",
  "1_000",
  " 5 ",
  "+5",
  "5.0",
  "05",
  "-0",
  "٣",
  "１２",
  "null",
  "true",
  "[]",
  "{}",
  "9".repeat(400),
];
const LONE_SURROGATES = ["\ud800", "a\udfffb", "\ufffe\uffff", "\u{10ffff}", "\ud83d"];

/** `text` with each lone surrogate replaced by U+FFFD, as UTF-8 (a URL, a header) can carry it. */
export const wellFormed = (text: string) =>
  text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

/** Unicode text: samples of many scripts, combining marks, emoji and invisible characters, in a random mix. */
export const unicodeText = fc
  .array(fc.constantFrom(...SCRIPTS), { minLength: 1, maxLength: 6 })
  .chain((parts) => fc.string({ unit: "grapheme", maxLength: 8 }).map((extra) => parts.join(" ") + extra));

/** Text with NUL, CR, LF and other control characters mixed into ordinary words. */
export const controlText = fc
  .array(fc.oneof(fc.constantFrom(...CONTROLS), fc.constantFrom("abc", "x", " ")), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(""));

/** Repeats `unit` to about `length` UTF-16 code units. */
const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/**
 * Hostile strings for a field whose schema is `schema`: empty, blank, unicode, control characters, injection-like,
 * number-like, lone surrogates; long strings within the schema's bounds (in multibyte text too: bounds count UTF-16
 * units, storage and SQL count bytes), lengths at, below and just past the bounds; huge ones (`hugeUpTo` code units at
 * most, to stay under the body or URL limits of where the value goes). Lengths get twice the weight of the rest.
 */
export function hostileString(schema: JsonSchema = {}, hugeUpTo = 100_000): fc.Arbitrary<Tagged<string>> {
  const max = schema.maxLength;
  const min = schema.minLength ?? 0;
  const fill = fc.constantFrom("a", "తె", "😀", "e\u0301", "%", " ", "Z\u0000");
  const sized = (cls: string, length: fc.Arbitrary<number>) =>
    tag(
      cls,
      fc.tuple(fill, length).map(([unit, n]) => repeatTo(unit, n)),
    );
  const longest = Math.max(min, max ?? 1_000);
  const lengths = [
    sized("long string within bounds", fc.integer({ min: Math.max(min, Math.min(40, longest)), max: longest })),
    tag(
      "any unicode within bounds",
      fc.string({ unit: "grapheme", minLength: min, maxLength: Math.min(longest, 300) }),
    ),
    ...(max !== undefined ? [sized("length at maxLength", fc.constant(max))] : []),
    ...(max !== undefined ? [sized("length past maxLength", fc.constant(max + 1))] : []),
    ...(min > 0 ? [sized("length below minLength", fc.constant(min - 1))] : []),
  ];
  return fc.oneof(
    ...lengths.map((arbitrary) => ({ arbitrary, weight: 2 })),
    tag("empty string", fc.constant("")),
    tag("blank string", fc.constantFrom(" ", "\t", "   \u00a0\u3000")),
    tag("unicode text", unicodeText),
    tag("control characters", controlText),
    tag("injection-like text", fc.constantFrom(...INJECTIONS)),
    tag("number-like string", fc.constantFrom(...NUMBER_LIKE)),
    tag("lone surrogates and noncharacters", fc.constantFrom(...LONE_SURROGATES)),
    sized(
      "huge string",
      fc.constantFrom(1_000, 10_000, hugeUpTo).map((n) => Math.min(n, hugeUpTo)),
    ),
  );
}

/** Numbers at and past the schema's bounds, zero, negative, fractional, unsafe and enormous. */
export function hostileNumber(schema: JsonSchema = {}): fc.Arbitrary<Tagged<number>> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : undefined);
  const at = [min, max].filter((n): n is number => n !== undefined);
  const past = [...(min !== undefined ? [min - 1] : []), ...(max !== undefined ? [max + 1] : [])];
  return fc.oneof(
    ...(at.length ? [tag("number at bound", fc.constantFrom(...at))] : []),
    ...(past.length ? [tag("number past bound", fc.constantFrom(...past))] : []),
    tag("zero or negative", fc.constantFrom(0, -0, -1, -2147483649)),
    tag("fractional number", fc.constantFrom(0.5, 1.5, (min ?? 1) + 0.000001, 1e-7)),
    tag("unsafe integer", fc.constantFrom(2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e21)),
    tag("enormous number", fc.constantFrom(1e308, -1e308, Number.MAX_VALUE)),
  );
}

/** Strings that look like numbers to a lax parser, and numbers at and past the bounds, as query or path text. */
export function hostileNumberText(schema: JsonSchema = {}): fc.Arbitrary<Tagged<string>> {
  return fc.oneof(
    hostileNumber(schema).map(({ cls, value }) => ({ cls, value: String(value) })),
    tag("number-like string", fc.constantFrom(...NUMBER_LIKE, "", "1.0e0", "1,5")),
  );
}

/** A value of a JSON type that `schema` does not allow (a string for a number, an object for a string…). */
export function wrongType(schema: JsonSchema): fc.Arbitrary<Tagged> {
  const allowed = new Set(typesOf(schema));
  if (allowed.has("integer")) allowed.add("number");
  const candidates: [string, fc.Arbitrary<unknown>][] = [
    ["string", fc.constantFrom("1", "true", "", "null")],
    ["number", fc.constantFrom(1, 1.5, -1, 0)],
    ["boolean", fc.boolean()],
    ["null", fc.constant(null)],
    ["array", fc.constantFrom([], [1], ["a", null], [[[]]])],
    [
      "object",
      fc.constantFrom({}, { a: 1 }, { "": null }, JSON.parse('{"__proto__":{"role":"admin"}}'), { constructor: "x" }),
    ],
  ];
  const wrong = candidates.filter(([type]) => !allowed.has(type) && !(type === "number" && allowed.has("integer")));
  if (allowed.has("integer")) wrong.push(["number", fc.constantFrom(1.5, 0.1)]);
  return fc.oneof(...wrong.map(([type, arb]) => tag(`wrong type (${type})`, arb)));
}

/** The JSON types a schema allows (`type` as a string or a list; objects and strings when it does not say). */
export function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties || schema.additionalProperties) return ["object"];
  if (schema.enum) return [...new Set(schema.enum.map((v) => (v === null ? "null" : typeof v)))];
  return ["string"];
}

const WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".split("");
const word = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...WORD_CHARS), minLength: Math.max(minLength, 1), maxLength });

/**
 * Values that `schema` accepts: its example or default most of the time (so that fields with cross-field rules stay
 * consistent), else a value built from its type, enum, pattern, format and bounds.
 */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const built = fc.oneof(...typesOf(schema).map((type) => validOfType(type, schema)));
  const known = schema.example ?? schema.default;
  return known === undefined ? built : fc.oneof({ arbitrary: fc.constant(known), weight: 4 }, built);
}

function validOfType(type: string, s: JsonSchema): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
    case "number": {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : min + 1000);
      return fc.integer({ min, max: Math.min(max, min + 1_000_000) });
    }
    case "array": {
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 3, 3));
      return fc.array(validValue(s.items ?? {}), { minLength, maxLength });
    }
    case "object":
      return validObject(s);
    default:
      return validString(s);
  }
}

function validString(s: JsonSchema): fc.Arbitrary<string> {
  const max = s.maxLength ?? Number.POSITIVE_INFINITY;
  if (s.format === "date-time") {
    return fc
      .date({ min: new Date("2020-01-01"), max: new Date("2035-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (s.format === "binary") return fc.constant("");
  if (s.pattern) {
    return fc.stringMatching(new RegExp(s.pattern), { size: "xsmall" }).filter((v) => v.length <= max);
  }
  return word(s.minLength ?? 1, Math.min(max, 24));
}

/** Short string examples of an object's fields (a language tag, say): likely keys for its maps. */
const keyHints = (s: JsonSchema) =>
  Object.values(s.properties ?? {})
    .flatMap((prop) => [prop.example, prop.items?.example])
    .filter((v): v is string => typeof v === "string" && v.length <= 16);

function validObject(s: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  if (!props.length && typeof s.additionalProperties === "object") {
    return fc.dictionary(word(2, 3), validValue(s.additionalProperties), { maxKeys: 2 });
  }
  const known = fc.record(Object.fromEntries(props.map(([name, prop]) => [name, validValue(prop)])), {
    requiredKeys: s.required ?? [],
  }) as fc.Arbitrary<Record<string, unknown>>;
  return known.chain((fields) => {
    // A field that is a map (`content_urls_by_language`) gets keys from its siblings' examples, or words.
    const hints = keyHints(s);
    const keys = hints.length ? fc.oneof({ arbitrary: fc.constantFrom(...hints), weight: 3 }, word(2, 3)) : word(2, 3);
    const maps = props.filter(([name, prop]) => name in fields && typeof prop.additionalProperties === "object");
    return fc
      .tuple(
        ...maps.map(([name, prop]) =>
          fc
            .dictionary(keys, validValue(prop.additionalProperties as JsonSchema), { minKeys: 1, maxKeys: 1 })
            .map((map) => [name, map] as const),
        ),
      )
      .map((entries) => ({ ...fields, ...Object.fromEntries(entries) }));
  });
}

/** `value` with only the fields `schema` requires: the plainest valid body, most likely to be accepted. */
export function requiredOnly(schema: JsonSchema, value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value) || !schema.properties) return value;
  const required = new Set(schema.required ?? []);
  return Object.fromEntries(Object.entries(value).filter(([key]) => required.has(key)));
}
