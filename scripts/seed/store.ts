import { and, eq, inArray, type SQL } from "drizzle-orm";
import { decodeBase64 } from "hono/utils/encode";
import { hashPassword } from "../../src/auth/password";
import { users } from "../../src/auth/schema";
import type { Database } from "../../src/db/client";
import { IMAGE_TYPES } from "../../src/media/image-type";
import { storeMedia } from "../../src/media/storage";
import {
  customerProfiles,
  orderEvents,
  orderItems,
  orders,
  PRODUCT_CATEGORIES,
  type ProductCategory,
  products,
} from "../../src/store/schema";
import { discountCents, tierFor } from "../../src/store/tiers";
import { DEMO_EDITOR, minutesAgo } from "./common";
import { DEMO_SHOPPER_PASSWORD, DEMO_SHOPPERS, type DemoOrder, type DemoShopper } from "./store-customers";
import { DEMO_WATCHES, type DemoWatch, describeWatch, productId } from "./store-products";
import { WATCH_IMAGES } from "./watch-images";

const DAY_MINUTES = 24 * 60;
const at = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Uploads one watch face per category to R2 (content-addressed, like a real upload); its /media/ URL by category. */
async function storeWatchImages(media: R2Bucket): Promise<Record<ProductCategory, string>> {
  const stored = await Promise.all(
    PRODUCT_CATEGORIES.map(async (category) => {
      const bytes = decodeBase64(WATCH_IMAGES[category]);
      return [category, (await storeMedia(media, { bytes, type: IMAGE_TYPES.png })).url] as const;
    }),
  );
  return Object.fromEntries(stored) as Record<ProductCategory, string>;
}

function productRow(watch: DemoWatch, image: string, createdAt: string): typeof products.$inferInsert {
  const { slug, ...fields } = watch;
  return {
    ...fields,
    id: productId(slug),
    description: describeWatch(watch),
    currency: "USD",
    image,
    status: "active",
    createdAt,
    updatedAt: createdAt,
  };
}

/** An order event; its actor may be looked up by the statement itself (DEMO_EDITOR). */
type EventRow = Omit<typeof orderEvents.$inferInsert, "actorId"> & { actorId?: string | SQL | null };

/** A customer's orders with their lines and events, oldest first, each at the tier the customer had then. */
function historyOf(shopper: DemoShopper, now: Date) {
  const watches = new Map(DEMO_WATCHES.map((watch) => [watch.slug, watch]));
  const rows = {
    orders: [] as (typeof orders.$inferInsert)[],
    items: [] as (typeof orderItems.$inferInsert)[],
    events: [] as EventRow[],
  };
  let spentCents = 0;
  const history = [...shopper.orders].sort((a, b) => b.daysAgo - a.daysAgo);
  history.forEach((order: DemoOrder, n) => {
    const id = `order-${shopper.id.replace(/^user-/, "")}-${n + 1}`;
    const lines = order.lines.map(([slug, quantity]) => {
      const watch = watches.get(slug);
      if (!watch) throw new Error(`no demo watch ${slug}`);
      return { watch, quantity, lineCents: watch.priceCents * quantity };
    });
    const { tier, discount_percent } = tierFor(spentCents);
    const subtotalCents = lines.reduce((sum, line) => sum + line.lineCents, 0);
    const totalCents = subtotalCents - discountCents(subtotalCents, discount_percent);
    const refunded = order.status === "refunded";
    const placedAt = minutesAgo(now, order.daysAgo * DAY_MINUTES + 120);
    // The queue completes an order in minutes; a cancellation comes within the hour, a refund days later.
    const statusAt = {
      processing: placedAt,
      completed: at(placedAt, 2),
      cancelled: at(placedAt, 30),
      refunded: at(placedAt, 5 * DAY_MINUTES),
    };
    const completedAt = order.status === "completed" || refunded ? statusAt.completed : null;
    if (order.status !== "cancelled") spentCents += refunded ? 0 : totalCents;

    // A full refund gives back what each line cost after the discount; the last line takes the rounding.
    let refundLeft = refunded ? totalCents : 0;
    const refundedCents = lines.map(({ lineCents }, i) => {
      const share = i === lines.length - 1 ? refundLeft : Math.round((lineCents * totalCents) / subtotalCents);
      refundLeft -= refunded ? share : 0;
      return refunded ? share : 0;
    });

    rows.orders.push({
      id,
      customerId: shopper.id,
      status: order.status,
      currency: "USD",
      tier,
      discountPercent: discount_percent,
      subtotalCents,
      discountCents: subtotalCents - totalCents,
      totalCents,
      refundedCents: refunded ? totalCents : 0,
      // One point per whole currency unit of a completed order; a full refund takes its points back.
      rewardPoints: order.status === "completed" ? Math.floor(totalCents / 100) : 0,
      createdAt: placedAt,
      updatedAt: statusAt[order.status],
      completedAt,
    });
    lines.forEach(({ watch, quantity }, i) => {
      rows.items.push({
        orderId: id,
        productId: productId(watch.slug),
        productName: watch.name,
        unitPriceCents: watch.priceCents,
        quantity,
        refundedQuantity: refunded ? quantity : 0,
        refundedCents: refundedCents[i] ?? 0,
      });
    });

    const event = (step: string, fields: Omit<EventRow, "id" | "orderId">) =>
      rows.events.push({ id: `${id}-${step}`, orderId: id, ...fields });
    event("placed", { fromStatus: null, toStatus: "processing", actorId: shopper.id, createdAt: placedAt });
    if (completedAt) event("completed", { fromStatus: "processing", toStatus: "completed", createdAt: completedAt });
    if (order.status === "cancelled") {
      event("cancelled", {
        fromStatus: "processing",
        toStatus: "cancelled",
        actorId: shopper.id,
        reason: order.reason,
        createdAt: statusAt.cancelled,
      });
    }
    if (refunded) {
      event("refunded", {
        fromStatus: "completed",
        toStatus: "refunded",
        actorId: DEMO_EDITOR,
        reason: order.reason,
        amountCents: totalCents,
        detail: lines.map(({ watch, quantity }, i) => ({
          product_id: productId(watch.slug),
          quantity,
          amount_cents: refundedCents[i],
          restocked: true,
        })),
        createdAt: statusAt.refunded,
      });
    }
  });
  return rows;
}

