/**
 * The mutation root: the REST CMS's writes, through the same service functions (one set of rules, the same problems)
 * and the same roles: editors write, admins delete. Inputs are parsed by the REST routes' own models. Every write
 * that succeeds makes the catalog's cached public answers stale, as REST CMS writes do.
 */
import type { Account } from "../auth/schema";
import { CreateLessonBody, ScheduleLessonBody, UpdateLessonBody } from "../catalog/cms/lesson-models";
import {
  archiveLesson,
  createLesson,
  editLesson,
  publishLessonNow,
  removeLesson,
  scheduleLesson,
  unscheduleLesson,
} from "../catalog/cms/lesson-service";
import { CreateProgramBody, UpdateProgramBody } from "../catalog/cms/program-models";
import {
  archiveProgram,
  createProgram,
  editProgram,
  removeProgram,
  restoreProgram,
} from "../catalog/cms/program-service";
import { CreateTermBody, UpdateTermBody } from "../catalog/cms/term-models";
import { createTerm, editTerm, removeTerm } from "../catalog/cms/term-service";
import { rearmPublishClock } from "../catalog/publish-clock";
import { builder } from "./builder";
import { ContentType, LessonRef, ProgramRef, TermRef } from "./catalog-types";
import { authorize, type CmsAccess, type GraphQLContext, purgeCatalog } from "./context";
import { parseInput } from "./input";

// ---- inputs: every field optional here, so that the REST models decide what is required, as they do for REST -------

const ProgramFields = builder.inputRef<Record<string, unknown>>("ProgramInput").implement({
  description: "A program's fields (create needs title and language_primary; update at least one field)",
  fields: (t) => ({
    title: t.string(),
    description: t.string(),
    language_primary: t.string({ description: "A language code such as te, en or pt-BR" }),
    languages_available: t.stringList({ description: "Defaults to [language_primary]" }),
    topic_ids: t.idList({ description: "Replaces the program's topics" }),
  }),
});

const TermFields = builder.inputRef<Record<string, unknown>>("TermInput").implement({
  fields: (t) => ({
    title: t.string(),
    term_number: t.int({ description: "Defaults to one after the program's last term" }),
  }),
});

const LessonFields = builder.inputRef<Record<string, unknown>>("LessonInput").implement({
  description:
    "A lesson's fields (create needs title, content_type, content_language_primary and content_urls_by_language; " +
    "video and audio lessons need duration_ms)",
  fields: (t) => ({
    title: t.string(),
    description: t.string(),
    content_type: t.field({ type: ContentType }),
    duration_ms: t.int(),
    is_paid: t.boolean(),
    content_language_primary: t.string(),
    content_languages_available: t.stringList({ description: "Defaults to [content_language_primary]" }),
    content_urls_by_language: t.field({ type: "LanguageMap" }),
    subtitle_languages: t.stringList(),
    subtitle_urls_by_language: t.field({ type: "LanguageMap" }),
    lesson_number: t.int({ description: "Defaults to one after the term's last lesson" }),
  }),
});

/** Marks the mutations that set, move or remove a publish time, as src/catalog/publish-clock.ts lists REST's. */
const RESCHEDULES = { reschedules: true } as const;

/**
 * A write as the REST CMS guards it: the caller must hold `access`; once `write` has succeeded, the catalog's cached
 * answers are made stale before the answer goes out, and the publish clock is re-armed if it `reschedules`.
 */
function cmsWrite<Args, Result>(
  access: CmsAccess,
  write: (args: Args, ctx: GraphQLContext, caller: Account) => Promise<Result>,
  { reschedules = false } = {},
) {
  return async (_root: unknown, args: Args, ctx: GraphQLContext): Promise<Result> => {
    const caller = await authorize(ctx, access);
    const result = await write(args, ctx, caller);
    await purgeCatalog(ctx);
    if (reschedules) await rearmPublishClock(ctx.c.env);
    return result;
  };
}

const idOf = (args: { id: string | number }) => String(args.id);

/**
 * A delete as the REST CMS allows it (admins): `remove` takes the item with what it holds, and the answer is its id.
 * Deleting may take away a scheduled lesson, so the publish clock is re-armed.
 */
const adminDelete = (remove: (db: GraphQLContext["db"], id: string) => Promise<unknown>) =>
  cmsWrite(
    "admin",
    async (args: { id: string | number }, ctx) => {
      await remove(ctx.db, idOf(args));
      return idOf(args);
    },
    RESCHEDULES,
  );

