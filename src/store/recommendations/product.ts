import { z } from "@hono/zod-openapi";
import { MOVEMENTS, PRODUCT_CATEGORIES, PRODUCT_CONDITIONS, PRODUCT_STATUSES, type ProductRow } from "../schema";

// The Product shape of the store's contract, for the products "For You" shows. Private to this folder until the
// products module's own presenter lands; then this file gives way to it.

export const ProductSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    brand: z.string(),
    category: z.enum(PRODUCT_CATEGORIES),
    description: z.string(),
    price_cents: z.number().int(),
    currency: z.string(),
    stock: z.number().int(),
    in_stock: z.boolean(),
    image: z.string().nullable(),
    details: z.object({
      movement: z.enum(MOVEMENTS).nullable(),
      case_material: z.string().nullable(),
      case_diameter_mm: z.number().int().nullable(),
      water_resistance_m: z.number().int().nullable(),
      year: z.number().int().nullable(),
      condition: z.enum(PRODUCT_CONDITIONS),
      warranty_years: z.number().int().nullable(),
    }),
    status: z.enum(PRODUCT_STATUSES),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi("RecommendedProduct");

export type Product = z.infer<typeof ProductSchema>;

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
