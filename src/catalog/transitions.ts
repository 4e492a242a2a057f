import type { LessonStatus, ProgramStatus } from "./schema";

/**
 * The lesson status machine. Each action names the statuses it may start from; anything else is a 409
 * `invalid_transition` naming both ends. Publishing is guarded further by the thumbnail rule and, for the first lesson
 * of a draft program, the poster rule (see publish.ts).
 */
export const LESSON_TRANSITIONS = {
  publish: { from: ["draft", "scheduled"], to: "published" },
  schedule: { from: ["draft", "scheduled"], to: "scheduled" },
  unschedule: { from: ["scheduled"], to: "draft" },
  archive: { from: ["draft", "scheduled", "published"], to: "archived" },
} as const satisfies Record<string, { from: LessonStatus[]; to: LessonStatus }>;

/** Archiving hides a program from the catalog; restoring brings it back as it was (published if it ever was). */
export const PROGRAM_TRANSITIONS = {
  archive: { from: ["draft", "published"], to: "archived" },
  restore: { from: ["archived"], to: "draft or published" },
} as const satisfies Record<string, { from: ProgramStatus[]; to: string }>;

export { invalidTransition } from "../http/problem";
