import { constraintViolation } from "../../http/errors";
import { conflict, ProblemError } from "../../http/problem";
import type { LessonContent } from "../lesson-content";
import type { MissingAsset, MissingPosters } from "../publish";
import { lessonContentProblems } from "./lesson-models";

export const topicTaken = () =>
  conflict("topic_exists", "A topic with that name already exists.", [{ path: "name", message: "Already in use." }]);

export const termNumberTaken = () =>
  conflict("term_number_taken", "The program already has a term with that number.", [
    { path: "term_number", message: "Already in use." },
  ]);

export const lessonNumberTaken = () =>
  conflict("lesson_number_taken", "The term already has a lesson with that number.", [
    { path: "lesson_number", message: "Already in use." },
  ]);

/**
 * Runs a write that may collide with a unique value (a term's number within its program, a lesson's within its term,
 * a topic's name) and turns the database's refusal into that value's 409. The unique index is the arbiter, so
 * concurrent writers cannot both take one value.
 */
export async function claimingUnique<T>(write: Promise<T>, taken: () => ProblemError): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (constraintViolation(error) === "unique") throw taken();
    throw error;
  }
}

/** 422 listing every broken rule of a lesson's content, each with the field at fault. */
export function assertValidLessonContent(content: LessonContent): void {
  const errors = lessonContentProblems(content);
  if (errors.length > 0) {
    throw new ProblemError(422, "constraint_violation", "The lesson's content breaks a rule.", { errors });
  }
}

/**
 * 422 naming every asset a lesson lacks to be published, each as a field path: its own thumbnails
 * (`thumbnails.<language>.<variant>`) and its draft program's posters (`posters.<language>.<variant>`). The code is
 * the lesson's own rule first, `missing_thumbnails`, else `missing_posters`; `missing` lists the assets the code is
 * about. Whenever posters are missing, `program_id` and `missing_posters` say which, so one answer names both.
 */
export function missingAssets(thumbnails: MissingAsset[], posters: MissingPosters | undefined): ProblemError {
  const missingPosters = posters?.missing ?? [];
  const detail =
    thumbnails.length === 0
      ? "Add the program's posters before publishing its first lesson."
      : missingPosters.length === 0
        ? "Add the lesson's thumbnails before publishing it."
        : "Add the lesson's thumbnails and its program's posters before publishing it.";
  return new ProblemError(422, thumbnails.length > 0 ? "missing_thumbnails" : "missing_posters", detail, {
    errors: [
      ...thumbnails.map(({ language, variant }) => ({
        path: `thumbnails.${language}.${variant}`,
        message: `A ${variant} thumbnail in ${language} is required.`,
      })),
      ...missingPosters.map(({ language, variant }) => ({
        path: `posters.${language}.${variant}`,
        message: `The program needs a ${variant} poster in ${language} before it is published with this lesson.`,
      })),
    ],
    extensions: {
      missing: thumbnails.length > 0 ? thumbnails : missingPosters,
      ...(posters && missingPosters.length > 0 && { program_id: posters.programId, missing_posters: missingPosters }),
    },
  });
}
