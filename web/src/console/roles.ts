import type { Session } from "../auth/session";

type Role = Session["user"]["role"];

/** Staff hold a role on the admin ⊃ editor ⊃ viewer ladder; customers do not (the API's src/auth/roles.ts). */
export const isStaffRole = (role: Role): boolean => role === "admin" || role === "editor" || role === "viewer";
