import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { keysBelow } from "../../db/filters";
import { deadLetters } from "../schema";

export type DeadLetterRow = typeof deadLetters.$inferSelect;

/**
 * Records a message the order queue gave up on, under its message id, so that a redelivery records it once. The
 * order queue's consumer records it with its last error when the last attempt fails; the dead-letter queue's consumer
 * makes sure it is recorded (without an error when it has none): an error already noted is kept.
 */
export function recordDeadLetter(db: Database, letter: Omit<DeadLetterRow, "replayedAt" | "replayedBy">) {
  return db
    .insert(deadLetters)
    .values(letter)
    .onConflictDoUpdate({
      target: deadLetters.id,
      set: { error: sql`coalesce(excluded.error, ${deadLetters.error})` },
    });
}

/** Dead letters, newest first, `limit + 1` of them after `after` (failed_at, id). */
export function listDeadLetters(
  db: Database,
  filter: { limit: number; after?: readonly [string, string] },
): Promise<DeadLetterRow[]> {
  return db
    .select()
    .from(deadLetters)
    .where(filter.after && keysBelow([deadLetters.failedAt, deadLetters.id], filter.after))
    .orderBy(desc(deadLetters.failedAt), desc(deadLetters.id))
    .limit(filter.limit + 1);
}

/**
 * Marks a dead letter replayed by `userId`, unless it already is (one round trip). `claimed` is the letter when this
 * call marked it; `found` is the letter as it is, whoever marked it (undefined: no such letter).
 */
export async function claimReplay(
  db: Database,
  id: string,
  userId: string,
  now: string,
): Promise<{ claimed?: DeadLetterRow; found?: DeadLetterRow }> {
  const [claimed, found] = await db.batch([
    db
      .update(deadLetters)
      .set({ replayedAt: now, replayedBy: userId })
      .where(and(eq(deadLetters.id, id), isNull(deadLetters.replayedAt)))
      .returning(),
    db.select().from(deadLetters).where(eq(deadLetters.id, id)),
  ]);
  return { claimed: claimed[0], found: found[0] };
}

/** Undoes `claimReplay`'s mark when the message could not be sent after all, so the letter can be replayed again. */
export async function releaseReplay(db: Database, id: string, claimedAt: string): Promise<void> {
  await db
    .update(deadLetters)
    .set({ replayedAt: null, replayedBy: null })
    .where(and(eq(deadLetters.id, id), eq(deadLetters.replayedAt, claimedAt)));
}
