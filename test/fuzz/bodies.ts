import fc from "fast-check";
import type { JsonSchema } from "./openapi";
import { hostileNumber, hostileString, type Tagged, typesOf, unicodeText, wrongType } from "./values";

// Request bodies: the whole body replaced by something hostile (empty, not JSON, deeply nested, of the wrong
// top-level type, over the size limit, image bytes that are not an image), one field of a valid body changed, and
// content types that do not match what is sent.

/** The body a case sends: JSON to serialise (`json`) unless `raw` text or bytes replace it. */
export interface BodyDraft {
  json?: unknown;
  raw?: string | Uint8Array;
  /** The Content-Type header to send; null sends none. */
  contentType: string | null;
}

/** One change to a case's body, and the input class it stands for. */
export interface BodyMutation {
  label: string;
  apply(body: BodyDraft): void;
}

const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEklEQVR4nGM4IWdzQs6GAUIBACH2BIk4ffMZAAAAAElFTkSuQmCC",
  ),
  (ch) => ch.charCodeAt(0),
);

/** A valid 2×2 PNG with `salt` bytes after its end (decoders ignore them), so that each upload is new content. */
export const pngWith = (salt: number[] = []) => new Uint8Array([...PNG, ...salt]);

/** `depth` levels of nested arrays or objects around a number. */
export const nested = (depth: number, kind: "array" | "object") =>
  kind === "array" ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

const NOT_JSON = [
  "{",
  "}",
  "{'title': 'x'}",
  '{"a":1,}',
  '{"a":1}garbage',
  "NaN",
  "undefined",
  "\u0000",
  "\ufeff{}",
  "a=1&b=2",
  "<xml><a>1</a></xml>",
  '{"a":"\\ud800"}',
  '{"a":1e999999}',
  '{"a": 01}',
  "--boundary\r\nContent-Disposition: form-data\r\n\r\nx\r\n--boundary--",
];

const WRONG_CONTENT_TYPES = [
  null,
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=boundary",
  "application/xml",
  "application/json; charset=latin1",
  "application/json; charset=utf-16",
  "APPLICATION/JSON",
  "application/problem+json",
  "application/vnd.api+json",
  "application/json;;;",
  "image/png",
  "image/svg+xml",
  "application/octet-stream",
  "*/*",
  "",
  "json",
  ";",
  `application/${"x".repeat(5000)}`,
];

const UNKNOWN_KEYS = ["extra", "__proto__", "constructor", "", "is_admin", "role", "ÿ", "తెలుగు", "a".repeat(1000)];

const whole = (arb: fc.Arbitrary<Tagged<string | Uint8Array>>, contentType?: string | null) =>
  arb.map(
    ({ cls, value }): BodyMutation => ({
      label: `body: ${cls}`,
      apply: (body) => {
        body.raw = value;
        if (contentType !== undefined) body.contentType = contentType;
      },
    }),
  );

const tagged = <T>(cls: string, arb: fc.Arbitrary<T>) => arb.map((value) => ({ cls, value }));

/** Whole-body replacements for an operation that takes JSON: empty, not JSON, deep, the wrong type, too large. */
export function wholeBodyMutations(): fc.Arbitrary<BodyMutation> {
  return fc.oneof(
    whole(tagged("empty", fc.constant(""))),
    whole(tagged("not JSON", fc.constantFrom(...NOT_JSON))),
    whole(tagged("invalid UTF-8", fc.constantFrom(new Uint8Array([0xff, 0xfe, 0x80, 0x7b]), new Uint8Array([0xc0])))),
    whole(
      tagged(
        "deeply nested JSON",
        fc.tuple(fc.constantFrom(1_000, 10_000), fc.constantFrom("array" as const, "object" as const)),
      ).map(({ cls, value: [depth, kind] }) => ({ cls, value: nested(depth, kind) })),
    ),
    whole(tagged("JSON of the wrong top-level type", fc.constantFrom("[]", '"text"', "1", "null", "true", "[{}]"))),
    whole(
      tagged("over the 1 MiB body limit", fc.constantFrom(1_100_000, 2_000_000)).map(({ cls, value }) => ({
        cls,
        value: JSON.stringify({ title: "a".repeat(value) }),
      })),
    ),
    fc.constantFrom(...WRONG_CONTENT_TYPES).map(
      (contentType): BodyMutation => ({
        label: "content-type: wrong",
        apply: (body) => {
          body.contentType = contentType;
        },
      }),
    ),
  );
}

