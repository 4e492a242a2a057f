import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { sha256Hex } from "../../digest";
import type { AppEnv } from "../../env";
import { evaluateIfMatch } from "../../http/conditional";
import { ProblemSchema } from "../../http/openapi";
import { notFound, type ProblemError, preconditionFailed, validationFailed } from "../../http/problem";
import type { ProductRow } from "../schema";
import { type Product, ProductSchema, presentProduct } from "./models";
import { findProduct, type ProductVersion } from "./queries";

// A product's version is its ETag: every answer of one product carries it, and PATCH with If-Match changes only the
// version the client saw.

/**
 * The product's version as an entity tag: a digest of what the API shows of it, so that any change (a new price, one
 * unit sold) gives a new tag, and the same content the same tag.
 */
export async function productEtag(product: Product): Promise<string> {
  // The first 128 bits: plenty to tell versions apart, and a shorter header.
  return `"${(await sha256Hex(JSON.stringify(product))).slice(0, 32)}"`;
}

export const IfMatchHeader = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({
      description:
        "The ETag of the version you changed: the change happens only if the product is still in it (else 412 " +
        "with the product as it is now). Without it, the change happens whatever the version.",
    }),
});

export const etagHeader = { ETag: { schema: { type: "string" as const }, description: "The product's version" } };

/** The 412 of a change whose If-Match is stale: a problem with the product as it is now. */
export const staleVersion = {
  412: {
    description:
      "precondition_failed: the product is no longer in the version If-Match names; `current` is as it is now",
    headers: etagHeader,
    content: {
      "application/problem+json": {
        schema: ProblemSchema.extend({ current: ProductSchema }).openapi("ProductChangedProblem"),
      },
    },
  },
};

/** The answer of a read or a write of one product: the product, with its version as the ETag. */
export async function answerProduct<S extends 200 | 201>(c: Context<AppEnv>, row: ProductRow, status: S) {
  const product = presentProduct(row);
  c.header("ETag", await productEtag(product));
  return c.json(product, status);
}

/** 412 for a change whose If-Match names another version than `current`'s. */
export async function productChanged(current: Product): Promise<ProblemError> {
  return preconditionFailed(
    "The product has changed since the version your If-Match names; `current` is the product as it is now.",
    { extensions: { current }, headers: { ETag: await productEtag(current) } },
  );
}

/**
 * The version a change must still find, from its If-Match: none without the header (one more read otherwise, on this
 * path only), or with `*` for a product that exists; the product as loaded when the header names its version. A
 * malformed header is a 400; one naming another version a 412 carrying the product as it is.
 */
export async function versionNamedBy(c: Context<AppEnv>, id: string): Promise<ProductVersion | undefined> {
  const header = c.req.header("If-Match");
  if (header === undefined) return undefined;
  const row = await findProduct(c.var.db, id);
  if (!row) throw notFound("product");
  const product = presentProduct(row);
  switch (evaluateIfMatch(header, await productEtag(product))) {
    case "absent":
    case "any":
      return undefined;
    case "matched":
      return row;
    case "malformed":
      throw validationFailed([{ path: "if-match", message: "Must be * or a list of entity tags." }]);
    case "failed":
      throw await productChanged(product);
  }
}
