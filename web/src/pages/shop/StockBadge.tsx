import styles from "./StockBadge.module.css";

/** Below this many, a watch says how many are left. */
const FEW_LEFT = 3;

/** "In stock", "Only 2 left" or "Sold out". */
export function stockWords(stock: number): string {
  if (stock <= 0) return "Sold out";
  if (stock <= FEW_LEFT) return `Only ${stock} left`;
  return "In stock";
}

export function StockBadge({ stock }: { stock: number }) {
  const tone = stock <= 0 ? styles.out : stock <= FEW_LEFT ? styles.few : styles.in;
  return <span className={`${styles.badge} ${tone}`}>{stockWords(stock)}</span>;
}
