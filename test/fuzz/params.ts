import fc from "fast-check";
import type { Parameter } from "./openapi";
import { hostileNumberText, hostileString, type Tagged, typesOf, unicodeText, wellFormed } from "./values";

// Hostile values for parameters (path, query, header): bad ids, bad cursors, header values that HTTP allows but a
// parser may not expect, and the schema-driven strings and numbers of values.ts.

/** A parameter value; a `raw` one goes into the URL as it is (`..`, `%00`), any other percent-encoded. */
export interface ParamValue {
  value: string;
  raw: boolean;
}

const encoder = new TextEncoder();

/** Unpadded base64url of `bytes`, the encoding of the API's cursors. */
export const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

const jsonCursor = (value: unknown) => base64Url(encoder.encode(JSON.stringify(value)));

/** Ids that go into the path as they are: dot segments, encoded NUL and slash, broken escapes. */
const RAW_IDS = ["..", ".", "%00", "%2F", "%2e%2e", "%ZZ", "a/b", "%", "%C0%AF", "%0d%0a", "?", "#", ";x"];
const ODD_IDS = [
  "00000000-0000-4000-8000-000000000000",
  "00000000-0000-4000-8000-00000000000G",
  "AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA",
  " 00000000-0000-4000-8000-000000000000 ",
  "0",
  "-1",
  "1e9",
  "9007199254740993",
  "null",
  "undefined",
  "' OR 1=1 --",
  "\u0000",
  "తెలుగు",
  "😀",
  "x".repeat(64),
  "x".repeat(65),
  "x".repeat(10_000),
];

/** Bad ids: forged, too long, unicode, dot segments, encoded NUL and slash. */
export const badId: fc.Arbitrary<Tagged<ParamValue>> = fc.oneof(
  fc.constantFrom(...RAW_IDS).map((value) => ({ cls: "bad id (raw path text)", value: { value, raw: true } })),
  fc.constantFrom(...ODD_IDS).map((value) => ({ cls: "bad id", value: { value, raw: false } })),
  unicodeText.map((value) => ({ cls: "bad id (unicode)", value: { value, raw: false } })),
);

/**
 * Bad cursors: random base64url, base64url of arbitrary JSON, positions of the right shape holding wrong values, text
 * that is not base64url at all, and real cursors (from `real`) altered by one character.
 */
export function badCursor(real: string[]): fc.Arbitrary<Tagged<string>> {
  const tag = (cls: string) => (value: string) => ({ cls, value });
  const dateish = fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom("2024-13-45T25:61:61.000Z", "", "now", "0000-00-00T00:00:00Z", "\u0000"),
  );
  const idish = fc.oneof(fc.uuid(), fc.constantFrom("", "x".repeat(100), "\u0000", 1, null, -1));
  const arbs: fc.Arbitrary<Tagged<string>>[] = [
    fc.uint8Array({ minLength: 1, maxLength: 96 }).map(base64Url).map(tag("bad cursor (random base64url)")),
    fc.jsonValue({ maxDepth: 2 }).map(jsonCursor).map(tag("bad cursor (forged JSON)")),
    fc
      .oneof(
        fc.tuple(dateish, idish),
        fc.tuple(dateish),
        fc.tuple(dateish, idish, idish),
        fc.tuple(fc.integer(), idish),
        fc.record({ created_at: dateish, id: idish }),
      )
      .map(jsonCursor)
      .map(tag("bad cursor (forged position)")),
    fc
      .constantFrom("!!!", "a b", "====", "é", "%", "..", "A", "AA", "AAA=", "+/+/")
      .map(tag("bad cursor (not base64url)")),
  ];
  if (real.length) {
    arbs.push(
      fc
        .tuple(fc.constantFrom(...real), fc.nat(), fc.constantFrom("cut", "append", "flip"))
        .map(([cursor, n, how]) => {
          const at = n % cursor.length;
          if (how === "cut") return cursor.slice(0, at);
          if (how === "append") return `${cursor}A`;
          return cursor.slice(0, at) + (cursor[at] === "A" ? "B" : "A") + cursor.slice(at + 1);
        })
        .map(tag("bad cursor (altered real cursor)")),
    );
  }
  return fc.oneof(...arbs);
}

