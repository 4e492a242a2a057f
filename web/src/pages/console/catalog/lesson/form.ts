import type { Lesson, LessonChanges } from "../../../../console/catalog/lessons";

/** One language of a lesson with its address: its content in that language, or its subtitles. */
export interface LanguageRow {
  /** Keeps a row's inputs (and focus) its own while rows are added and removed. */
  key: string;
  language: string;
  url: string;
}

/** The lesson form's fields as typed, one per control. */
export interface LessonForm {
  title: string;
  description: string;
  content_type: Lesson["content_type"];
  /** Minutes, as editors think of a lesson's length: "8" or "7.5". */
  duration: string;
  is_paid: boolean;
  lesson_number: string;
  content_language_primary: string;
  content: LanguageRow[];
  subtitles: LanguageRow[];
}

let rowCount = 0;
/** A new row's key, unique on the page. */
export const rowKey = () => `row-${++rowCount}`;

export function lessonForm(lesson: Lesson): LessonForm {
  return {
    title: lesson.title,
    description: lesson.description,
    content_type: lesson.content_type,
    duration: lesson.duration_ms === null ? "" : String(Math.round(lesson.duration_ms / 600) / 100),
    is_paid: lesson.is_paid,
    lesson_number: String(lesson.lesson_number),
    content_language_primary: lesson.content_language_primary,
    content: lesson.content_languages_available.map((language) => ({
      key: rowKey(),
      language,
      url: lesson.content_urls_by_language[language] ?? "",
    })),
    subtitles: lesson.subtitle_languages.map((language) => ({
      key: rowKey(),
      language,
      url: lesson.subtitle_urls_by_language[language] ?? "",
    })),
  };
}

const MINUTES = /^\d+([.,]\d+)?$/;
const WHOLE = /^\d+$/;

/** What the page can tell before sending, by the API's field paths: numbers that are not numbers. */
export function lessonFormProblems(form: LessonForm): Record<string, string> {
  const problems: Record<string, string> = {};
  if (form.duration.trim() && !MINUTES.test(form.duration.trim())) {
    problems.duration_ms = "Enter the length in minutes, like 8 or 7.5.";
  }
  if (!WHOLE.test(form.lesson_number.trim())) problems.lesson_number = "Enter a whole number.";
  return problems;
}

const languages = (rows: LanguageRow[]) => rows.map((row) => row.language.trim());

/** The lesson as the form would have it, in the API's fields. */
function lessonBody(form: LessonForm): Required<LessonChanges> {
  const duration = form.duration.trim().replace(",", ".");
  return {
    title: form.title,
    description: form.description,
    content_type: form.content_type,
    duration_ms: duration ? Math.round(Number(duration) * 60_000) : null,
    is_paid: form.is_paid,
    lesson_number: Number(form.lesson_number.trim()),
    content_language_primary: form.content_language_primary,
    content_languages_available: languages(form.content),
    // A language without a content address is offered without one (only the primary language must have one).
    content_urls_by_language: Object.fromEntries(
      form.content.filter((row) => row.url.trim()).map((row) => [row.language.trim(), row.url.trim()]),
    ),
    subtitle_languages: languages(form.subtitles),
    subtitle_urls_by_language: Object.fromEntries(form.subtitles.map((row) => [row.language.trim(), row.url.trim()])),
  };
}

/**
 * The fields the editor changed, as `PATCH /cms/lessons/{id}` takes them; empty when nothing changed. Only those are
 * sent, so an edit of other fields made meanwhile (by someone else) is kept, and a published lesson's pending
 * changes name only what differs.
 */
export function lessonChanges(form: LessonForm, lesson: Lesson): LessonChanges {
  const next = lessonBody(form);
  const current = lessonBody(lessonForm(lesson));
  return Object.fromEntries(
    Object.entries(next).filter(
      ([name, value]) => JSON.stringify(value) !== JSON.stringify(current[name as keyof LessonChanges]),
    ),
  ) as LessonChanges;
}
