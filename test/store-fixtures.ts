import { env } from "cloudflare:workers";
import { customerProfiles, products } from "../src/store/schema";
import {
  type CallOptions,
  callJson,
  createUser,
  db,
  freshIp,
  type JsonReply,
  type TestUser,
  uniqueWord,
} from "./helpers";

// Shared by the store's tests: products and customers made directly in D1, and calls from a client address of their
// own (the store's routes are rate-limited per address, and the limiter's counts are shared by every test file).

/** A call to the Worker from a client address no other call uses, so that the store's rate limit never decides it. */
export function storeJson<T = any>(method: string, path: string, options: CallOptions = {}): Promise<JsonReply<T>> {
  return callJson<T>(method, path, { ...options, headers: { "CF-Connecting-IP": freshIp(), ...options.headers } });
}

export type ProductInsert = typeof products.$inferInsert;

/** Puts a product on the shelf (active, 5 in stock, 1,000.00 USD unless told otherwise); its name holds a unique word. */
export async function insertProduct(overrides: Partial<ProductInsert> = {}): Promise<ProductInsert & { id: string }> {
  const now = new Date().toISOString();
  const product = {
    id: crypto.randomUUID(),
    name: `Watch ${uniqueWord()}`,
    brand: "Test Brand",
    category: "sport" as const,
    priceCents: 100_000,
    currency: "USD",
    stock: 5,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
  await db().insert(products).values(product);
  return product;
}

/** A customer account with a profile, and an access token for it. */
export async function createCustomer(name?: string): Promise<TestUser> {
  const customer = await createUser("customer", name);
  const now = new Date().toISOString();
  await db().insert(customerProfiles).values({ userId: customer.id, createdAt: now, updatedAt: now });
  return customer;
}

/** The stock D1 holds for a product now. */
export async function stockOf(productId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT stock FROM products WHERE id = ?")
    .bind(productId)
    .first<{ stock: number }>();
  if (!row) throw new Error(`no product ${productId}`);
  return row.stock;
}
