import { ApiError } from "../../../../api/problem";
import type { CmsProgram, NewProgram } from "../../../../console/catalog/programs";

/** The program form as it is being filled in: the fields the API takes, with the primary language among the offered. */
export interface ProgramForm {
  title: string;
  description: string;
  language_primary: string;
  languages_available: string[];
  topic_ids: string[];
}

export const emptyProgramForm = (): ProgramForm => ({
  title: "",
  description: "",
  language_primary: "en",
  languages_available: ["en"],
  topic_ids: [],
});

export const programForm = (program: CmsProgram): ProgramForm => ({
  title: program.title,
  description: program.description,
  language_primary: program.language_primary,
  languages_available: program.languages_available,
  topic_ids: program.topics.map((topic) => topic.id),
});

/** The request body: the offered languages start with the primary one, as a program lists them. */
export const programBody = (form: ProgramForm): NewProgram => ({
  title: form.title,
  description: form.description,
  language_primary: form.language_primary,
  languages_available: [
    form.language_primary,
    ...form.languages_available.filter((code) => code !== form.language_primary),
  ],
  topic_ids: form.topic_ids,
});

/** The fields of the form, as the API names them. */
export const PROGRAM_FIELDS = ["title", "description", "language_primary", "languages_available", "topic_ids"] as const;

/**
 * The API's field problems by the form's field: an item's path is its list's (`topic_ids.2` → `topic_ids`), so that
 * the problem shows beside the list. A problem at no field of the form keeps its path.
 */
export function problemsByField(error: unknown): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!(error instanceof ApiError)) return problems;
  for (const [path, words] of Object.entries(error.fieldErrors())) {
    const field = PROGRAM_FIELDS.find((name) => path === name || path.startsWith(`${name}.`)) ?? path;
    problems[field] ??= words;
  }
  return problems;
}

/**
 * Moves the keyboard to the first field with a problem, once React has drawn the messages (so the field is announced
 * with its description); in a group of checkboxes, to its first one that can change.
 *
 * @example
 * setErrors(problemsByField(error));
 * focusFirstProblem(formRef.current);
 */
export function focusFirstProblem(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => {
    const invalid = form?.querySelector<HTMLElement>("[aria-invalid=true]");
    const target = invalid?.matches("fieldset") ? invalid.querySelector<HTMLElement>("input:not(:disabled)") : invalid;
    // Centred, so that a dialog's sticky title does not cover the field with its label.
    target?.focus({ preventScroll: true });
    target?.scrollIntoView({ block: "center" });
  });
}
