import { type Session, useSession } from "../auth/session";

export type Role = Session["user"]["role"];
export type StaffRole = Exclude<Role, "customer">;

/** Staff roles nest (the API's src/auth/roles.ts): an admin can do what an editor can, an editor what a viewer can. */
const RANK: Record<Role, number> = { admin: 3, editor: 2, viewer: 1, customer: 0 };

/** Staff hold a role on the admin ⊃ editor ⊃ viewer ladder; customers do not. */
export const isStaffRole = (role: Role): boolean => RANK[role] >= RANK.viewer;

/** Whether `role` may do what `needed` may: `roleAllows("admin", "editor")` is true. */
export const roleAllows = (role: Role, needed: StaffRole): boolean => RANK[role] >= RANK[needed];

/**
 * Whether the signed-in person's role allows what `needed` may do: a page shows a control only when it does. The API
 * stays the judge (a role changed since sign-in is answered with 403, which the page shows in words).
 *
 * @example
 * const canEdit = useRoleAllows("editor");
 * {canEdit && <button type="button">Publish</button>}
 */
export function useRoleAllows(needed: StaffRole): boolean {
  const current = useSession();
  return current !== null && roleAllows(current.user.role, needed);
}
