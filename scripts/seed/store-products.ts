import type { MOVEMENTS, PRODUCT_CONDITIONS, ProductCategory } from "../../src/store/schema";

/** A demo watch: its readable id (`product-<slug>`), what the shop shows, and the details a buyer compares. */
export interface DemoWatch {
  slug: string;
  brand: string;
  name: string;
  category: ProductCategory;
  priceCents: number;
  stock: number;
  movement: (typeof MOVEMENTS)[number];
  caseMaterial: string;
  caseDiameterMm: number;
  /** Null for a watch sold as splash-proof only. */
  waterResistanceM: number | null;
  year: number;
  condition: (typeof PRODUCT_CONDITIONS)[number];
  warrantyYears: number;
}

type Row = [
  slug: string,
  brand: string,
  name: string,
  category: ProductCategory,
  dollars: number,
  stock: number,
  movement: DemoWatch["movement"],
  caseMaterial: string,
  diameter: number,
  waterResistance: number | null,
  year: number,
  condition: DemoWatch["condition"],
  warranty: number,
];

// Fifty watches from fifteen brands, every category; prices near what they sell for new (or, for vintage and
// pre-owned pieces, at auction). Two are sold out and a few down to their last one or two.
// biome-ignore format: one watch a line reads as a table
const ROWS: Row[] = [
  ["rolex-submariner", "Rolex", "Submariner Date", "diver", 10_250, 3, "automatic", "Oystersteel", 41, 300, 2024, "new", 5],
  ["rolex-daytona", "Rolex", "Cosmograph Daytona", "chronograph", 15_500, 1, "automatic", "Oystersteel", 40, 100, 2023, "unworn", 5],
  ["rolex-datejust", "Rolex", "Datejust 36", "dress", 8_500, 4, "automatic", "Oystersteel and white gold", 36, 100, 2024, "new", 5],
  ["rolex-gmt-master", "Rolex", "GMT-Master II", "pilot", 10_750, 2, "automatic", "Oystersteel", 40, 100, 2024, "new", 5],
  ["rolex-explorer", "Rolex", "Explorer 40", "field", 7_650, 0, "automatic", "Oystersteel", 40, 100, 2023, "new", 5],
  ["rolex-oyster-precision", "Rolex", "Oyster Precision 6426", "dress", 5_200, 1, "manual", "stainless steel", 34, 50, 1965, "vintage", 1],
  ["omega-seamaster", "Omega", "Seamaster Diver 300M", "diver", 5_600, 6, "automatic", "stainless steel", 42, 300, 2024, "new", 5],
  ["omega-speedmaster", "Omega", "Speedmaster Moonwatch Professional", "chronograph", 7_000, 5, "manual", "stainless steel", 42, 50, 2024, "new", 5],
  ["omega-aqua-terra", "Omega", "Seamaster Aqua Terra 150M", "sport", 6_100, 4, "automatic", "stainless steel", 41, 150, 2023, "new", 5],
  ["omega-constellation", "Omega", "Constellation Co-Axial", "luxury", 8_300, 2, "automatic", "Sedna gold and steel", 39, 50, 2022, "pre-owned", 2],
  ["omega-speedmaster-1969", "Omega", "Speedmaster Professional 145.022", "chronograph", 12_000, 1, "manual", "stainless steel", 42, 30, 1969, "vintage", 1],
  ["seiko-prospex-turtle", "Seiko", "Prospex Turtle", "diver", 495, 12, "automatic", "stainless steel", 45, 200, 2024, "new", 3],
  ["seiko-presage", "Seiko", "Presage Cocktail Time", "dress", 425, 9, "automatic", "stainless steel", 40, 50, 2024, "new", 3],
  ["seiko-5-sports", "Seiko", "5 Sports", "sport", 295, 15, "automatic", "stainless steel", 42, 100, 2024, "new", 3],
  ["seiko-astron", "Seiko", "Astron GPS Solar", "pilot", 1_950, 2, "solar", "titanium", 42, 100, 2023, "new", 3],
  ["seiko-alpinist", "Seiko", "Prospex Alpinist", "field", 725, 7, "automatic", "stainless steel", 39, 200, 2024, "new", 3],
  ["tudor-black-bay-58", "Tudor", "Black Bay 58", "diver", 4_125, 5, "automatic", "stainless steel", 39, 200, 2024, "new", 5],
  ["tudor-pelagos-39", "Tudor", "Pelagos 39", "diver", 4_800, 2, "automatic", "titanium", 39, 200, 2024, "new", 5],
  ["tudor-ranger", "Tudor", "Ranger", "field", 3_350, 4, "automatic", "stainless steel", 39, 100, 2023, "new", 5],
  ["cartier-tank-must", "Cartier", "Tank Must", "dress", 3_150, 6, "quartz", "stainless steel", 34, 30, 2024, "new", 2],
  ["cartier-santos", "Cartier", "Santos de Cartier", "luxury", 7_850, 3, "automatic", "stainless steel", 40, 100, 2024, "new", 2],
  ["cartier-ballon-bleu", "Cartier", "Ballon Bleu 40", "luxury", 12_900, 1, "automatic", "18k rose gold", 40, 30, 2022, "pre-owned", 1],
  ["grand-seiko-snowflake", "Grand Seiko", "Snowflake SBGA211", "dress", 6_200, 3, "automatic", "titanium", 41, 100, 2024, "new", 5],
  ["grand-seiko-white-birch", "Grand Seiko", "White Birch SLGH005", "luxury", 9_300, 2, "automatic", "stainless steel", 40, 100, 2023, "unworn", 5],
  ["grand-seiko-evolution-diver", "Grand Seiko", "Evolution 9 Diver", "diver", 11_500, 1, "automatic", "titanium", 43, 200, 2024, "new", 5],
  ["longines-spirit-zulu", "Longines", "Spirit Zulu Time", "pilot", 3_450, 4, "automatic", "stainless steel", 42, 100, 2024, "new", 5],
  ["longines-hydroconquest", "Longines", "HydroConquest", "diver", 1_800, 8, "automatic", "stainless steel", 41, 300, 2024, "new", 5],
  ["longines-master", "Longines", "Master Collection", "dress", 2_450, 5, "automatic", "stainless steel", 40, 30, 2024, "new", 5],
  ["longines-legend-diver", "Longines", "Legend Diver", "diver", 2_900, 3, "automatic", "stainless steel", 42, 300, 2023, "new", 5],
  ["tag-heuer-carrera", "TAG Heuer", "Carrera Chronograph", "chronograph", 6_400, 3, "automatic", "stainless steel", 42, 100, 2024, "new", 2],
  ["tag-heuer-monaco", "TAG Heuer", "Monaco", "chronograph", 7_350, 2, "automatic", "stainless steel", 39, 100, 2023, "new", 2],
  ["tag-heuer-aquaracer", "TAG Heuer", "Aquaracer Professional 300", "diver", 3_300, 6, "automatic", "stainless steel", 43, 300, 2024, "new", 2],
  ["tag-heuer-formula-1", "TAG Heuer", "Formula 1", "sport", 1_700, 10, "quartz", "stainless steel", 43, 200, 2024, "new", 2],
  ["breitling-navitimer", "Breitling", "Navitimer B01 Chronograph 43", "pilot", 9_650, 2, "automatic", "stainless steel", 43, 30, 2024, "new", 5],
  ["breitling-superocean", "Breitling", "Superocean 42", "diver", 5_050, 4, "automatic", "stainless steel", 42, 300, 2024, "new", 5],
  ["breitling-chronomat", "Breitling", "Chronomat B01 42", "chronograph", 8_900, 0, "automatic", "stainless steel", 42, 200, 2023, "new", 5],
  ["iwc-mark-xx", "IWC", "Pilot's Watch Mark XX", "pilot", 5_250, 4, "automatic", "stainless steel", 40, 100, 2024, "new", 2],
  ["iwc-portugieser", "IWC", "Portugieser Chronograph", "chronograph", 8_600, 2, "automatic", "stainless steel", 41, 30, 2024, "new", 2],
  ["iwc-big-pilot", "IWC", "Big Pilot's Watch 43", "pilot", 10_000, 1, "automatic", "stainless steel", 43, 100, 2023, "unworn", 2],
  ["casio-g-shock-2100", "Casio", "G-Shock GA-2100", "sport", 99, 25, "quartz", "carbon-reinforced resin", 45, 200, 2024, "new", 1],
  ["casio-f-91w", "Casio", "F-91W", "sport", 19, 40, "quartz", "resin", 35, null, 2024, "new", 1],
  ["casio-g-shock-full-metal", "Casio", "G-Shock Full Metal GMW-B5000", "sport", 550, 8, "solar", "stainless steel", 43, 200, 2024, "new", 1],
  ["casio-duro", "Casio", "Duro MDV-106", "diver", 65, 2, "quartz", "stainless steel", 44, 200, 2024, "new", 1],
  ["apple-watch-ultra-2", "Apple", "Watch Ultra 2", "smart", 799, 15, "smart", "titanium", 49, 100, 2024, "new", 1],
  ["apple-watch-series-10", "Apple", "Watch Series 10", "smart", 429, 20, "smart", "aluminium", 46, 50, 2024, "new", 1],
  ["garmin-fenix-8", "Garmin", "fēnix 8", "smart", 1_099.99, 7, "smart", "titanium", 51, 100, 2024, "new", 1],
  ["garmin-instinct-2x", "Garmin", "Instinct 2X Solar", "smart", 449.99, 1, "smart", "fibre-reinforced polymer", 50, 100, 2024, "new", 1],
  ["hamilton-khaki-field", "Hamilton", "Khaki Field Mechanical", "field", 525, 10, "manual", "stainless steel", 38, 50, 2024, "new", 2],
  ["hamilton-jazzmaster", "Hamilton", "Jazzmaster Open Heart", "dress", 995, 6, "automatic", "stainless steel", 40, 50, 2024, "new", 2],
  ["oris-aquis", "Oris", "Aquis Date", "diver", 2_400, 5, "automatic", "stainless steel", 42, 300, 2024, "new", 10],
];

