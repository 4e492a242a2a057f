export const ROLES = ["admin", "editor", "viewer", "customer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Staff roles nest: an admin can do what an editor can, an editor what a viewer can. Customers are outside that
 * ladder: they shop and open tickets, but see no staff views.
 */
const RANK: Record<Role, number> = { admin: 3, editor: 2, viewer: 1, customer: 0 };

export function hasRole(actual: Role, required: Role): boolean {
  return actual === required || RANK[actual] >= RANK[required];
}

/** Staff see every ticket and other shared records; everyone else only their own. */
export const isStaff = (role: Role): boolean => hasRole(role, "editor");
