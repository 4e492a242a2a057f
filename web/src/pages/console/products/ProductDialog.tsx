import { type FormEvent, useRef, useState } from "react";
import { ApiError } from "../../../api/problem";
import { Field } from "../../../components/Field";
import { FormMessage } from "../../../components/FormMessage";
import styles from "../../../console/console.module.css";
import { SelectField, TextAreaField } from "../../../console/fields";
import { consoleWords } from "../../../console/problems";
import { type Product, storeWrites } from "../../../console/store/api";
import { CATEGORY_WORDS, CONDITION_WORDS, MOVEMENT_WORDS } from "../../../store-labels";
import { Modal } from "../../calendar/Modal";
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

  const set = (name: keyof ProductForm) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [name]: event.target.value }));

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
      <form ref={formRef} className={styles.form} onSubmit={submit} noValidate>
        {failure && <FormMessage tone="error">{failure}</FormMessage>}
        {unplaced.length > 0 && (
          <FormMessage tone="error">
            {unplaced.map(([path, words]) => (
              <p key={path}>{path && path !== "(body)" ? `${path}: ${words}` : words}</p>
            ))}
          </FormMessage>
        )}
        <Field label="Name" name="name" value={form.name} onChange={set("name")} error={errors.name} required />
        <div className={styles.row}>
          <Field label="Brand" name="brand" value={form.brand} onChange={set("brand")} error={errors.brand} required />
          <SelectField
            label="Category"
            name="category"
            value={form.category}
            onChange={set("category")}
            error={errors.category}
            required
          >
            <option value="">Choose…</option>
            {Object.entries(CATEGORY_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </SelectField>
        </div>
        <div className={styles.row}>
          <Field
            label="Price (USD)"
            name="price"
            inputMode="decimal"
            placeholder="1250.00"
            value={form.price}
            onChange={set("price")}
            error={errors.price_cents}
            required
          />
          {!product && (
            <Field
              label="Stock"
              name="stock"
              type="number"
              min={0}
              value={form.stock}
              onChange={set("stock")}
              error={errors.stock}
              hint="Units on hand"
            />
          )}
        </div>
        <TextAreaField
          label="Description"
          name="description"
          value={form.description}
          onChange={set("description")}
          error={errors.description}
        />
        <Field
          label="Image"
          name="image"
          hint="An https address, or /media/… of an uploaded image"
          value={form.image}
          onChange={set("image")}
          error={errors.image}
        />
        <fieldset className={styles.fieldset}>
          <legend>Details</legend>
          <div className={styles.row}>
            <SelectField
              label="Movement"
              name="movement"
              value={form.movement}
              onChange={set("movement")}
              error={errors["details.movement"]}
            >
              <option value="">Not given</option>
              {Object.entries(MOVEMENT_WORDS).map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Condition"
              name="condition"
              value={form.condition}
              onChange={set("condition")}
              error={errors["details.condition"]}
            >
              {Object.entries(CONDITION_WORDS).map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </SelectField>
          </div>
          <div className={styles.row}>
            <Field
              label="Case material"
              name="case_material"
              value={form.case_material}
              onChange={set("case_material")}
              error={errors["details.case_material"]}
            />
            <Field
              label="Case (mm)"
              name="case_diameter_mm"
              inputMode="numeric"
              value={form.case_diameter_mm}
              onChange={set("case_diameter_mm")}
              error={errors["details.case_diameter_mm"]}
            />
          </div>
          <div className={styles.row}>
            <Field
              label="Water resistance (m)"
              name="water_resistance_m"
              inputMode="numeric"
              value={form.water_resistance_m}
              onChange={set("water_resistance_m")}
              error={errors["details.water_resistance_m"]}
            />
            <Field
              label="Year"
              name="year"
              inputMode="numeric"
              value={form.year}
              onChange={set("year")}
              error={errors["details.year"]}
            />
            <Field
              label="Warranty (years)"
              name="warranty_years"
              inputMode="numeric"
              value={form.warranty_years}
              onChange={set("warranty_years")}
              error={errors["details.warranty_years"]}
            />
          </div>
        </fieldset>
        <div className={styles.actions}>
          <span className={styles.spacer} />
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Saving…" : product ? "Save" : "Create product"}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The API's paths the form shows beside a field. */
const FIELD_PATHS = new Set([
  "name",
  "brand",
  "category",
  "price_cents",
  "stock",
  "description",
  "image",
  "details.movement",
  "details.condition",
  "details.case_material",
  "details.case_diameter_mm",
  "details.water_resistance_m",
  "details.year",
  "details.warranty_years",
]);
