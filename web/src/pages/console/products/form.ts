import type { Product, ProductBody } from "../../../console/store/api";

/** The product form's fields as typed (strings), one per input. */
export interface ProductForm {
  name: string;
  brand: string;
  category: string;
  price: string;
  stock: string;
  description: string;
  image: string;
  movement: string;
  case_material: string;
  case_diameter_mm: string;
  water_resistance_m: string;
  year: string;
  condition: string;
  warranty_years: string;
}

const DETAIL_NUMBERS = ["case_diameter_mm", "water_resistance_m", "year", "warranty_years"] as const;

export const emptyProductForm = (): ProductForm => ({
  name: "",
  brand: "",
  category: "",
  price: "",
  stock: "0",
  description: "",
  image: "",
  movement: "",
  case_material: "",
  case_diameter_mm: "",
  water_resistance_m: "",
  year: "",
  condition: "new",
  warranty_years: "",
});

export function productForm(product: Product): ProductForm {
  const text = (value: number | string | null) => (value === null ? "" : String(value));
  return {
    name: product.name,
    brand: product.brand,
    category: product.category,
    price: (product.price_cents / 100).toFixed(2),
    stock: String(product.stock),
    description: product.description,
    image: product.image ?? "",
    movement: product.details.movement ?? "",
    case_material: text(product.details.case_material),
    case_diameter_mm: text(product.details.case_diameter_mm),
    water_resistance_m: text(product.details.water_resistance_m),
    year: text(product.details.year),
    condition: product.details.condition,
    warranty_years: text(product.details.warranty_years),
  };
}

const WHOLE = /^-?\d+$/;
const PRICE = /^\d+(\.\d{1,2})?$/;

/**
 * What the page can tell before sending, by the API's field paths: numbers that are not numbers. Everything else
 * (required fields, lengths, ranges) is the API's to say, beside the same fields.
 */
export function productFormProblems(form: ProductForm, creating: boolean): Record<string, string> {
  const problems: Record<string, string> = {};
  const price = form.price.trim().replace(/,/g, "");
  if (price && !PRICE.test(price)) problems.price_cents = "Enter a price in dollars, like 1250 or 1250.50.";
  if (creating && form.stock.trim() && !WHOLE.test(form.stock.trim())) problems.stock = "Enter a whole number.";
  for (const name of DETAIL_NUMBERS) {
    if (form[name].trim() && !WHOLE.test(form[name].trim())) problems[`details.${name}`] = "Enter a whole number.";
  }
  return problems;
}

const orNull = (value: string) => (value.trim() === "" ? null : value.trim());
const numberOrNull = (value: string) => (value.trim() === "" ? null : Number(value.trim()));

/**
 * The request body of a checked form. A field left empty is left out where the API requires it (so the API names
 * it), and sent as null where it is optional.
 */
export function productBody(form: ProductForm): ProductBody {
  const price = form.price.trim().replace(/,/g, "");
  const body = {
    name: form.name,
    brand: form.brand,
    category: form.category || undefined,
    price_cents: price ? Math.round(Number(price) * 100) : undefined,
    stock: form.stock.trim() ? Number(form.stock.trim()) : 0,
    description: form.description,
    image: orNull(form.image),
    details: {
      movement: orNull(form.movement),
      case_material: orNull(form.case_material),
      case_diameter_mm: numberOrNull(form.case_diameter_mm),
      water_resistance_m: numberOrNull(form.water_resistance_m),
      year: numberOrNull(form.year),
      condition: form.condition,
      warranty_years: numberOrNull(form.warranty_years),
    },
  };
  // Required fields left empty stay out of the body; the API's answer names them, in its own words.
  return body as ProductBody;
}
