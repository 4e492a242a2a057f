import { ApiError } from "../../api/problem";
import { consoleWords } from "../problems";

/** The catalog's own problem codes, in the words editors read (a code not here falls back to `consoleWords`). */
const CATALOG_WORDS: Record<string, string> = {
  invalid_transition: "It is not in a state that allows this: the page may be out of date. Reload it and look again.",
  term_number_taken:
    "Another term of this program already has that number. Choose a free one, or renumber that term first.",
  lesson_number_taken: "Another lesson of this term already has that number. Choose a free one.",
  topic_exists: "There is already a topic with that name (names are the same whatever their capitals).",
  unknown_topic: "One of the topics was deleted meanwhile. Reload the page and choose again.",
  language_not_available: "That language is not one the program offers. Add it to the program's languages first.",
  unsupported_image_type: "That file is not an image the catalog takes: use a JPEG, PNG, WebP or GIF.",
  payload_too_large: "That file is too large: images may be at most 10 MB.",
};

/**
 * What went wrong with a catalog action, in words: the catalog's codes first, then the console's (a 403 says the
 * role does not allow it).
 *
 * @example
 * catch (error) { setProblem(catalogWords(error)); }
 */
export function catalogWords(error: unknown): string {
  if (error instanceof ApiError && error.status !== 403 && CATALOG_WORDS[error.code])
    return CATALOG_WORDS[error.code] ?? "";
  return consoleWords(error);
}

/**
 * Each field's problem in words, by the field's path: a unique number or name taken (409) says so in the catalog's
 * words beside its field, rather than the API's short "Already in use."
 */
export function catalogFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const fields = error.fieldErrors();
  const words = CATALOG_WORDS[error.code];
  if (error.status === 409 && words) for (const path of Object.keys(fields)) fields[path] = words;
  return fields;
}
