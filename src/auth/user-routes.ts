import { createRoute } from "@hono/zod-openapi";
import { createRouter, IdParam, jsonBody, jsonContent, problems } from "../http/openapi";
import { decodeCursor, NewestFirstPosition, pageOf, toPage } from "../http/pagination";
import { conflict, notFound } from "../http/problem";
import { nowIso } from "../time";
import { guarded } from "./guards";
import { CreateUserBody, ListUsersQuery, presentUser, UpdateUserBody, UserSchema } from "./models";
import { hashPassword } from "./password";
import { deleteUser, findAccount, insertUser, listUsers, updateUser } from "./queries";

const tags = ["Users"];

const list = createRoute({
  method: "get",
  path: "/users",
  tags,
  summary: "List accounts, newest first",
  ...guarded("admin"),
  request: { query: ListUsersQuery },
  responses: { 200: jsonContent(pageOf(UserSchema, "UserPage"), "A page of accounts"), ...problems(400, 401, 403) },
});

const get = createRoute({
  method: "get",
  path: "/users/{id}",
  tags,
  summary: "One account",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 200: jsonContent(UserSchema, "The account"), ...problems(401, 403, 404) },
});

const create = createRoute({
  method: "post",
  path: "/users",
  tags,
  summary: "Create an account",
  ...guarded("admin"),
  request: { body: jsonBody(CreateUserBody) },
  responses: { 201: jsonContent(UserSchema, "The new account"), ...problems(400, 401, 403, 409, 415) },
});

const update = createRoute({
  method: "patch",
  path: "/users/{id}",
  tags,
  summary: "Change an account's role or name",
  description: "Refused with 409 `last_admin` when it would leave no admin.",
  ...guarded("admin"),
  request: { params: IdParam, body: jsonBody(UpdateUserBody) },
  responses: { 200: jsonContent(UserSchema, "The changed account"), ...problems(400, 401, 403, 404, 409, 415) },
});

const remove = createRoute({
  method: "delete",
  path: "/users/{id}",
  tags,
  summary: "Delete an account",
  description: "Refused with 409 `last_admin` for the only admin. The account's tickets stay, without an author.",
  ...guarded("admin"),
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 409) },
});

const lastAdmin = () => conflict("last_admin", "That would leave the platform without an admin.");

export const userRoutes = createRouter()
  .openapi(list, async (c) => {
    const { limit, cursor, role, q } = c.req.valid("query");
    const after = await decodeCursor(c, cursor, NewestFirstPosition);
    const rows = await listUsers(c.var.db, { limit, after, role, q });
    return c.json(await toPage(c, rows, limit, (row) => [row.createdAt, row.id], presentUser), 200);
  })
  .openapi(get, async (c) => {
    const user = await findAccount(c.var.db, c.req.valid("param").id);
    if (!user) throw notFound("user");
    return c.json(presentUser(user), 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const user = await insertUser(c.var.db, {
      id: crypto.randomUUID(),
      email: body.email,
      name: body.name,
      role: body.role,
      passwordHash: await hashPassword(body.password),
      createdAt: nowIso(),
    });
    if (!user) {
      throw conflict("email_taken", "An account with that email already exists.", [
        { path: "email", message: "Already in use." },
      ]);
    }
    c.header("Location", `/users/${user.id}`);
    return c.json(presentUser(user), 201);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const user = await updateUser(c.var.db, id, c.req.valid("json"));
    if (user) return c.json(presentUser(user), 200);
    // Nothing changed: either there is no such account or the guard kept the last admin.
    throw (await findAccount(c.var.db, id)) ? lastAdmin() : notFound("user");
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    if (await deleteUser(c.var.db, id)) return c.body(null, 204);
    throw (await findAccount(c.var.db, id)) ? lastAdmin() : notFound("user");
  });
