import { ProblemError, validationFailed } from "../../http/problem";
import type { OrderItemRow, OrderRow, OrderStatus } from "../schema";

// What a refund gives back, line by line. An order's total is shared out among its lines in proportion to what each
// cost before the discount (unit price × quantity × (1 − discount)), in whole cents that add up to exactly the total:
// each line gets its share rounded down, and the cents left over go one each to the lines whose shares lost the most
// to rounding. Within a line, k units refunded are worth round(share × k / quantity), so the line's last unit takes
// whatever remains of its share: refunding every unit, in any number of refunds, gives back exactly the total.

/** One line of a refund request: how many units of which product. */
export interface RefundRequestLine {
  product_id: string;
  quantity: number;
}

/** A line of a planned refund, with the money it gives back. */
export interface RefundLine {
  product_id: string;
  quantity: number;
  amount_cents: number;
  restocked: boolean;
}

export interface RefundPlan {
  toStatus: OrderStatus;
  amountCents: number;
  lines: RefundLine[];
  /** Units already refunded across the order when planned: the batch applies the plan only if still so. */
  refundedUnitsBefore: number;
}

/** Each line's share of `order.total_cents`, by product id (see the module comment). */
export function paidShares(
  order: Pick<OrderRow, "discountPercent" | "totalCents">,
  items: readonly Pick<OrderItemRow, "productId" | "unitPriceCents" | "quantity">[],
): Map<string, number> {
  const keep = 100 - order.discountPercent;
  // In hundredths of a cent, exactly: gross × (100 − discount%).
  const exact = [...items]
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .map((item) => ({ productId: item.productId, hundredths: item.unitPriceCents * item.quantity * keep }));
  const shares = new Map(exact.map(({ productId, hundredths }) => [productId, Math.floor(hundredths / 100)]));
  let leftover = order.totalCents - [...shares.values()].reduce((sum, share) => sum + share, 0);
  const byRoundingLoss = [...exact].sort((a, b) => (b.hundredths % 100) - (a.hundredths % 100));
  for (let i = 0; leftover > 0 && byRoundingLoss.length > 0; i = (i + 1) % byRoundingLoss.length, leftover--) {
    const { productId } = byRoundingLoss[i] as { productId: string };
    shares.set(productId, (shares.get(productId) ?? 0) + 1);
  }
  return shares;
}

/** What `units` of a line with share `shareCents` and `quantity` units are worth, refunded all together. */
export const refundedValue = (shareCents: number, quantity: number, units: number): number =>
  units >= quantity ? shareCents : Math.round((shareCents * units) / quantity);

/**
 * Plans refunding `requested` from an order: each line must be one of the order's, listed once (400 otherwise), and
 * ask for no more units than are not yet refunded (409 `exceeds_refundable`, naming every such line). The status it
 * leads to is `refunded` once every unit of the order is refunded, else `partially_refunded`.
 */
export function planRefund(
  order: OrderRow,
  items: readonly OrderItemRow[],
  requested: readonly RefundRequestLine[],
  restock: boolean,
): RefundPlan {
  const byProduct = new Map(items.map((item) => [item.productId, item]));
  const problems = requested.flatMap((line, index) => {
    const path = `lines.${index}.product_id`;
    if (!byProduct.has(line.product_id)) return [{ path, message: "Not a line of this order." }];
    if (requested.findIndex((other) => other.product_id === line.product_id) !== index)
      return [{ path, message: "This product is listed twice; list each line once." }];
    return [];
  });
  if (problems.length > 0) throw validationFailed(problems, "Some lines are not lines of this order.");

  const over = requested.flatMap((line, index) => {
    const item = byProduct.get(line.product_id) as OrderItemRow;
    const refundable = item.quantity - item.refundedQuantity;
    return line.quantity > refundable ? [{ index, line, refundable }] : [];
  });
  if (over.length > 0) {
    throw new ProblemError(409, "exceeds_refundable", "Some lines ask to refund more units than are left to refund.", {
      errors: over.map(({ index, refundable }) => ({
        path: `lines.${index}.quantity`,
        message: `Only ${refundable} of this line can still be refunded.`,
      })),
      extensions: {
        lines: over.map(({ line, refundable }) => ({
          product_id: line.product_id,
          requested: line.quantity,
          refundable,
        })),
      },
    });
  }

  const shares = paidShares(order, items);
  const lines = requested.map((line) => {
    const item = byProduct.get(line.product_id) as OrderItemRow;
    const worth = refundedValue(shares.get(item.productId) ?? 0, item.quantity, item.refundedQuantity + line.quantity);
    return {
      product_id: line.product_id,
      quantity: line.quantity,
      amount_cents: Math.max(worth - item.refundedCents, 0),
      restocked: restock,
    };
  });
  const unitsLeft =
    items.reduce((sum, item) => sum + item.quantity - item.refundedQuantity, 0) -
    requested.reduce((sum, line) => sum + line.quantity, 0);
  return {
    toStatus: unitsLeft === 0 ? "refunded" : "partially_refunded",
    amountCents: lines.reduce((sum, line) => sum + line.amount_cents, 0),
    lines,
    refundedUnitsBefore: items.reduce((sum, item) => sum + item.refundedQuantity, 0),
  };
}

/** The status a refund of `requested` would lead to, whether or not it is allowed: for an invalid_transition's `to`. */
export function refundTarget(items: readonly OrderItemRow[], requested: readonly RefundRequestLine[]): OrderStatus {
  const left = items.reduce((sum, item) => sum + item.quantity - item.refundedQuantity, 0);
  const asked = requested.reduce((sum, line) => sum + line.quantity, 0);
  return asked >= left ? "refunded" : "partially_refunded";
}
