import type { OrderStatus } from "../../src/store/schema";

/** A demo customer: the account (the two demo customers' exist already), profile, and order history. */
export interface DemoShopper {
  id: string;
  /** For the accounts the store seed makes; the demo customers Carol and Dan come from seedPeople. */
  account?: { email: string; name: string };
  phone: string;
  address: string;
  orders: DemoOrder[];
}

/** An order of the demo history: when it was placed, what it held, what became of it. */
export interface DemoOrder {
  daysAgo: number;
  /** [watch slug, quantity] */
  lines: [string, number][];
  status: Extract<OrderStatus, "processing" | "completed" | "cancelled" | "refunded">;
  /** Why it was cancelled or refunded. */
  reason?: string;
}

/** The password of every account the store seed makes (local development only, like every demo password). */
export const DEMO_SHOPPER_PASSWORD = "shopper-password";

const shopper = (slug: string, name: string, phone: string, address: string, orders: DemoOrder[]): DemoShopper => ({
  id: `user-${slug}`,
  account: { email: `${slug}@example.com`, name },
  phone,
  address,
  orders,
});

const completed = (daysAgo: number, ...lines: [string, number][]): DemoOrder => ({
  daysAgo,
  lines,
  status: "completed",
});

/**
 * Ten customers whose histories span the three tiers (spent after refunds, in cents): Gold above 10,000.00 (Carol,
 * Marcus, Priya), Silver above 5,000.00 (Dan, Kenji, Ethan, and Olivia at exactly 10,000.00), Bronze below (Sofia,
 * Amara, Lucas). Carol has an order still processing, Dan a cancelled one, Marcus a refunded one. Some bought the same
 * watches, so "For You" has co-purchases to go on: the Seamaster's buyers, the Speedmaster's.
 */
export const DEMO_SHOPPERS: DemoShopper[] = [
  {
    id: "user-carol",
    phone: "+1 415 555 0142",
    address: "12 Harbor View Road, Sausalito, CA 94965, USA",
    orders: [
      completed(90, ["omega-seamaster", 1]),
      completed(60, ["tudor-black-bay-58", 1]),
      completed(20, ["tag-heuer-aquaracer", 1]),
      { daysAgo: 0, lines: [["seiko-prospex-turtle", 1]], status: "processing" },
    ],
  },
  {
    id: "user-dan",
    phone: "+1 212 555 0187",
    address: "480 West End Avenue, Apt 6C, New York, NY 10024, USA",
    orders: [
      completed(45, ["omega-speedmaster", 1]),
      completed(30, ["casio-g-shock-2100", 1]),
      { daysAgo: 10, lines: [["tag-heuer-monaco", 1]], status: "cancelled", reason: "Found one closer to home." },
    ],
  },
  shopper("olivia", "Olivia Bennett", "+44 20 7946 0321", "7 Elm Row, Edinburgh EH7 4AA, UK", [
    completed(70, ["iwc-big-pilot", 1]),
  ]),
  shopper("marcus", "Marcus Chen", "+1 604 555 0119", "1088 Burrard Street, Vancouver, BC V6Z 2R9, Canada", [
    completed(120, ["rolex-daytona", 1]),
    completed(50, ["omega-speedmaster", 1]),
    {
      daysAgo: 25,
      lines: [["cartier-tank-must", 1]],
      status: "refunded",
      reason: "A gift that did not fit; returned unworn.",
    },
  ]),
  shopper("sofia", "Sofia Rossi", "+39 02 5550 1234", "Via Torino 41, 20123 Milano, Italy", [
    completed(15, ["cartier-tank-must", 1]),
  ]),
  shopper("kenji", "Kenji Watanabe", "+81 3 5550 8899", "2-11-3 Meguro, Meguro-ku, Tokyo 153-0063, Japan", [
    completed(80, ["grand-seiko-snowflake", 1]),
    completed(12, ["seiko-presage", 1]),
  ]),
  shopper("amara", "Amara Okafor", "+234 1 555 0147", "15 Admiralty Way, Lekki, Lagos, Nigeria", [
    completed(8, ["apple-watch-series-10", 1], ["garmin-fenix-8", 1]),
  ]),
  shopper("lucas", "Lucas Meyer", "+49 30 5550 7781", "Kastanienallee 12, 10435 Berlin, Germany", [
    completed(40, ["hamilton-khaki-field", 1], ["casio-f-91w", 1]),
    completed(5, ["seiko-5-sports", 1]),
  ]),
  shopper("priya", "Priya Nair", "+91 80 5550 2468", "22 Lavelle Road, Bengaluru 560001, India", [
    completed(100, ["breitling-navitimer", 1]),
    completed(35, ["cartier-santos", 1]),
  ]),
  shopper("ethan", "Ethan Brooks", "+61 2 5550 1357", "3 Bondi Road, Bondi Beach NSW 2026, Australia", [
    completed(65, ["omega-seamaster", 1]),
    completed(18, ["longines-hydroconquest", 1], ["casio-duro", 1]),
  ]),
];
