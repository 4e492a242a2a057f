import { type FormEvent, useRef, useState } from "react";
import { ApiError } from "../../../api/problem";
import { Field, SelectField, TextAreaField } from "../../../components/Field";
import { FormMessage } from "../../../components/FormMessage";
import { Modal, ModalActions } from "../../../components/Modal";
import modal from "../../../components/Modal.module.css";
import styles from "../../../console/console.module.css";
import { consoleWords } from "../../../console/problems";
import { type Product, storeWrites } from "../../../console/store/api";
import { CATEGORY_WORDS, CONDITION_WORDS, MOVEMENT_WORDS } from "../../../store-labels";
import { emptyProductForm, type ProductForm, productBody, productForm, productFormProblems } from "./form";

/**
 * Creating a product, or changing one: the API's field problems appear beside their fields (`price_cents` beside the
 * price, `details.year` beside the year), and focus goes to the first of them.
 */
export function ProductDialog({
  product,
  onClose,
  onSaved,
}: {
  /** The product to change; none to create one. */
  product?: Product;
  onClose: () => void;
  onSaved: (saved: Product, created: boolean) => void;
}) {
  const [form, setForm] = useState<ProductForm>(() => (product ? productForm(product) : emptyProductForm()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  /** A field's name, value, change and problem (the API's, at the field's path). */
  const bind = (name: keyof ProductForm) => ({
    name,
    value: form[name],
    onChange: (event: { target: { value: string } }) =>
      setForm((current) => ({ ...current, [name]: event.target.value })),
    error: errors[API_PATHS[name]],
  });

  function showProblems(problems: Record<string, string>) {
    setErrors(problems);
    // After React has drawn the messages, so the field is announced with its description.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = productFormProblems(form, !product);
    if (Object.keys(problems).length) return showProblems(problems);
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      const { stock, ...changes } = productBody(form);
      const saved = product
        ? await storeWrites.changeProduct(product.id, changes)
        : await storeWrites.createProduct({ ...changes, stock });
      onSaved(saved, !product);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      if (Object.keys(fields).length) showProblems(fields);
      else setFailure(consoleWords(error));
    } finally {
      setBusy(false);
    }
  }

  // Problems the API names at a path the form has no field for (the body as a whole) show above it.
  const unplaced = Object.entries(errors).filter(([path]) => !FIELD_PATHS.has(path));
  return (
    <Modal title={product ? `Edit ${product.name}` : "New product"} onClose={onClose}>
      <form ref={formRef} className={modal.form} onSubmit={submit} noValidate>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        {unplaced.length > 0 && (
          <FormMessage tone="error">
            {unplaced.map(([path, words]) => (
              <p key={path}>{path && path !== "(body)" ? `${path}: ${words}` : words}</p>
            ))}
          </FormMessage>
        )}
        <Field label="Name" {...bind("name")} required />
        <div className={styles.row}>
          <Field label="Brand" {...bind("brand")} required />
          <SelectField label="Category" {...bind("category")} blank="Choose…" choices={CATEGORY_WORDS} required />
        </div>
        <div className={styles.row}>
          <Field label="Price (USD)" {...bind("price")} inputMode="decimal" placeholder="1250.00" required />
          {!product && <Field label="Stock" {...bind("stock")} type="number" min={0} hint="Units on hand" />}
        </div>
        <TextAreaField label="Description" {...bind("description")} />
        <Field label="Image" {...bind("image")} hint="An https address, or /media/… of an uploaded image" />
        <fieldset className={styles.fieldset}>
          <legend>Details</legend>
          <div className={styles.row}>
            <SelectField label="Movement" {...bind("movement")} blank="Not given" choices={MOVEMENT_WORDS} />
            <SelectField label="Condition" {...bind("condition")} choices={CONDITION_WORDS} />
          </div>
          <div className={styles.row}>
            <Field label="Case material" {...bind("case_material")} />
            <Field label="Case (mm)" {...bind("case_diameter_mm")} inputMode="numeric" />
          </div>
          <div className={styles.row}>
            <Field label="Water resistance (m)" {...bind("water_resistance_m")} inputMode="numeric" />
            <Field label="Year" {...bind("year")} inputMode="numeric" />
            <Field label="Warranty (years)" {...bind("warranty_years")} inputMode="numeric" />
          </div>
        </fieldset>
        <ModalActions onCancel={onClose}>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Saving…" : product ? "Save" : "Create product"}
          </button>
        </ModalActions>
      </form>
    </Modal>
  );
}

/** Where the API names each field's problems: `price_cents` beside the price, `details.year` beside the year. */
const API_PATHS: Record<keyof ProductForm, string> = {
  name: "name",
  brand: "brand",
  category: "category",
  price: "price_cents",
  stock: "stock",
  description: "description",
  image: "image",
  movement: "details.movement",
  condition: "details.condition",
  case_material: "details.case_material",
  case_diameter_mm: "details.case_diameter_mm",
  water_resistance_m: "details.water_resistance_m",
  year: "details.year",
  warranty_years: "details.warranty_years",
};

/** The API's paths the form shows beside a field. */
const FIELD_PATHS = new Set(Object.values(API_PATHS));
