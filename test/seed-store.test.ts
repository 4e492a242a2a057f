import { env } from "cloudflare:workers";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { seedPeople } from "../scripts/seed/demo-data";
import { seedStore } from "../scripts/seed/store";
import { DEMO_SHOPPER_PASSWORD } from "../scripts/seed/store-customers";
import { users } from "../src/auth/schema";
import { customerProfiles, orderEvents, orderItems, orders, PRODUCT_CATEGORIES, products } from "../src/store/schema";
import { tierFor } from "../src/store/tiers";
import { call, callJson, db, login } from "./helpers";

// The store's part of the demo seed, on the demo accounts it builds on (test/seed.test.ts seeds everything at once).

const sizes = async () => {
  const tables = { users, customerProfiles, products, orders, orderItems, orderEvents };
  const counts = await Promise.all(
    Object.entries(tables).map(async ([name, table]) => [name, (await db().select({ n: count() }).from(table))[0]?.n]),
  );
  return Object.fromEntries(counts);
};

const EXPECTED = { users: 13, customerProfiles: 10, products: 50, orders: 21, orderItems: 24, orderEvents: 42 };

/** What each customer has spent as the store counts it: orders not cancelled, less refunds. */
async function spentByCustomer(): Promise<Map<string, number>> {
  const { results } = await env.DB.prepare(
    `SELECT u.id, coalesce(SUM(CASE WHEN o.status <> 'cancelled' THEN o.total_cents - o.refunded_cents END), 0) AS spent
     FROM users u LEFT JOIN orders o ON o.customer_id = u.id WHERE u.role = 'customer' GROUP BY u.id`,
  ).all<{ id: string; spent: number }>();
  return new Map(results.map((row) => [row.id, row.spent]));
}

describe("the store's demo data", () => {
  it("seeds fifty watches and ten customers with their orders onto the demo accounts", async () => {
    expect(await seedPeople(db())).toBe(true);
    expect(await seedStore(db(), env.MEDIA)).toBe(true);
    expect(await sizes()).toEqual(EXPECTED);
  });

  it("has watches of fifteen brands in every category, with details, real images, and a few running out", async () => {
    const shelf = await db().select().from(products);
    expect(new Set(shelf.map((p) => p.brand)).size).toBeGreaterThanOrEqual(15);
    expect(new Set(shelf.map((p) => p.category))).toEqual(new Set(PRODUCT_CATEGORIES));
    expect(shelf.filter((p) => p.stock === 0).length).toBeGreaterThanOrEqual(2);
    expect(shelf.filter((p) => p.stock > 0 && p.stock <= 2).length).toBeGreaterThanOrEqual(3);
    for (const p of shelf) {
      expect(p.priceCents, p.id).toBeGreaterThan(0);
      expect(p).toMatchObject({ status: "active", currency: "USD" });
      for (const detail of [p.movement, p.caseMaterial, p.caseDiameterMm, p.year, p.condition, p.warrantyYears]) {
        expect(detail, p.id).not.toBeNull();
      }
      expect(p.description.length, p.id).toBeGreaterThan(20);
    }
    for (const url of new Set(shelf.map((p) => p.image ?? ""))) {
      const res = await call("GET", url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(res.status, url).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("image/png");
      expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
  });

  it("has customers in all three tiers, the one at exactly 10,000.00 in Silver", async () => {
    const spent = await spentByCustomer();
    expect(spent.size).toBe(10);
    const tiers = [...spent.values()].map((cents) => tierFor(cents).tier);
    expect(tiers.filter((tier) => tier === "gold")).toHaveLength(3);
    expect(tiers.filter((tier) => tier === "silver")).toHaveLength(4);
    expect(tiers.filter((tier) => tier === "bronze")).toHaveLength(3);
    expect(spent.get("user-olivia")).toBe(1_000_000);
    expect(tierFor(spent.get("user-olivia")!).tier).toBe("silver");
    expect(tierFor(spent.get("user-carol")!).tier).toBe("gold");
    expect(tierFor(spent.get("user-dan")!).tier).toBe("silver");
    const profiled = await db().select().from(customerProfiles);
    expect(profiled.every((profile) => profile.phone && profile.address)).toBe(true);
  });

  it("has completed orders with their points, one processing, one cancelled, one refunded, and every change in events", async () => {
    const all = await db().select().from(orders);
    const byStatus = (status: string) => all.filter((order) => order.status === status);
    expect(byStatus("processing")).toHaveLength(1);
    expect(byStatus("cancelled")).toHaveLength(1);
    expect(byStatus("refunded")).toHaveLength(1);
    expect(byStatus("completed")).toHaveLength(18);
    for (const order of byStatus("completed")) {
      expect(order.rewardPoints, order.id).toBe(Math.floor(order.totalCents / 100));
    }
    expect(byStatus("refunded")[0]).toMatchObject({ refundedCents: byStatus("refunded")[0]!.totalCents });
    // Orders placed at Silver or Gold carry the discount.
    expect(all.filter((order) => order.discountPercent > 0).length).toBeGreaterThan(5);

    const events = await db().select().from(orderEvents);
    for (const order of all) {
      const trail = events
        .filter((event) => event.orderId === order.id)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      expect(trail[0]).toMatchObject({ fromStatus: null, toStatus: "processing" });
      expect(trail.at(-1)!.toStatus, order.id).toBe(order.status);
      // Each change starts where the one before ended.
      expect(trail.slice(1).map((event) => event.fromStatus)).toEqual(
        trail.slice(0, -1).map((event) => event.toStatus),
      );
    }
    const refund = events.find((event) => event.toStatus === "refunded");
    expect(refund).toMatchObject({ actorId: "user-editor", amountCents: byStatus("refunded")[0]!.totalCents });
  });

  it("lets the new customers sign in, and gives Carol recommendations from what she bought", async () => {
    expect((await login("olivia@example.com", DEMO_SHOPPER_PASSWORD)).status).toBe(200);
    const carol = await login("carol@example.com", "carol-password");
    const res = await callJson("GET", "/recommendations", { token: carol.body.access_token });
    expect(res.status).toBe(200);
    expect(res.body.strategy).toBe("personal");
    expect(res.body.data[0].reason).toMatch(/^(Because you bought|Often bought with your) /);
  });

  it("changes nothing when run again", async () => {
    const before = await db().select().from(orders);
    expect(await seedStore(db(), env.MEDIA)).toBe(false);
    expect(await sizes()).toEqual(EXPECTED);
    expect(await db().select().from(orders)).toEqual(before);
  });
});