builder.mutationFields((t) => ({
  // ---- programs ----
  createProgram: t.field({
    type: ProgramRef,
    description: "Creates a draft program (createShow in the original system)",
    args: { input: t.arg({ type: ProgramFields, required: true }) },
    resolve: cmsWrite("editor", (args, ctx) => createProgram(ctx.db, parseInput(CreateProgramBody, args.input))),
  }),
  updateProgram: t.field({
    type: ProgramRef,
    description:
      "Edits a program; topic_ids replaces its topics. A published program's edit waits as pending changes until " +
      "published (REST: POST /cms/programs/{id}/changes/publish); the answer is the working copy",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: ProgramFields, required: true }) },
    resolve: cmsWrite("editor", (args, ctx, caller) =>
      editProgram(ctx.db, idOf(args), parseInput(UpdateProgramBody, args.input), caller),
    ),
  }),
  deleteProgram: t.id({
    description: "Deletes a program with its terms, lessons and assets (admins); answers its id",
    args: { id: t.arg.id({ required: true }) },
    resolve: adminDelete(removeProgram),
  }),
  archiveProgram: t.field({
    type: ProgramRef,
    description: "Archives a program: it leaves the catalog",
    args: { id: t.arg.id({ required: true }) },
    resolve: cmsWrite("editor", (args, ctx) => archiveProgram(ctx.db, idOf(args))),
  }),
  restoreProgram: t.field({
    type: ProgramRef,
    description: "Restores an archived program (published again if it ever was)",
    args: { id: t.arg.id({ required: true }) },
    resolve: cmsWrite("editor", (args, ctx) => restoreProgram(ctx.db, idOf(args))),
  }),

  // ---- terms ----
  createTerm: t.field({
    type: TermRef,
    description: "Adds a term to a program",
    args: { program_id: t.arg.id({ required: true }), input: t.arg({ type: TermFields, required: true }) },
    resolve: cmsWrite("editor", (args, ctx) =>
      createTerm(ctx.db, String(args.program_id), parseInput(CreateTermBody, args.input)),
    ),
  }),
  updateTerm: t.field({
    type: TermRef,
    description: "Renames or renumbers a term",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: TermFields, required: true }) },
    resolve: cmsWrite("editor", (args, ctx) => editTerm(ctx.db, idOf(args), parseInput(UpdateTermBody, args.input))),
  }),
  deleteTerm: t.id({
    description: "Deletes a term with its lessons (admins); answers its id",
    args: { id: t.arg.id({ required: true }) },
    resolve: adminDelete(removeTerm),
  }),

  // ---- lessons ----
  createLesson: t.field({
    type: LessonRef,
    description: "Adds a draft lesson to a term (createEpisode in the original system)",
    args: { term_id: t.arg.id({ required: true }), input: t.arg({ type: LessonFields, required: true }) },
    resolve: cmsWrite("editor", (args, ctx) =>
      createLesson(ctx.db, String(args.term_id), parseInput(CreateLessonBody, args.input)),
    ),
  }),
  updateLesson: t.field({
    type: LessonRef,
    description:
      "Edits a lesson's content or number (its status changes only through the actions). A published lesson's edit " +
      "waits as pending changes until published (REST: POST /cms/lessons/{id}/changes/publish)",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: LessonFields, required: true }) },
    resolve: cmsWrite("editor", (args, ctx, caller) =>
      editLesson(ctx.db, idOf(args), parseInput(UpdateLessonBody, args.input), caller),
    ),
  }),
  deleteLesson: t.id({
    description: "Deletes a lesson and its assets (admins); answers its id",
    args: { id: t.arg.id({ required: true }) },
    resolve: adminDelete(removeLesson),
  }),
  publishLesson: t.field({
    type: LessonRef,
    description:
      "Publishes a lesson now, from draft or scheduled; it needs its thumbnails (missing_thumbnails), and its draft " +
      "program, published with it, its posters (missing_posters)",
    args: { id: t.arg.id({ required: true }) },
    resolve: cmsWrite("editor", (args, ctx) => publishLessonNow(ctx.db, idOf(args)), RESCHEDULES),
  }),
  scheduleLesson: t.field({
    type: LessonRef,
    description: "Schedules a lesson to be published at publish_at (ISO 8601, in the future)",
    args: { id: t.arg.id({ required: true }), publish_at: t.arg.string({ required: true }) },
    resolve: cmsWrite(
      "editor",
      (args, ctx) => {
        const { publish_at } = parseInput(ScheduleLessonBody, { publish_at: args.publish_at });
        return scheduleLesson(ctx.db, idOf(args), publish_at);
      },
      RESCHEDULES,
    ),
  }),
  unscheduleLesson: t.field({
    type: LessonRef,
    description: "Takes a scheduled lesson back to draft",
    args: { id: t.arg.id({ required: true }) },
    resolve: cmsWrite("editor", (args, ctx) => unscheduleLesson(ctx.db, idOf(args)), RESCHEDULES),
  }),
  archiveLesson: t.field({
    type: LessonRef,
    description: "Archives a lesson: it leaves the catalog",
    args: { id: t.arg.id({ required: true }) },
    resolve: cmsWrite("editor", (args, ctx) => archiveLesson(ctx.db, idOf(args)), RESCHEDULES),
  }),
}));
