import { languageName } from "../format";
import styles from "./LanguageSwitch.module.css";

/** A choice of one language among a few, as a row of radio buttons; nothing when there is only one. */
export function LanguageSwitch({
  label,
  languages,
  value,
  onChange,
}: {
  label: string;
  languages: string[];
  value: string;
  onChange: (language: string) => void;
}) {
  if (languages.length < 2) return null;
  return (
    <fieldset className={styles.switch}>
      <legend>{label}</legend>
      <div className={styles.options}>
        {languages.map((language) => (
          <label key={language} className={styles.option}>
            <input
              type="radio"
              name="language"
              value={language}
              checked={language === value}
              onChange={() => onChange(language)}
            />
            <span>{languageName(language)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
