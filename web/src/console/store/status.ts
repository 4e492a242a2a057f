import styles from "../console.module.css";
import type { Customer, Order } from "./api";

/** The pill's colour of each order status: done, waiting, undone. */
export const ORDER_STATUS_TONE: Record<Order["status"], string> = {
  processing: styles.info ?? "",
  completed: styles.good ?? "",
  cancelled: styles.bad ?? "",
  refunded: styles.bad ?? "",
  partially_refunded: styles.warn ?? "",
};

export const TIER_TONE: Record<Customer["vip_tier"], string> = {
  bronze: styles.bronze ?? "",
  silver: styles.silver ?? "",
  gold: styles.gold ?? "",
};
