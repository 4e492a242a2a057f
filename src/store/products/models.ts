import { z } from "@hono/zod-openapi";
import { PageQuery, searchParam } from "../../http/pagination";
import type { FieldProblem } from "../../http/problem";
import { mediaKeyOf } from "../../media/storage";
import {
  MOVEMENTS,
  PRODUCT_CATEGORIES,
  PRODUCT_CONDITIONS,
  PRODUCT_STATUSES,
  type ProductRow,
  type products,
} from "../schema";

/** The store's one currency. */
export const STORE_CURRENCY = "USD";

export const CategorySchema = z.enum(PRODUCT_CATEGORIES).openapi({ example: "diver" });
export const ProductStatusSchema = z.enum(PRODUCT_STATUSES);

const DetailsSchema = z
  .object({
    movement: z.enum(MOVEMENTS).nullable(),
    case_material: z.string().nullable(),
    case_diameter_mm: z.number().int().nullable(),
    water_resistance_m: z.number().int().nullable(),
    year: z.number().int().nullable(),
    condition: z.enum(PRODUCT_CONDITIONS),
    warranty_years: z.number().int().nullable(),
  })
  .openapi("ProductDetails");

export const ProductSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    brand: z.string(),
    category: CategorySchema,
    description: z.string(),
    price_cents: z.number().int().openapi({ example: 1_250_000 }),
    currency: z.string().openapi({ example: STORE_CURRENCY }),
    stock: z.number().int(),
    in_stock: z.boolean(),
    image: z.string().nullable().openapi({ description: "An https URL, or `/media/<key>` of an uploaded image" }),
    details: DetailsSchema,
    status: ProductStatusSchema,
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi("Product");

export type Product = z.infer<typeof ProductSchema>;

/** The product as the API shows it. Other parts of the store (cart, orders, recommendations) present products with it. */
export function presentProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    brand: row.brand,
    category: row.category,
    description: row.description,
    price_cents: row.priceCents,
    currency: row.currency,
    stock: row.stock,
    in_stock: row.stock > 0,
    image: row.image,
    details: {
      movement: row.movement,
      case_material: row.caseMaterial,
      case_diameter_mm: row.caseDiameterMm,
      water_resistance_m: row.waterResistanceM,
      year: row.year,
      condition: row.condition,
      warranty_years: row.warrantyYears,
    },
    status: row.status,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

// ---- writes -------------------------------------------------------------------------------------------------------

/** An uploaded image's path as the media module serves it, or an https URL. */
const ImageSchema = z
  .string()
  .max(2048)
  .refine(
    (url) =>
      url.startsWith("/media/") ? mediaKeyOf(url, "image") !== undefined : /^https:\/\/[^\s/]+\/?\S*$/.test(url),
    "Must be an https URL, or /media/images/<sha256>.<jpg|png|webp|gif> of an uploaded image.",
  )
  .openapi({ example: "/media/images/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.jpg" });

const editableFields = {
  name: z.string().trim().min(1).max(200).openapi({ example: "Seamaster Diver 300M" }),
  brand: z.string().trim().min(1).max(100).openapi({ example: "Omega" }),
  category: CategorySchema,
  description: z.string().trim().max(5000),
  price_cents: z.number().int().min(0).max(100_000_000_00).openapi({ example: 590_000 }),
  currency: z.literal(STORE_CURRENCY).openapi({ description: "The store sells in one currency" }),
  image: ImageSchema.nullable(),
};

const DetailsBody = z.strictObject({
  movement: z.enum(MOVEMENTS).nullable(),
  case_material: z.string().trim().min(1).max(100).nullable(),
  case_diameter_mm: z.number().int().min(10).max(80).nullable(),
  water_resistance_m: z.number().int().min(0).max(20_000).nullable(),
  year: z.number().int().min(1700).max(2100).nullable(),
  condition: z.enum(PRODUCT_CONDITIONS),
  warranty_years: z.number().int().min(0).max(50).nullable(),
});

export const CreateProductBody = z
  .strictObject({
    ...editableFields,
    description: editableFields.description.default(""),
    currency: editableFields.currency.optional(),
    image: editableFields.image.optional(),
    stock: z.number().int().min(0).max(1_000_000).default(0),
    details: DetailsBody.partial().optional(),
    status: ProductStatusSchema.default("active"),
  })
  .openapi("CreateProductRequest");

