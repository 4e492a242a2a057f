// Money, times and statuses as staff read them.

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** 1250000, "USD" → "$12,500.00". */
export function formatMoney(cents: number, currency = "USD"): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: "currency", currency });
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** An ISO time on the viewer's clock: "3 Dec 2026, 14:05". */
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

/** `partially_refunded` → "Partially refunded". */
export const statusWords = (status: string) => {
  const words = status.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** An order's id as staff say it: its first eight characters ("856d5ed2"), enough to tell orders apart at a glance. */
export const shortId = (id: string) => id.slice(0, 8);
