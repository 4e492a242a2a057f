import type { Session } from "../auth/session";

/**
 * Whether the signed-in account may change scores and moderate chats: the API's routes for that are guarded with the
 * editor role, which admins hold too (src/auth/roles.ts). The API still decides; this only spares others the buttons.
 */
export const canEdit = (session: Session | null): boolean =>
  session?.user.role === "editor" || session?.user.role === "admin";
