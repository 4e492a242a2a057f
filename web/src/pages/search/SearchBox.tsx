import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import styles from "./Search.module.css";

/** How long the box waits after the last key before it searches: a fast typist's word is one search, not five. */
const DEBOUNCE_MS = 180;

/**
 * The search box: it searches as you type (`onSearch` once typing pauses), at once on Enter, and shows the words of
 * the address when the address changes by itself (Back, "did you mean"). It takes the focus when the page opens.
 */
export function SearchBox({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(q);
  // The words last handed to `onSearch`: an address with other words was changed by something else.
  const sent = useRef(q);
  const timer = useRef<number>(undefined);
  // The latest render's callback, for a search that fires after a pause: it knows a filter chosen meanwhile.
  const latestOnSearch = useRef(onSearch);
  useEffect(() => {
    latestOnSearch.current = onSearch;
  });

  useEffect(() => {
    if (q === sent.current) return;
    sent.current = q;
    clearTimeout(timer.current);
    setText(q);
  }, [q]);

  useEffect(() => {
    // After the layout's own focus move on arriving from another page (it focuses <main> once the page is in).
    const focusing = setTimeout(() => input.current?.focus());
    return () => {
      clearTimeout(focusing);
      clearTimeout(timer.current);
    };
  }, []);

  function send(value: string) {
    clearTimeout(timer.current);
    const words = value.trim();
    if (words === sent.current) return;
    sent.current = words;
    latestOnSearch.current(words);
  }

  function change(value: string) {
    setText(value);
    clearTimeout(timer.current);
    timer.current = window.setTimeout(() => send(value), DEBOUNCE_MS);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    send(text);
  }

  return (
    <search>
      <form className={styles.box} onSubmit={submit}>
        <label htmlFor={id} className="visually-hidden">
          Search programs and lessons
        </label>
        <svg aria-hidden="true" viewBox="0 0 24 24" className={styles.boxIcon}>
          <circle cx="10.5" cy="10.5" r="6.5" />
          <path d="m15.5 15.5 5 5" />
        </svg>
        <input
          ref={input}
          id={id}
          type="search"
          name="q"
          value={text}
          onChange={(event) => change(event.target.value)}
          maxLength={1000}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="search"
          placeholder="Search programs and lessons"
        />
      </form>
    </search>
  );
}
