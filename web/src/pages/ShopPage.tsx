import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type FormEvent, type KeyboardEvent, useId, useState } from "react";
import { type ProductFilter, shop } from "../api/shop";
import card from "../components/Card.module.css";
import { LoadError } from "../components/LoadError";
import { LoadMore, rowsSoFar } from "../components/LoadMore";
import { useAddressChoices } from "../components/useAddressChoices";
import { plural } from "../format";
import { CATEGORY_WORDS, SORT_WORDS } from "../store-labels";
import { ProductCard, ProductCardSkeletons } from "./shop/ProductCard";
import styles from "./shop/Shop.module.css";
import { ShopHero } from "./shop/ShopHero";

const PAGE_SIZE = 12;
const SORTS = Object.keys(SORT_WORDS) as NonNullable<ProductFilter["sort"]>[];
const CATEGORIES = Object.keys(CATEGORY_WORDS) as NonNullable<ProductFilter["category"]>[];

/** Whole dollars in the address ("?min=500"), cents for the API. */
const cents = (dollars: string | null) => {
  const value = Number(dollars);
  return dollars && Number.isFinite(value) && value >= 0 ? Math.round(value * 100) : undefined;
};

/** The list's filters as the address holds them, so that a filtered list can be shared or bookmarked. */
function filterOf(search: URLSearchParams): ProductFilter {
  const sort = search.get("sort");
  const category = search.get("category");
  return {
    q: search.get("q") || undefined,
    category: CATEGORIES.find((known) => known === category),
    brand: search.get("brand") || undefined,
    min_price: cents(search.get("min")),
    max_price: cents(search.get("max")),
    in_stock: search.get("in_stock") === "true" ? "true" : undefined,
    sort: SORTS.find((known) => known === sort),
    limit: Number(search.get("limit")) || PAGE_SIZE,
  };
}

/**
 * The watches: searched by words, narrowed by category, brand, price and stock, in one of four orders, a page at a
 * time. Every choice is kept in the address.
 */