const RANGES = [
  "bytes=0-0",
  "bytes=-0",
  "bytes=5-1",
  "bytes=0-",
  "bytes=-1",
  "bytes=99999999-",
  "bytes=0-1,2-3",
  "bytes=-99999999999999999999",
  "bytes=1e3-2e3",
  "items=0-1",
  "bytes=a-b",
  "bytes = 0-1",
  "bytes=",
  "bytes=0x10-0x20",
];
const ETAGS = ['"abc"', 'W/"abc"', "*", "abc", '"', '""', '"a", "b"', ",,,", "W/", `"${"a".repeat(10_000)}"`, "*, abc"];

/**
 * A header value that can be sent: `text` without the NUL, CR and LF that no client can put in a header, and with its
 * non-ASCII characters as percent-escaped UTF-8 (workerd would send them as UTF-8, and warn for each one).
 */
export function headerText(text: string): string {
  let out = "";
  for (const byte of encoder.encode(wellFormed(text))) {
    if (byte === 0 || byte === 10 || byte === 13) continue;
    out += byte < 0x80 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase()}`;
  }
  return out.trim();
}

/** Values for a header parameter: ranges, entity tags, or strings, by the header's name. */
function headerValues(p: Parameter): fc.Arbitrary<Tagged<string>> {
  const named: fc.Arbitrary<Tagged<string>>[] = [];
  if (p.name === "range") named.push(fc.constantFrom(...RANGES).map((value) => ({ cls: "odd range", value })));
  if (p.name.startsWith("if-"))
    named.push(fc.constantFrom(...ETAGS).map((value) => ({ cls: "odd entity tag", value })));
  return fc
    .oneof(...named, hostileString(p.schema, 10_000), hostileNumberText(p.schema))
    .map(({ cls, value }) => ({ cls, value: headerText(value) }));
}

/** Values for one documented parameter that its schema refuses or accepts only at its edges, by where it goes. */
export function hostileParam(p: Parameter, cursors: string[]): fc.Arbitrary<Tagged<ParamValue>> {
  if (p.in === "header") return headerValues(p).map(({ cls, value }) => ({ cls, value: { value, raw: false } }));
  const types = typesOf(p.schema);
  const text: fc.Arbitrary<Tagged<string>>[] = [hostileString(p.schema, 10_000)];
  if (types.includes("integer") || types.includes("number")) text.push(hostileNumberText(p.schema));
  if (p.name === "cursor") text.push(badCursor(cursors));
  if (p.schema.enum) {
    const variants = p.schema.enum.flatMap((v) => [String(v).toUpperCase(), ` ${v}`, `${v},${v}`]);
    text.push(fc.constantFrom(...variants).map((value) => ({ cls: "value outside the enum", value })));
  }
  if (p.schema.format === "date-time" || /^(from|to|since|until|before|after)$/.test(p.name)) {
    const dates = ["2024-02-30T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "-271821-04-20T00:00:00Z"];
    text.push(fc.constantFrom(...dates, "2024-01-01", "yesterday").map((value) => ({ cls: "odd date", value })));
  }
  const encoded = fc.oneof(...text).map(({ cls, value }) => ({ cls, value: { value, raw: false } }));
  return p.in === "path" || p.name === "id" || p.name.endsWith("_id") ? fc.oneof(encoded, badId) : encoded;
}

/** Query-string oddities any operation may meet: unknown and repeated parameters, bare names, broken escapes. */
export function oddQuery(documented: string[]): fc.Arbitrary<Tagged<{ name: string; value?: string; raw: boolean }[]>> {
  const names = documented.length ? documented : ["limit"];
  return fc.oneof(
    fc
      .tuple(fc.constantFrom("x", "__proto__", "constructor", "limit[]", "q[0]", "తె", ""), fc.string({ maxLength: 8 }))
      .map(([name, value]) => ({ cls: "unknown query parameter", value: [{ name, value, raw: false }] })),
    fc
      .tuple(fc.constantFrom(...names), fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }))
      .map(([name, a, b]) => ({
        cls: "repeated query parameter",
        value: [
          { name, value: a, raw: false },
          { name, value: b, raw: false },
        ],
      })),
    fc
      .constantFrom(...names)
      .map((name) => ({ cls: "query parameter without a value", value: [{ name, raw: false }] })),
    fc
      .tuple(fc.constantFrom(...names), fc.constantFrom("%ZZ", "%00", "%", "%C0%AF", "%0d%0a", "a+b", "&&", "=="))
      .map(([name, value]) => ({ cls: "broken escape in the query", value: [{ name, value, raw: true }] })),
  );
}
