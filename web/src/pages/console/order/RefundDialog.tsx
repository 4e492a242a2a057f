import { type FormEvent, useState } from "react";
import { ApiError } from "../../../api/problem";
import { orderNumber } from "../../../api/shop";
import { Field } from "../../../components/Field";
import { FormMessage } from "../../../components/FormMessage";
import { Modal, ModalActions } from "../../../components/Modal";
import modal from "../../../components/Modal.module.css";
import styles from "../../../console/console.module.css";
import { consoleWords } from "../../../console/problems";
import { type Order, storeWrites } from "../../../console/store/api";
import { money } from "../../../format";

/** About what a quantity of a line gives back: its price less the order's discount (the API's sum is the word). */
const estimate = (order: Order, unitCents: number, quantity: number) =>
  Math.round((unitCents * quantity * (100 - order.discount_percent)) / 100);

/**
 * Refunding some units of some lines of a completed (or partly refunded) order, with a reason, and putting them
 * back in stock or not. Each line offers only what is left to refund.
 */
export function RefundDialog({
  order,
  onClose,
  onSaved,
}: {
  order: Order;
  onClose: () => void;
  /** The order after the refund, and the amount this refund gave back. */
  onSaved: (order: Order, refundedCents: number) => void;
}) {
  const refundable = order.items.filter((item) => item.quantity > item.refunded_quantity);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [reason, setReason] = useState("");
  const [restock, setRestock] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const chosen = refundable
    .map((item) => ({ item, quantity: Number(quantities[item.product_id] || 0) }))
    .filter(({ quantity }) => Number.isInteger(quantity) && quantity > 0);
  const total = chosen.reduce((sum, { item, quantity }) => sum + estimate(order, item.unit_price_cents, quantity), 0);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    const problems: Record<string, string> = {};
    refundable.forEach((item, index) => {
      const typed = quantities[item.product_id]?.trim() ?? "";
      const left = item.quantity - item.refunded_quantity;
      const quantity = Number(typed || 0);
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > left) {
        problems[`lines.${index}.quantity`] = `Enter 0 to ${left}.`;
      }
    });
    if (!reason.trim()) problems.reason = "Say why, for the order's history.";
    if (Object.keys(problems).length === 0 && chosen.length === 0) {
      setFailure("Choose how many units of at least one line to refund.");
      return;
    }
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      const lines = chosen.map(({ item, quantity }) => ({ product_id: item.product_id, quantity }));
      const next = await storeWrites.refundOrder(order.id, { reason: reason.trim(), lines, restock });
      onSaved(next, next.refunded_cents - order.refunded_cents);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      // The API numbers the lines it was sent; the form numbers every refundable line.
      const placed: Record<string, string> = {};
      for (const [path, words] of Object.entries(fields)) {
        const line = /^lines\.(\d+)\./.exec(path);
        const item = line ? chosen[Number(line[1])]?.item : undefined;
        if (item) placed[`lines.${refundable.indexOf(item)}.quantity`] = words;
        else if (path === "reason") placed.reason = words;
      }
      setErrors(placed);
      if (Object.keys(placed).length === 0) setFailure(consoleWords(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={`Refund order ${orderNumber(order.id)}`} onClose={onClose}>
      <form className={modal.form} onSubmit={submit} noValidate>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        <fieldset className={styles.fieldset}>
          <legend>Units to refund</legend>
          {refundable.map((item, index) => {
            const left = item.quantity - item.refunded_quantity;
            const quantity = Number(quantities[item.product_id] || 0);
            return (
              <div key={item.product_id} className={styles.refundLine}>
                <Field
                  label={item.product_name}
                  name={`quantity-${item.product_id}`}
                  type="number"
                  min={0}
                  max={left}
                  hint={`${money(item.unit_price_cents, order.currency, { exact: true })} each · ${left} of ${item.quantity} left to refund`}
                  value={quantities[item.product_id] ?? ""}
                  placeholder="0"
                  onChange={(event) =>
                    setQuantities((current) => ({ ...current, [item.product_id]: event.target.value }))
                  }
                  error={errors[`lines.${index}.quantity`]}
                />
                <output className={styles.refundAmount} aria-label={`Refund for ${item.product_name}`}>
                  {Number.isInteger(quantity) && quantity > 0 && quantity <= left
                    ? money(estimate(order, item.unit_price_cents, quantity), order.currency, { exact: true })
                    : "—"}
                </output>
              </div>
            );
          })}
        </fieldset>
        <Field
          label="Reason"
          name="reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={errors.reason}
          required
        />
        <label className={styles.check}>
          <input type="checkbox" checked={restock} onChange={(event) => setRestock(event.target.checked)} />
          Put the refunded units back in stock
        </label>
        <p className={styles.refundTotal}>
          Refund about <strong>{money(total, order.currency, { exact: true })}</strong>
          {order.discount_percent > 0 && (
            <span className="muted"> (prices less the order's {order.discount_percent}% discount)</span>
          )}
        </p>
        <ModalActions onCancel={onClose}>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Refunding…" : "Refund"}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