/** Byte bodies for an upload: random bytes, an empty or truncated image, an image sent as another type. */
export function binaryBodyMutations(): fc.Arbitrary<BodyMutation> {
  return fc.oneof(
    whole(tagged("image bytes: random", fc.uint8Array({ minLength: 1, maxLength: 512 })), "image/png"),
    whole(tagged("image bytes: empty", fc.constant(new Uint8Array())), "image/jpeg"),
    whole(
      tagged(
        "image bytes: truncated",
        fc.nat({ max: 60 }).map((n) => PNG.slice(0, n)),
      ),
      "image/png",
    ),
    whole(tagged("image bytes: JSON sent as an image", fc.constant('{"url":"https://x.test/a.png"}')), "image/gif"),
    fc
      .tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.constantFrom("image/webp", "application/octet-stream"))
      .map(
        ([salt, type]): BodyMutation => ({
          label: "image bytes: png under another type",
          apply: (body) => {
            body.raw = pngWith([...salt]);
            body.contentType = type;
          },
        }),
      ),
  );
}

/** A value for one field that its schema refuses, or accepts only at its edges. */
function hostileField(schema: JsonSchema): fc.Arbitrary<Tagged> {
  const types = typesOf(schema);
  const options: fc.Arbitrary<Tagged>[] = [wrongType(schema)];
  if (types.includes("string")) options.push(hostileString(schema, 200_000));
  if (types.includes("integer") || types.includes("number")) options.push(hostileNumber(schema));
  if (types.includes("array")) {
    options.push(
      tagged("array past maxItems", fc.constant(Array.from({ length: (schema.maxItems ?? 100) + 1 }, () => "te"))),
    );
    if (schema.items)
      options.push(hostileField(schema.items).map(({ cls, value }) => ({ cls: `item: ${cls}`, value: [value] })));
  }
  if (types.includes("object")) {
    options.push(
      tagged(
        "object with unicode keys",
        unicodeText.map((key) => ({ [key]: key })),
      ),
    );
    options.push(tagged("deeply nested value", fc.constant(JSON.parse(nested(1_000, "object")))));
  }
  return fc.oneof(...options);
}

/** Changes to one field of a valid JSON body whose schema is `schema` (an object): each of its documented fields. */
export function fieldMutations(schema: JsonSchema): fc.Arbitrary<BodyMutation> {
  const fields = Object.entries(schema.properties ?? {});
  const required = schema.required ?? [];
  const asObject = (body: BodyDraft) => {
    if (typeof body.json !== "object" || body.json === null || Array.isArray(body.json)) body.json = {};
    return body.json as Record<string, unknown>;
  };
  const options: fc.Arbitrary<BodyMutation>[] = [
    fc.tuple(fc.constantFrom(...UNKNOWN_KEYS), fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => ({
      label: "body: extra unknown field",
      apply: (body) => {
        Object.defineProperty(asObject(body), key, { value, enumerable: true, configurable: true, writable: true });
      },
    })),
  ];
  if (fields.length) {
    options.push(
      fc.constantFrom(...fields).chain(([name, prop]) =>
        hostileField(prop).map(({ cls, value }) => ({
          label: `body.${name}: ${cls}`,
          apply: (body: BodyDraft) => {
            asObject(body)[name] = value;
          },
        })),
      ),
    );
  }
  if (required.length) {
    options.push(
      fc.constantFrom(...required).map((name) => ({
        label: `body.${name}: missing required field`,
        apply: (body: BodyDraft) => {
          delete asObject(body)[name];
        },
      })),
    );
  }
  return fc.oneof(...options);
}

/**
 * `body` (valid by its schema) changed where the API's answer said a rule across fields broke: each field a
 * problem's `errors` name is dropped when optional and sent, else drawn again (`draw` gives a fresh valid value for a
 * schema). Undefined when the answer names no field of the body, so there is nothing to repair.
 */
export function repairedBody(
  schema: JsonSchema,
  body: unknown,
  answer: string,
  draw: (schema: JsonSchema) => unknown,
): Record<string, unknown> | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  let errors: { path?: unknown }[] = [];
  try {
    errors = JSON.parse(answer).errors ?? [];
  } catch {
    return undefined;
  }
  const fields = new Set(errors.map((e) => String(e.path ?? "").split(".")[0] ?? ""));
  const repaired: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  let changed = false;
  for (const field of fields) {
    const prop = schema.properties?.[field];
    if (!prop) continue;
    changed = true;
    if (field in repaired && !schema.required?.includes(field)) delete repaired[field];
    else repaired[field] = draw(prop);
  }
  return changed ? repaired : undefined;
}
