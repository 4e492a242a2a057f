import type { z } from "zod";
import { validationFailed } from "../http/problem";
import { fieldProblems } from "../http/validation";

/**
 * Parses a GraphQL input with the REST route's own zod model, so the same bad input is refused with the same
 * `validation_failed` and the same field paths in both APIs. GraphQL has checked the types already; the model checks
 * the rest (lengths, formats, what is required, what goes together).
 *
 * @example
 * const body = parseInput(CreateLessonBody, args.input);
 */
export function parseInput<T extends z.ZodType>(model: T, input: unknown): z.output<T> {
  // GraphQL builds input objects without a prototype; the models read plain ones.
  const plain = typeof input === "object" && input !== null ? { ...input } : input;
  const result = model.safeParse(plain);
  if (!result.success) throw validationFailed(fieldProblems(result.error));
  return result.data;
}