/** Whether the demo customers seedPeople makes are there: a database with accounts of its own gets the shelf only. */
async function demoCustomersPresent(db: Database): Promise<boolean> {
  const demo = DEMO_SHOPPERS.filter((shopper) => !shopper.account).map((shopper) => shopper.id);
  return (await db.$count(users, and(inArray(users.id, demo), eq(users.role, "customer")))) === demo.length;
}

/**
 * The demo watch store: fifty watches (images in R2), and ten customers with profiles and order histories that
 * span the VIP tiers (see DEMO_SHOPPERS), with every order's status changes in its events. The customers come only
 * with the demo accounts (Carol and Dan are two of them); the other eight sign in with DEMO_SHOPPER_PASSWORD. Seeds
 * only when there are no products yet; returns whether it did.
 */
export async function seedStore(db: Database, media: R2Bucket, now = new Date()): Promise<boolean> {
  if (await db.$count(products)) return false;

  const images = await storeWatchImages(media);
  const shelvedAt = minutesAgo(now, 150 * DAY_MINUTES);
  const productRows = DEMO_WATCHES.map((watch) => productRow(watch, images[watch.category], shelvedAt));
  const shoppers = (await demoCustomersPresent(db)) ? DEMO_SHOPPERS : [];

  // One hash for all of them: they share the one documented password, and each hash costs 100,000 PBKDF2 rounds.
  const passwordHash = await hashPassword(DEMO_SHOPPER_PASSWORD);
  const joinedAt = minutesAgo(now, 160 * DAY_MINUTES);
  const accounts = shoppers.flatMap(({ id, account }) =>
    account ? [{ id, ...account, role: "customer" as const, passwordHash, createdAt: joinedAt }] : [],
  );
  const profiles = shoppers.map(({ id, phone, address }) => ({
    userId: id,
    phone,
    address,
    createdAt: joinedAt,
    updatedAt: joinedAt,
  }));
  const histories = shoppers.map((shopper) => historyOf(shopper, now));

  // One batch, one transaction; one row per statement keeps each under D1's 100 bound parameters.
  const [firstProduct, ...moreProducts] = productRows;
  if (!firstProduct) throw new Error("no demo watches");
  await db.batch([
    db.insert(products).values(firstProduct),
    ...moreProducts.map((row) => db.insert(products).values(row)),
    ...accounts.map((row) => db.insert(users).values(row).onConflictDoNothing()),
    ...profiles.map((row) => db.insert(customerProfiles).values(row).onConflictDoNothing()),
    ...histories.flatMap((history) => history.orders.map((row) => db.insert(orders).values(row))),
    ...histories.flatMap((history) => history.items.map((row) => db.insert(orderItems).values(row))),
    ...histories.flatMap((history) => history.events.map((row) => db.insert(orderEvents).values(row))),
  ]);
  return true;
}