export default function ShopPage() {
  const [search, choose, setSearch] = useAddressChoices();
  const filter = filterOf(search);
  const products = useInfiniteQuery(shop.products(filter));
  const shown = rowsSoFar(products);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const id = useId();

  const filtered = ["q", "category", "brand", "min", "max", "in_stock"].some((name) => search.has(name));
  const clear = () => setSearch(search.has("sort") ? { sort: search.get("sort") ?? "" } : {}, { replace: true });

  return (
    <>
      <title>Shop · Edge platform</title>
      <ShopHero
        title="Watches"
        lead="Automatic, hand-wound and smart watches, new and vintage, each with its warranty."
      >
        <SearchBox value={filter.q ?? ""} onSearch={(q) => choose({ q })} />
      </ShopHero>
      <div className={`container ${styles.shop}`}>
        <div className={styles.filterPanel} data-open={filtersOpen}>
          <button
            type="button"
            className={`button button-quiet ${styles.filterToggle}`}
            aria-expanded={filtersOpen}
            aria-controls={`${id}-filters`}
            onClick={() => setFiltersOpen(!filtersOpen)}
          >
            {filtersOpen ? "Hide filters" : "Filters"}
          </button>
          <Filters id={`${id}-filters`} search={search} onChange={choose} />
          {filtered && (
            <button type="button" className={`button button-quiet ${styles.clear}`} onClick={clear}>
              Clear filters
            </button>
          )}
        </div>
        <section className={styles.results} aria-labelledby={`${id}-results`}>
          <div className={styles.toolbar}>
            <h2 id={`${id}-results`} className={styles.count} aria-live="polite">
              {products.isSuccess
                ? filter.q
                  ? `${countWords(shown.length, products.hasNextPage)} for “${filter.q}”`
                  : countWords(shown.length, products.hasNextPage)
                : "Watches"}
            </h2>
            <div className={styles.sort}>
              <label htmlFor={`${id}-sort`}>Sort by</label>
              <select
                id={`${id}-sort`}
                value={filter.sort ?? "newest"}
                onChange={(event) => choose({ sort: event.target.value === "newest" ? "" : event.target.value })}
              >
                {SORTS.map((sort) => (
                  <option key={sort} value={sort}>
                    {SORT_WORDS[sort]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {products.isError && shown.length === 0 ? (
            <LoadError error={products.error} onRetry={() => products.refetch()} />
          ) : (
            <div
              className={`card-grid ${styles.grid}`}
              aria-busy={products.isFetching && !products.isFetchingNextPage}
              data-stale={products.isPlaceholderData}
            >
              {products.isPending ? (
                <ProductCardSkeletons count={6} />
              ) : (
                shown.map((product) => <ProductCard key={product.id} product={product} />)
              )}
            </div>
          )}
          {products.isSuccess && shown.length === 0 && (
            <div className={`${card.emptyList} ${styles.empty}`}>
              <p>No watches match these filters.</p>
              <button type="button" className="button" onClick={clear}>
                Clear filters
              </button>
            </div>
          )}
          <LoadMore list={products} label="More watches" />
        </section>
      </div>
    </>
  );
}

const countWords = (count: number, more: boolean) =>
  count === 0
    ? "No watches"
    : more
      ? `Showing ${plural(count, "watch", "watches")}`
      : plural(count, "watch", "watches");

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const id = useId();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSearch(String(new FormData(event.currentTarget).get("q") ?? "").trim());
  }
  return (
    // Keyed by the address's words, so going back to an earlier search shows its words in the box.
    <search>
      <form className={styles.search} onSubmit={submit} key={value}>
        <label htmlFor={id} className="visually-hidden">
          Search watches
        </label>
        <input id={id} name="q" type="search" defaultValue={value} placeholder="Search by name, brand or model" />
        <button type="submit" className="button">
          Search
        </button>
      </form>
    </search>
  );
}

function Filters({
  id,
  search,
  onChange,
}: {
  id: string;
  search: URLSearchParams;
  onChange: (changes: Record<string, string>) => void;
}) {
  const brands = [...(useQuery(shop.brands()).data ?? [])];
  const brand = search.get("brand") ?? "";
  if (brand && !brands.includes(brand)) brands.push(brand);
  const category = search.get("category") ?? "";

  /** A price box (`min` or `max`): its value goes into the address when the person leaves it or presses Enter. */
  const priceBox = (name: "min" | "max") => {
    const commit = (event: { currentTarget: HTMLInputElement }) => {
      const value = event.currentTarget.value.trim();
      if (value !== (search.get(name) ?? "")) onChange({ [name]: value });
    };
    return {
      name,
      type: "number",
      inputMode: "numeric",
      min: 0,
      step: 50,
      defaultValue: search.get(name) ?? "",
      onBlur: commit,
      onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => event.key === "Enter" && commit(event),
    } as const;
  };

  return (
    <form id={id} className={styles.filters} aria-label="Filter watches" onSubmit={(event) => event.preventDefault()}>
      <fieldset className={styles.group}>
        <legend>Category</legend>
        <div className={styles.chips}>
          <label className={styles.chip}>
            <input type="radio" name="category" checked={!category} onChange={() => onChange({ category: "" })} />
            All
          </label>
          {CATEGORIES.map((value) => (
            <label key={value} className={styles.chip}>
              <input
                type="radio"
                name="category"
                checked={category === value}
                onChange={() => onChange({ category: value })}
              />
              {CATEGORY_WORDS[value]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className={styles.group}>
        <label htmlFor={`${id}-brand`} className={styles.groupLabel}>
          Brand
        </label>
        <select id={`${id}-brand`} value={brand} onChange={(event) => onChange({ brand: event.target.value })}>
          <option value="">Any brand</option>
          {brands.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className={styles.group} key={`${search.get("min")}-${search.get("max")}`}>
        <legend>Price (USD)</legend>
        <div className={styles.range}>
          <label>
            <span className="visually-hidden">Lowest price</span>
            <input {...priceBox("min")} placeholder="Min" />
          </label>
          <span aria-hidden="true">–</span>
          <label>
            <span className="visually-hidden">Highest price</span>
            <input {...priceBox("max")} placeholder="Max" />
          </label>
        </div>
      </fieldset>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={search.get("in_stock") === "true"}
          onChange={(event) => onChange({ in_stock: event.target.checked ? "true" : "" })}
        />
        In stock only
      </label>
    </form>
  );
}
