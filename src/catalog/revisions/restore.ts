import type { Database } from "../../db/client";
import { notFound } from "../../http/problem";
import type { UpdateLessonInput } from "../cms/lesson-service";
import { editLesson } from "../cms/lesson-service";
import { editProgram } from "../cms/program-service";
import { existingTopics } from "../cms/topic-queries";
import { REVISION_KINDS, type RevisionKindName } from "./kinds";
import { findVersion } from "./queries";
import { type Actor, type PendingChanges, pendingChangesOf } from "./service";

/**
 * Brings back the content of an earlier version, as an edit would: for a published item it becomes the pending
 * changes (to review and publish), for any other it applies at once. Recorded as a "restored" version. Topics deleted
 * since are left out.
 *
 * @example
 * const changes = await restoreVersion(db, "program", id, 3, c.var.user);
 */
export async function restoreVersion(
  db: Database,
  kindName: RevisionKindName,
  id: string,
  version: number,
  actor: Actor,
): Promise<PendingChanges> {
  const kind = REVISION_KINDS[kindName];
  const [found] = await findVersion(db, kind, id, version);
  if (!found) throw notFound("version");
  const content = JSON.parse(found.snapshot) as Record<string, unknown>;
  const origin = { action: "restored", restoredFrom: version } as const;
  if (kindName === "program") {
    const topics = await existingTopics(db, content.topic_ids as string[]);
    const { title, description, language_primary, languages_available } = content as Record<string, never>;
    const input = { title, description, language_primary, languages_available };
    await editProgram(db, id, { ...input, topic_ids: topics.map((topic) => topic.id) }, actor, origin);
  } else {
    await editLesson(db, id, content as UpdateLessonInput, actor, origin);
  }
  return pendingChangesOf(db, kind, id);
}
