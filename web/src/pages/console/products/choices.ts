import type { Product } from "../../../console/store/api";

// Every value the API takes, with its words: a Record over the API's own union, so a value added there fails the
// type-check here until it has words.

export const CATEGORY_WORDS: Record<Product["category"], string> = {
  sport: "Sport",
  dress: "Dress",
  luxury: "Luxury",
  diver: "Diver",
  pilot: "Pilot",
  smart: "Smart",
  field: "Field",
  chronograph: "Chronograph",
};

export const MOVEMENT_WORDS: Record<NonNullable<Product["details"]["movement"]>, string> = {
  automatic: "Automatic",
  manual: "Manual wind",
  quartz: "Quartz",
  solar: "Solar",
  kinetic: "Kinetic",
  smart: "Smart",
};

export const CONDITION_WORDS: Record<Product["details"]["condition"], string> = {
  new: "New",
  unworn: "Unworn",
  "pre-owned": "Pre-owned",
  vintage: "Vintage",
};
