// The words for the store's enumerations, as the shop shows them and the console offers them, so that staff choose
// what customers will read. Typed by the API's own unions: a value the API adds is a type error here until it has
// its words.

import type { Order, Product, ProductFilter } from "./api/shop";

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

export const SORT_WORDS: Record<NonNullable<ProductFilter["sort"]>, string> = {
  newest: "Newest",
  price: "Price: low to high",
  "-price": "Price: high to low",
  name: "Name A–Z",
};

export const MOVEMENT_WORDS: Record<NonNullable<Product["details"]["movement"]>, string> = {
  automatic: "Automatic",
  manual: "Hand-wound",
  quartz: "Quartz",
  solar: "Solar quartz",
  kinetic: "Kinetic",
  smart: "Smart",
};

export const CONDITION_WORDS: Record<Product["details"]["condition"], string> = {
  new: "New",
  unworn: "Unworn",
  "pre-owned": "Pre-owned",
  vintage: "Vintage",
};

export const STATUS_WORDS: Record<Order["status"], string> = {
  processing: "Processing",
  completed: "Completed",
  cancelled: "Cancelled",
  refunded: "Refunded",
  partially_refunded: "Partly refunded",
};

export const TIER_WORDS: Record<Order["tier"], string> = {
  bronze: "Bronze",
  silver: "Silver",
  gold: "Gold",
};
