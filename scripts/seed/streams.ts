import type { Database } from "../../src/db/client";
import { chatRoomOf, type Sender } from "../../src/streams/chat-room";
import { streams } from "../../src/streams/schema";
import { DEMO_EDITOR, minutesAgo } from "./common";

/** The demo stream: an id the README and demos can name. */
export const DEMO_STREAM_ID = "stream-launch-day";

const account = (userId: string, name: string): Sender => ({ name, guest: false, userId });
const guest = (name: string): Sender => ({ name, guest: true, userId: null });

/** Six messages from the last quarter of an hour: demo accounts and guests, oldest first. */
const DEMO_CHAT: [minutesAgo: number, sender: Sender, content: string][] = [
  [14, account("user-editor", "Eddie Editor"), "Welcome to launch day! Ask your questions here."],
  [12, guest("Priya"), "Hello from Hyderabad 👋"],
  [9, account("user-viewer", "Vera Viewer"), "Will the Telugu course get more lessons?"],
  [8, account("user-editor", "Eddie Editor"), "Yes: two more are scheduled for this month."],
  [5, guest("Sam"), "Is there a recording for those who missed the start?"],
  [2, account("user-carol", "Carol Customer"), "The new player works great on my phone."],
];

/**
 * One live stream whose chat holds six messages. Seeds only when there are no streams yet; returns whether it did.
 * The messages go through the room's RPC (they live in the ChatRoom object, not in D1), so from Node this needs
 * bindings that reach the Worker's own Durable Objects: `withLocalPlatform` (./local-platform.ts), not wrangler's
 * `getPlatformProxy`. The room is filled before the registry row is written, so a run that fails in between leaves
 * no stream behind, and the next run does not post the messages twice.
 */
export async function seedStreams(db: Database, rooms: Env["CHAT_ROOM"], now = new Date()): Promise<boolean> {
  if (await db.$count(streams)) return false;

  const room = chatRoomOf({ CHAT_ROOM: rooms }, DEMO_STREAM_ID);
  let empty: boolean;
  try {
    empty = (await room.messagesBefore(undefined, 0)).length === 0;
  } catch (error) {
    throw new Error(
      "Could not reach the ChatRoom Durable Object to seed its messages. From Node, seed through " +
        "withLocalPlatform (scripts/seed/local-platform.ts): getPlatformProxy cannot call the Worker's own objects.",
      { cause: error },
    );
  }
  if (empty) {
    for (const [age, sender, content] of DEMO_CHAT) {
      await room.postMessage(sender, content, { at: minutesAgo(now, age) });
    }
  }

  const startedAt = minutesAgo(now, 20);
  await db
    .insert(streams)
    .values({
      id: DEMO_STREAM_ID,
      title: "Launch day live",
      description: "The team walks through the new catalog and answers questions in the chat.",
      videoUrl: "https://www.youtube.com/embed/jNQXAC9IVRw",
      status: "live",
      createdBy: DEMO_EDITOR,
      createdAt: startedAt,
      updatedAt: startedAt,
    })
    .onConflictDoNothing();
  return true;
}