export const DEMO_WATCHES: DemoWatch[] = ROWS.map(
  ([
    slug,
    brand,
    name,
    category,
    dollars,
    stock,
    movement,
    caseMaterial,
    diameter,
    water,
    year,
    condition,
    warranty,
  ]) => ({
    slug,
    brand,
    name,
    category,
    priceCents: Math.round(dollars * 100),
    stock,
    movement,
    caseMaterial,
    caseDiameterMm: diameter,
    waterResistanceM: water,
    year,
    condition,
    warrantyYears: warranty,
  }),
);

/** The product id of a demo watch. */
export const productId = (slug: string) => `product-${slug}`;

const CONDITION_WORDS: Record<DemoWatch["condition"], string> = {
  new: "New",
  unworn: "Unworn",
  "pre-owned": "Pre-owned",
  vintage: "Vintage",
};

/** A line a shop would print under the name, e.g. "New, 2024. 42 mm stainless steel case, automatic, 300 m." */
export function describeWatch(watch: DemoWatch): string {
  const water = watch.waterResistanceM === null ? "splash-proof" : `water-resistant to ${watch.waterResistanceM} m`;
  return (
    `${CONDITION_WORDS[watch.condition]}, ${watch.year}. A ${watch.caseDiameterMm} mm ${watch.caseMaterial} case, ` +
    `${watch.movement === "smart" ? "a smartwatch" : `${watch.movement} movement`}, ${water}; ` +
    `${watch.warrantyYears}-year warranty.`
  );
}
