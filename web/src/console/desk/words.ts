import styles from "../console.module.css";
import type { Ticket } from "./api";

/** Each priority in words, highest first (the order of the filter and the select). */
export const PRIORITY_WORDS: Record<Ticket["priority"], string> = { high: "High", normal: "Normal", low: "Low" };

export const STATUS_WORDS: Record<Ticket["status"], string> = { open: "Open", closed: "Closed" };

/** The pill's colour of each status and priority: open tickets and high priority stand out. */
export const STATUS_TONE: Record<Ticket["status"], string> = { open: styles.info ?? "", closed: "" };
export const PRIORITY_TONE: Record<Ticket["priority"], string> = {
  high: styles.bad ?? "",
  normal: "",
  low: styles.silver ?? "",
};
