import { constraintViolation } from "../../http/errors";
import { conflict, ProblemError } from "../../http/problem";
import type { LessonContent } from "../lesson-content";
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
