import { useState } from "react";
import { ApiError } from "../../../api/problem";
import { FormMessage } from "../../../components/FormMessage";
import { Modal, ModalActions } from "../../../components/Modal";
import modal from "../../../components/Modal.module.css";
import { consoleWords } from "../../../console/problems";
import { type Product, storeWrites } from "../../../console/store/api";

/**
 * Deleting a product for good. One with orders cannot be (409 `has_orders`): the dialog says so and offers to
 * archive it instead.
 */
export function DeleteProductDialog({
  product,
  onClose,
  onDeleted,
  onArchive,
}: {
  product: Product;
  onClose: () => void;
  onDeleted: () => void;
  onArchive: () => void;
}) {
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const hasOrders = failure instanceof ApiError && failure.code === "has_orders";

  async function remove() {
    setBusy(true);
    setFailure(null);
    try {
      await storeWrites.deleteProduct(product.id);
      onDeleted();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={`Delete ${product.name}?`} onClose={onClose} initialFocus="button[data-autofocus]">
      <div className={modal.form}>
        {failure ? (
          <FormMessage tone="error">{consoleWords(failure)}</FormMessage>
        ) : (
          <p>It leaves the shop and the console for good. Products with orders cannot be deleted; archive them.</p>
        )}
        <ModalActions onCancel={onClose} focusCancel>
          {hasOrders ? (
            <button type="button" className="button" onClick={onArchive}>
              Archive it instead
            </button>
          ) : (
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void remove()}>
              {busy ? "Deleting…" : "Delete"}
            </button>
          )}
        </ModalActions>
      </div>
    </Modal>
  );
}
