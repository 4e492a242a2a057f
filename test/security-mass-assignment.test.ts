import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "../src/auth/roles";
import { newEvent, postEvent } from "./calendar-fixtures";
import { call, callJson, createUser, freshIp, MISSING_ID, readJson } from "./helpers";

// Mass assignment (OWASP API3): no request body can set a field its route does not name, such as an account's role,
// a ticket's author or a customer's tier. Every JSON body is a strict zod model; the operations are read from the
// OpenAPI document those models produce, so a route added later is checked here without a change to this file.

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

type DocumentedOperation = {
  "x-access"?: string;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
};

const doc = (await callJson("GET", "/openapi.json")).body as {
  paths: Record<string, Record<string, DocumentedOperation>>;
  components: { schemas: Record<string, JsonSchema> };
};

/** GraphQL's own input types decide what its mutations take (each one then goes through the REST route's model). */
const NOT_A_MODEL = new Set(["POST /graphql"]);

const resolve = (schema: JsonSchema): JsonSchema =>
  schema.$ref ? resolve(doc.components.schemas[schema.$ref.split("/").pop()!]!) : schema;

/** Where, within `schema`, an object names its fields but takes others too ("" for the body itself). */
function openObjects(schema: JsonSchema, at = "", seen = new Set<JsonSchema>()): string[] {
  const s = resolve(schema);
  if (seen.has(s)) return [];
  seen.add(s);
  const here = s.properties && s.additionalProperties !== false ? [at || "(body)"] : [];
  const nested = [
    ...Object.entries(s.properties ?? {}).map(([name, prop]) => openObjects(prop, at ? `${at}.${name}` : name, seen)),
    ...[s.items, ...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].map((sub) =>
      sub ? openObjects(sub, at, seen) : [],
    ),
    typeof s.additionalProperties === "object" ? openObjects(s.additionalProperties, `${at}.*`, seen) : [],
  ];
  return [...here, ...nested.flat()];
}

interface JsonBodyOperation {
  method: string;
  path: string;
  access: string | undefined;
  body: JsonSchema;
}

const jsonBodied: JsonBodyOperation[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([method, operation]) => {
    const schema = operation.requestBody?.content["application/json"]?.schema;
    const name = `${method.toUpperCase()} ${path}`;
    return schema && !NOT_A_MODEL.has(name)
      ? [{ method: method.toUpperCase(), path, access: operation["x-access"], body: resolve(schema) }]
      : [];
  }),
);

/** Fields that would give a caller more than the route means to, if a body could set them. */
const PRIVILEGED_FIELDS = ["id", "role", "created_by", "created_at", "vip_tier", "reward_points", "status"];

const accountOf = Object.fromEntries(
  await Promise.all(ROLES.map(async (role) => [role, await createUser(role)] as const)),
) as Record<Role, Awaited<ReturnType<typeof createUser>>>;

/** A caller the route lets through its guard: none for a public route, a customer where any account will do. */
const callerFor = (access: string | undefined) =>
  access === undefined ? undefined : access === "signed-in" ? accountOf.customer : accountOf[access as Role];

// An event's writes answer 404 for an unknown id before reading the body: they get the customer's own event.
const customersEvent = await postEvent(accountOf.customer, newEvent);

const PATH_VALUES: Record<string, string> = {
  id: MISSING_ID,
  language: "en",
  variant: "portrait",
  product_id: MISSING_ID,
  sender_key: "guest:192.0.2.1",
};

const fill = (path: string) =>
  path.startsWith("/events/")
    ? `/events/${customersEvent.body.id}`
    : path.replace(/\{(\w+)\}/g, (_, name: string) => PATH_VALUES[name] ?? MISSING_ID);

describe("request bodies (mass assignment)", () => {
  it("are read from /openapi.json, at least 40 of them", () => {
    expect(customersEvent.status).toBe(201);
    expect(jsonBodied.length).toBeGreaterThanOrEqual(40);
  });

  it.each(jsonBodied.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    "%s documents a closed body: no object in it takes a field it does not name",
    (_, { body }) => {
      expect(openObjects(body)).toEqual([]);
    },
  );

  it.each(jsonBodied.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    "%s refuses a privileged field it does not name with 400, naming each one",
    async (_, { method, path, access, body }) => {
      const smuggled = PRIVILEGED_FIELDS.filter((field) => !(field in (body.properties ?? {})));
      const res = await readJson(
        await call(method, fill(path), {
          token: callerFor(access)?.token,
          headers: { "CF-Connecting-IP": freshIp() },
          body: Object.fromEntries(smuggled.map((field) => [field, field === "role" ? "admin" : "x"])),
        }),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("validation_failed");
      expect(res.body.errors).toEqual(
        expect.arrayContaining(smuggled.map((field) => ({ path: field, message: "Unknown field." }))),
      );
    },
  );
});
