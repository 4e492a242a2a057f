import { type ReactNode, useId, useRef, useState } from "react";
import styles from "./console.module.css";

/** The bar of filters above a console table; each filter applies as it changes, so the form never submits. */
export function FilterBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <form className={styles.filters} aria-label={label} onSubmit={(event) => event.preventDefault()}>
      {children}
    </form>
  );
}

/** A labelled select in the filter bar. */
export function SelectFilter({
  label,
  value,
  onChange,
  wide,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** For long options (a customer's name and email). */
  wide?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className={`${styles.filter} ${wide ? styles.filterWide : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} className={styles.control} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** The filter bar's search box. It searches as one types, once a short pause shows the word is complete. */
export function SearchFilter({
  value,
  placeholder,
  onSearch,
}: {
  value: string;
  placeholder: string;
  onSearch: (words: string) => void;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  return (
    <div className={`${styles.filter} ${styles.filterWide}`}>
      <label htmlFor={id}>Search</label>
      <input
        id={id}
        type="search"
        className={styles.control}
        placeholder={placeholder}
        value={text}
        onChange={(event) => {
          const words = event.target.value;
          setText(words);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => onSearch(words.trim()), 300);
        }}
      />
    </div>
  );
}
