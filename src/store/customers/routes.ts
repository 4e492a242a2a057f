import { createRoute } from "@hono/zod-openapi";
import { guarded } from "../../auth/guards";
import { hashPassword } from "../../auth/password";
import { isStaff } from "../../auth/roles";
import type { Account } from "../../auth/schema";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../../http/pagination";
import { conflict, notFound } from "../../http/problem";
import { nowIso } from "../../time";
import { CustomerSchema, ListCustomersQuery, presentCustomer, ReplaceProfileBody, SignUpBody } from "./models";
import { findCustomer, insertCustomer, listCustomers, replaceProfile } from "./queries";

const tags = ["Customers"];

const signUp = createRoute({
  method: "post",
  path: "/customers",
  tags,
  summary: "Sign up as a customer",
  description:
    "Creates a customer account and its profile; then sign in with `POST /auth/login`. An email already in use " +
    "(in any case) is a 409 `email_taken`.",
  request: { body: jsonBody(SignUpBody) },
  responses: { 201: jsonContent(CustomerSchema, "The new customer, bronze"), ...problems(400, 409, 415, 429) },
});

const list = createRoute({
  method: "get",
  path: "/customers",
  tags,
  summary: "Customers, newest first",
  description: "Staff only. `q` looks in the email and name; `tier` keeps the customers in that VIP tier now.",
  ...guarded("editor"),
  request: { query: ListCustomersQuery },
  responses: {
    200: jsonContent(pageOf(CustomerSchema, "CustomerPage"), "A page of customers"),
    ...problems(400, 401, 403, 429),
  },
});

const get = createRoute({
  method: "get",
  path: "/customers/{id}",
  tags,
  summary: "A customer, with their spend and VIP tier",
  description: "The customer themself or staff; anyone else gets a 404.",
  ...guarded("signed-in"),
  request: { params: IdParam },
  responses: { 200: jsonContent(CustomerSchema, "The customer"), ...problems(401, 404, 429) },
});

const replace = createRoute({
  method: "put",
  path: "/customers/{id}",
  tags,
  summary: "Set a customer's name, phone and address",
  description: "The customer themself or staff; anyone else gets a 404. A field left out is cleared.",
  ...guarded("signed-in"),
  request: { params: IdParam, body: jsonBody(ReplaceProfileBody) },
  responses: { 200: jsonContent(CustomerSchema, "The customer as changed"), ...problems(400, 401, 404, 415, 429) },
});

/** A customer's record is theirs and staff's: to anyone else it does not exist (so ids are not confirmed). */
function assertMayAccess(user: Account, customerId: string): void {
  if (user.id !== customerId && !isStaff(user.role)) throw notFound("customer");
}

const emailTaken = () =>
  conflict("email_taken", "An account with this email exists already: sign in instead.", [
    { path: "email", message: "Already in use." },
  ]);

export const customerRoutes = createRouter()
  .openapi(signUp, async (c) => {
    const { email, password, name, phone, address } = c.req.valid("json");
    const account = {
      id: crypto.randomUUID(),
      email,
      name,
      role: "customer" as const,
      passwordHash: await hashPassword(password),
      createdAt: nowIso(),
    };
    const customer = await insertCustomer(c.var.db, account, { phone: phone ?? null, address: address ?? null });
    if (!customer) throw emailTaken();
    c.header("Location", `/customers/${customer.id}`);
    return c.json(presentCustomer(customer), 201);
  })
  .openapi(list, async (c) => {
    const { limit, cursor, q, tier } = c.req.valid("query");
    const after = await decodeCursor(c, cursor, NewestFirstPosition);
    const rows = await listCustomers(c.var.db, { limit, after, q, tier });
    return c.json(await toPage(c, rows, limit, (row) => [row.createdAt, row.id], presentCustomer), 200);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    assertMayAccess(c.var.user, id);
    const customer = await findCustomer(c.var.db, id);
    if (!customer) throw notFound("customer");
    return c.json(presentCustomer(customer), 200);
  })
  .openapi(replace, async (c) => {
    const { id } = c.req.valid("param");
    assertMayAccess(c.var.user, id);
    const { name, phone, address } = c.req.valid("json");
    const customer = await replaceProfile(
      c.var.db,
      id,
      { name, phone: phone ?? null, address: address ?? null },
      nowIso(),
    );
    if (!customer) throw notFound("customer");
    return c.json(presentCustomer(customer), 200);
  });
