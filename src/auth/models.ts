import { z } from "@hono/zod-openapi";
import { PageQuery, searchParam } from "../http/pagination";
import { ROLES } from "./roles";
import type { UserRow } from "./schema";

export const RoleSchema = z.enum(ROLES).openapi({ example: "editor" });

/** Emails are compared case-insensitively: trimmed and lower-cased before anything else sees them. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Must be an email address.").max(254))
  .openapi({ example: "editor@example.com" });

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    created_at: z.iso.datetime(),
  })
  .openapi("User");

export type User = z.infer<typeof UserSchema>;

export const LoginBody = z
  .strictObject({
    email: EmailSchema,
    password: z.string().min(1).max(256).openapi({ example: "editor-password" }),
  })
  .openapi("LoginRequest");

export const LoginResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().openapi({ description: "Seconds until the token expires", example: 3600 }),
    user: UserSchema,
  })
  .openapi("LoginResponse");

const NameSchema = z.string().trim().min(1).max(100).openapi({ example: "Ada Lovelace" });

export const CreateUserBody = z
  .strictObject({
    email: EmailSchema,
    name: NameSchema,
    password: z.string().min(8, "Use at least 8 characters.").max(256),
    role: RoleSchema,
  })
  .openapi("CreateUserRequest");

export const UpdateUserBody = z
  .strictObject({ role: RoleSchema.optional(), name: NameSchema.optional() })
  .refine((body) => body.role !== undefined || body.name !== undefined, "Send role or name.")
  .openapi("UpdateUserRequest");

export const ListUsersQuery = PageQuery.extend({
  role: RoleSchema.optional(),
  q: searchParam("Part of the email or name"),
});

export function presentUser(row: Omit<UserRow, "passwordHash">): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, created_at: row.createdAt };
}
