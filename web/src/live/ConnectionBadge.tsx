import styles from "./ConnectionBadge.module.css";
import type { ConnectionState } from "./socket";

const WORDS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  open: "Connected",
  reconnecting: "Reconnecting…",
  refused: "Not connected",
  closed: "Not connected",
};

/** How the page's live connection stands, in a word and a dot; screen readers hear a change once, politely. */
export function ConnectionBadge({ state, label = "Connection" }: { state: ConnectionState; label?: string }) {
  return (
    <span className={`${styles.badge} ${styles[state]}`} role="status" title={label}>
      <span className={styles.dot} aria-hidden="true" />
      <span className="visually-hidden">{label}: </span>
      {WORDS[state]}
    </span>
  );
}
