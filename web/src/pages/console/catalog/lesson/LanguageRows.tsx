import { Field } from "../../../../components/Field";
import consoleStyles from "../../../../console/console.module.css";
import { languageName } from "../../../../format";
import { type LanguageRow, rowKey } from "./form";
import styles from "./Lesson.module.css";

/**
 * A list of languages each with an address (a lesson's content per language, or its subtitles), rows added and
 * removed by the editor. The API's problems show beside the row they name (`content_urls_by_language.te` beside the
 * Telugu address, `subtitle_languages.1` beside the second language) and, for the list as a whole, above it.
 */
export function LanguageRows({
  legend,
  noun,
  rows,
  onChange,
  errors,
  listPath,
  urlPath,
  hint,
  readOnly,
}: {
  legend: string;
  /** What each address is, for the labels: "Content" makes "Content language 1" and "Content URL 1". */
  noun: string;
  rows: LanguageRow[];
  onChange: (rows: LanguageRow[]) => void;
  errors: Record<string, string>;
  /** The API's path of the list of languages: `content_languages_available`. */
  listPath: string;
  /** The API's path of the addresses by language: `content_urls_by_language`. */
  urlPath: string;
  hint: string;
  readOnly: boolean;
}) {
  const change = (index: number, field: "language" | "url", value: string) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, [field]: value } : row)));
  const groupErrors = [errors[listPath], errors[urlPath]].filter(Boolean);
  return (
    <fieldset className={consoleStyles.fieldset}>
      <legend>{legend}</legend>
      <p className={styles.zone}>{hint}</p>
      {groupErrors.map((words) => (
        <p key={words} className={styles.groupError}>
          <span aria-hidden="true">⚠ </span>
          {words}
        </p>
      ))}
      {rows.map((row, index) => (
        <div key={row.key} className={styles.languageRow}>
          <Field
            label={`${noun} language ${index + 1}`}
            name={`${listPath}.${index}`}
            value={row.language}
            onChange={(event) => change(index, "language", event.target.value)}
            error={errors[`${listPath}.${index}`]}
            hint={row.language.trim() ? languageName(row.language.trim()) : "Code, like te"}
            readOnly={readOnly}
            autoCapitalize="off"
            spellCheck={false}
          />
          <Field
            label={`${noun} URL ${index + 1}`}
            name={`${urlPath}.${row.language}`}
            value={row.url}
            onChange={(event) => change(index, "url", event.target.value)}
            error={errors[`${urlPath}.${row.language.trim()}`]}
            hint="An https address"
            inputMode="url"
            readOnly={readOnly}
            spellCheck={false}
          />
          {!readOnly && (
            <button
              type="button"
              className={`button button-quiet button-danger ${styles.rowRemove}`}
              onClick={() => onChange(rows.filter((_, at) => at !== index))}
              aria-label={`Remove ${noun.toLowerCase()} language ${index + 1}`}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <div>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => onChange([...rows, { key: rowKey(), language: "", url: "" }])}
          >
            <span aria-hidden="true">+</span> Add a {noun.toLowerCase()} language
          </button>
        </div>
      )}
    </fieldset>
  );
}
