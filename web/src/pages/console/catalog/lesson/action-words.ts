import { ApiError } from "../../../../api/problem";
import { consoleWords } from "../../../../console/problems";

/**
 * What went wrong with a lesson action, in words: a lesson another editor moved meanwhile (409
 * `invalid_transition`) is said as the API says it, with what to do; anything else as the console says it.
 */
export function lessonActionWords(error: unknown): string {
  if (error instanceof ApiError && error.code === "invalid_transition") {
    return `The lesson's status changed meanwhile, so this no longer applies. ${error.problem.detail} Reload the page to see it as it is now.`;
  }
  return consoleWords(error);
}
