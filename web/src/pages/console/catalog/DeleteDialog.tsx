import type { ReactNode } from "react";
import { ConfirmDialog } from "../../../console/ConfirmDialog";
import { catalogWords } from "../../../console/catalog/problems";

/**
 * Asks before deleting something of the catalog for good (admins only): what goes with it, then the delete, with the
 * API's refusal in the catalog's words.
 *
 * @example
 * <DeleteDialog title="Delete Cooking?" action="Delete topic" remove={() => cmsWrites.deleteTopic(id)} …>
 *   Programs filed under it lose this topic.
 * </DeleteDialog>
 */
export function DeleteDialog({
  title,
  action,
  remove,
  onClose,
  onDeleted,
  children,
}: {
  title: string;
  /** The delete button's words: "Delete program". */
  action: string;
  remove: () => Promise<unknown>;
  onClose: () => void;
  onDeleted: () => void;
  /** What is lost with it, and what to do instead. */
  children: ReactNode;
}) {
  return (
    <ConfirmDialog
      title={title}
      action={action}
      busyAction="Deleting…"
      run={remove}
      onDone={onDeleted}
      onClose={onClose}
      words={catalogWords}
    >
      <p>{children}</p>
    </ConfirmDialog>
  );
}
