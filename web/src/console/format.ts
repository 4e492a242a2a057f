// Statuses as staff read them (money and times: ../format.ts; order numbers: ../api/shop.ts).

/** `partially_refunded` → "Partially refunded". */
export const statusWords = (status: string) => {
  const words = status.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};
