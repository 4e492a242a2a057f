import { type FormEvent, useState } from "react";
import { ApiError } from "../../../api/problem";
import { Field } from "../../../components/Field";
import { FormMessage } from "../../../components/FormMessage";
import { Modal, ModalActions } from "../../../components/Modal";
import modal from "../../../components/Modal.module.css";
import styles from "../../../console/console.module.css";
import { consoleWords } from "../../../console/problems";
import { type Product, storeWrites } from "../../../console/store/api";
import { plural } from "../../../format";

/** The units asked for and on hand, when a change would take out more than there is (409 `insufficient_stock`). */
export function shortOfStock(error: unknown): { requested: number; available: number } | null {
  if (!(error instanceof ApiError) || error.code !== "insufficient_stock") return null;
  const { requested, available } = error.problem as { requested?: unknown; available?: unknown };
  return typeof requested === "number" && typeof available === "number" ? { requested, available } : null;
}

/** What a stock change's failure says: too few on hand in plain numbers, anything else in the console's words. */
export function stockWords(error: unknown): string {
  const short = shortOfStock(error);
  if (short) {
    return `Only ${plural(short.available, "unit")} in stock: ${short.requested} cannot be taken out.`;
  }
  return error instanceof ApiError && error.code === "insufficient_stock"
    ? (error.problem.detail ?? "")
    : consoleWords(error);
}

/** Restocking a product, or taking units out (a count, a breakage): a change by a number of units either way. */
export function StockDialog({
  product,
  onClose,
  onSaved,
}: {
  product: Product;
  onClose: () => void;
  onSaved: (saved: Product) => void;
}) {
  const [delta, setDelta] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = Number(delta);
  const valid = /^[+-]?\d+$/.test(delta.trim()) && change !== 0;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    if (!valid) return setError("Enter a whole number of units: 5 to add five, -2 to take two out.");
    setError(null);
    setBusy(true);
    try {
      onSaved(await storeWrites.changeStock(product.id, change));
    } catch (caught) {
      const fields = caught instanceof ApiError ? caught.fieldErrors() : {};
      if (shortOfStock(caught)) setError(stockWords(caught));
      else if (fields.delta) setError(fields.delta);
      else setFailure(consoleWords(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={`Stock of ${product.name}`} onClose={onClose}>
      <form className={modal.form} onSubmit={submit} noValidate>
        <p className={styles.stockNow}>
          <span className="muted">In stock now</span> <strong>{plural(product.stock, "unit")}</strong>
          {valid && product.stock + change >= 0 && (
            <>
              {" "}
              <span className="muted">→ after this change</span> <strong>{product.stock + change}</strong>
            </>
          )}
        </p>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        <Field
          label="Change by"
          name="delta"
          inputMode="numeric"
          placeholder="e.g. 10 or -2"
          hint="A positive number restocks; a negative one takes units out."
          value={delta}
          onChange={(event) => setDelta(event.target.value)}
          error={error ?? undefined}
        />
        <ModalActions
          first={[1, 5, 10].map((units) => (
            <button
              key={units}
              type="button"
              className={`button button-quiet ${styles.small}`}
              onClick={() => setDelta(String(units))}
            >
              +{units}
            </button>
          ))}
          onCancel={onClose}
        >
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Saving…" : change < 0 ? "Take out" : "Restock"}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
