import type { Role } from "../../src/auth/roles";

// Reads the operations out of the OpenAPI document the Worker serves: their parameters, request bodies (with every
// $ref resolved), who may call them (the `x-access` extension the guard writes) and how they answer.

/** The parts of JSON Schema (as zod-to-openapi writes it) that the generators read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  $ref?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** One documented parameter. */
export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: JsonSchema;
}

/** Who may call an operation, as its `x-access` says: any signed-in account, or one holding at least a role. */
export type Access = "signed-in" | Role;

/** One operation of the document, ready for the generators. */
export interface Operation {
  /** `METHOD /path/{template}`, e.g. `GET /users/{id}`. */
  id: string;
  method: string;
  path: string;
  params: Parameter[];
  /** The JSON request body's schema, if the operation takes a body; `binary` when it also takes raw bytes. */
  body?: { required: boolean; json?: JsonSchema; binary: boolean };
  /** Undefined for a public operation. */
  access?: Access;
  /** The documented statuses, e.g. `["200", "304", "400"]`. */
  statuses: string[];
}

/** The OpenAPI document, as far as this suite reads it. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface RawOperation {
  security?: Record<string, string[]>[];
  "x-access"?: Access;
  parameters?: (Parameter & { schema?: JsonSchema })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
}

/** `schema` with every `$ref` (to `#/components/schemas/…`) replaced by what it points at, recursively. */
export function resolveSchema(doc: OpenApiDocument, schema: JsonSchema, depth = 0): JsonSchema {
  if (depth > 20) return schema;
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    return resolveSchema(doc, target, depth + 1);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, resolveSchema(doc, value, depth + 1)]),
    );
  }
  if (schema.items) out.items = resolveSchema(doc, schema.items, depth + 1);
  if (typeof schema.additionalProperties === "object") {
    out.additionalProperties = resolveSchema(doc, schema.additionalProperties, depth + 1);
  }
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    if (schema[key]) out[key] = schema[key].map((s) => resolveSchema(doc, s, depth + 1));
  }
  return out;
}

/**
 * Every operation of `doc`. Throws when an operation that asks for a token does not say in `x-access` who may call
 * it: the suite could not tell a forbidden 2xx from an allowed one.
 */
export function readOperations(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => {
      const raw = item[method] as RawOperation;
      const id = `${method.toUpperCase()} ${path}`;
      // An empty requirement (`{}`) makes credentials optional: a public route that also takes an API key is not guarded.
      const security = raw.security ?? [];
      const guarded = security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0);
      if (guarded && !raw["x-access"]) throw new Error(`${id} asks for a token but has no x-access`);
      const content = raw.requestBody?.content ?? {};
      const json = content["application/json"]?.schema;
      const binary = Object.keys(content).some((type) => type.startsWith("image/") || type.endsWith("octet-stream"));
      return {
        id,
        method: method.toUpperCase(),
        path,
        params: (raw.parameters ?? []).map((p) => ({ ...p, required: !!p.required, schema: p.schema ?? {} })),
        body: raw.requestBody
          ? { required: !!raw.requestBody.required, json: json && resolveSchema(doc, json), binary }
          : undefined,
        access: raw["x-access"],
        statuses: Object.keys(raw.responses ?? {}),
      };
    }),
  );
}

/** The static segment just before `{name}` in `path` (`programs` for `{id}` in `/cms/programs/{id}/terms`). */
export function poolKeyOf(path: string, name: string): string {
  const segments = path.split("/");
  const at = segments.indexOf(`{${name}}`);
  return segments[at - 1] ?? "";
}

/** The last static segment of `path`: the collection its answers' ids belong to (`lessons` for POST /cms/terms/{id}/lessons). */
export function collectionOf(path: string): string {
  return (
    path
      .split("/")
      .filter((segment) => segment && !segment.startsWith("{"))
      .at(-1) ?? ""
  );
}

/**
 * The documented operation that serves `method` on `pathname` (HEAD is served by GET; methods match in any case), matching each `{param}` as one
 * non-empty segment, or as the rest of the path when its pattern allows a `/` (the media key), and preferring the
 * operation with the fewest parameters (`/events/stream` over `/events/{id}`). The suite sends ids such as `..` that
 * the URL parser resolves, so a request can land on another operation than the one it was made for.
 */
export function servingOperation(operations: Operation[], method: string, pathname: string): Operation | undefined {
  const upper = method.toUpperCase();
  const wanted = upper === "HEAD" ? "GET" : upper;
  const segment = (op: Operation, name: string) =>
    op.params.find((p) => p.in === "path" && p.name === name)?.schema.pattern?.includes("/") ? ".+" : "[^/]+";
  const matches = operations.filter((op) => {
    if (op.method !== wanted) return false;
    const pattern = op.path
      .split(/(\{\w+\})/)
      .map((part) =>
        part.startsWith("{") ? segment(op, part.slice(1, -1)) : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"),
      )
      .join("");
    return new RegExp(`^${pattern}$`).test(pathname);
  });
  const params = (op: Operation) => (op.path.match(/\{/g) ?? []).length;
  return matches.sort((a, b) => params(a) - params(b))[0];
}
