import { useState } from "react";
import styles from "./Calendar.module.css";

/**
 * The calendar's iCalendar feed, for calendar apps to subscribe to: a webcal link that opens the app, and the https
 * address to paste where an app asks for one (Google Calendar's "From URL").
 */
export function Subscribe() {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const address = `${location.origin}/events.ics`;
  const webcal = address.replace(/^https?:/, "webcal:");
  async function copy() {
    try {
      await navigator.clipboard.writeText(address);
      setCopied("yes");
    } catch {
      setCopied("no");
      document.getElementById("calendar-feed-address")?.focus();
    }
  }
  return (
    <section className={styles.subscribe} aria-labelledby="subscribe-title">
      <div>
        <h2 id="subscribe-title">Subscribe to this calendar</h2>
        <p className="muted">
          See every event in Google Calendar, Apple Calendar or Outlook, kept up to date by your app.
        </p>
      </div>
      <div className={styles.subscribeActions}>
        <label htmlFor="calendar-feed-address" className="visually-hidden">
          Calendar feed address
        </label>
        <input
          id="calendar-feed-address"
          className={styles.feedAddress}
          readOnly
          value={address}
          onFocus={(focused) => focused.currentTarget.select()}
        />
        <button type="button" className="button button-quiet" onClick={() => void copy()}>
          Copy link
        </button>
        <a className="button" href={webcal}>
          Open in calendar app
        </a>
      </div>
      <p role="status" className={styles.copied}>
        {copied === "yes" && "Link copied."}
        {copied === "no" && "Copy the selected address with your keyboard (Ctrl+C or ⌘C)."}
      </p>
    </section>
  );
}
