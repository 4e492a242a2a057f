// Statuses and ids as staff read them (money and times: ../format.ts).

/** `partially_refunded` → "Partially refunded". */
export const statusWords = (status: string) => {
  const words = status.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** An order's id as staff say it: its first eight characters ("856d5ed2"), enough to tell orders apart at a glance. */
export const shortId = (id: string) => id.slice(0, 8);