export const UpdateProductBody = z
  .strictObject({
    name: editableFields.name.optional(),
    brand: editableFields.brand.optional(),
    category: editableFields.category.optional(),
    description: editableFields.description.optional(),
    price_cents: editableFields.price_cents.optional(),
    currency: editableFields.currency.optional(),
    image: editableFields.image.optional(),
    details: DetailsBody.partial().optional(),
    status: ProductStatusSchema.optional().openapi({ description: '"archived" takes it off the shelf; "active" back' }),
  })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    "Send at least one field to change (stock changes through /products/{id}/inventory).",
  )
  .openapi("UpdateProductRequest");

type CreateProduct = z.infer<typeof CreateProductBody>;
export type ProductChanges = z.infer<typeof UpdateProductBody>;

/** The columns a body (or its `details`) sets; fields it leaves out are left out here too. */
export function productColumns(body: ProductChanges | CreateProduct): Partial<typeof products.$inferInsert> {
  const { details, price_cents, currency: _, ...rest } = body;
  const columns: Partial<typeof products.$inferInsert> = { ...rest, priceCents: price_cents };
  if (details) {
    Object.assign(columns, {
      movement: details.movement,
      caseMaterial: details.case_material,
      caseDiameterMm: details.case_diameter_mm,
      waterResistanceM: details.water_resistance_m,
      year: details.year,
      condition: details.condition,
      warrantyYears: details.warranty_years,
    });
  }
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

/** The row a create makes: the body's columns, with the product's id and times. */
export function newProductRow(body: CreateProduct, id: string, now: string): typeof products.$inferInsert {
  const { name, brand, category, price_cents } = body;
  return {
    ...productColumns(body),
    name,
    brand,
    category,
    priceCents: price_cents,
    id,
    createdAt: now,
    updatedAt: now,
  };
}

/** How far one inventory change may move stock, either way. */
export const MAX_STOCK_DELTA = 100_000;

export const InventoryBody = z
  .strictObject({
    delta: z
      .number()
      .int()
      .min(-MAX_STOCK_DELTA)
      .max(MAX_STOCK_DELTA)
      .refine((delta) => delta !== 0, "Must not be 0.")
      .openapi({ description: "Units to add (positive) or take out (negative)", example: -1 }),
  })
  .openapi("InventoryChangeRequest");

// ---- the list -----------------------------------------------------------------------------------------------------

export const PRODUCT_SORTS = ["price", "-price", "newest", "name"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

const PriceBound = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ListProductsQuery = PageQuery.extend({
  // Longer than other lists' cursors: a position by name carries the name, up to 200 characters in any script.
  cursor: z.string().min(1).max(2048).optional().openapi({ description: "`next_cursor` of the previous page" }),
  category: CategorySchema.optional(),
  brand: z.string().trim().min(1).max(100).optional().openapi({ description: "The brand, exactly" }),
  min_price: PriceBound.optional().openapi({ description: "Lowest price_cents, inclusive" }),
  max_price: PriceBound.optional().openapi({ description: "Highest price_cents, inclusive" }),
  in_stock: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional()
    .openapi({ description: "true: only products in stock; false: only those out of stock" }),
  q: searchParam("Text in the name, brand or description"),
  status: z.enum(["active", "archived", "all"]).default("active").openapi({
    description: "Staff (editor and up, sending their token) may list archived products, or all of them",
  }),
  sort: z.enum(PRODUCT_SORTS).default("newest").openapi({
    description: "price (lowest first), -price (highest first), newest (default) or name; ties go by id",
  }),
});

export type ProductListQuery = z.infer<typeof ListProductsQuery>;

/** A price range that ends before it starts names `max_price`. */
export function priceRangeProblems(query: unknown): FieldProblem[] {
  if (typeof query !== "object" || query === null) return [];
  const raw = query as Record<string, unknown>;
  const min = PriceBound.safeParse(raw.min_price);
  const max = PriceBound.safeParse(raw.max_price);
  if (raw.min_price === undefined || raw.max_price === undefined || !min.success || !max.success) return [];
  return min.data > max.data ? [{ path: "max_price", message: "Must be at least min_price." }] : [];
}
