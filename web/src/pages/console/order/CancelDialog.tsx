import { type FormEvent, useState } from "react";
import { orderNumber } from "../../../api/shop";
import { Field } from "../../../components/Field";
import { FormMessage } from "../../../components/FormMessage";
import { Modal, ModalActions } from "../../../components/Modal";
import modal from "../../../components/Modal.module.css";
import { consoleWords } from "../../../console/problems";
import { type Order, storeWrites } from "../../../console/store/api";

/** Cancelling an order still being processed: every line goes back in stock. */
export function CancelDialog({
  order,
  onClose,
  onSaved,
}: {
  order: Order;
  onClose: () => void;
  onSaved: (order: Order) => void;
}) {
  const [reason, setReason] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      onSaved(await storeWrites.cancelOrder(order.id, reason.trim() || undefined));
    } catch (error) {
      setFailure(consoleWords(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={`Cancel order ${orderNumber(order.id)}?`} onClose={onClose}>
      <form className={modal.form} onSubmit={submit} noValidate>
        <p>The customer is not charged, and every line goes back in stock.</p>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        <Field
          label="Reason"
          name="reason"
          hint="Optional; kept in the order's history."
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <ModalActions cancel="Keep the order" onCancel={onClose}>
          <button type="submit" className="button button-danger" disabled={busy}>
            {busy ? "Cancelling…" : "Cancel order"}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}
