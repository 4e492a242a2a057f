import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { FormMessage } from "../../components/FormMessage";
import { ConsoleLoadError } from "../../console/ConsoleLoadError";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { consoleWords } from "../../console/problems";
import { type Product, type ProductFilter, refreshStore, store, storeWrites } from "../../console/store/api";
import { money, plural } from "../../format";
import { CATEGORY_WORDS } from "../../store-labels";
import { DeleteProductDialog } from "./products/DeleteProductDialog";
import { ProductDialog } from "./products/ProductDialog";
import { StockDialog } from "./products/StockDialog";

type Dialog =
  | { kind: "create" }
  | { kind: "edit"; product: Product }
  | { kind: "stock"; product: Product }
  | { kind: "delete"; product: Product };

/** What happened last, with a way back where there is one (an archived product leaves the table). */
interface Notice {
  tone: "success" | "error";
  words: string;
  undo?: { label: string; run: () => Promise<unknown> };
}

/** `/console/store/products`: the shop's products, searched and filtered, created, changed, restocked and removed. */
export default function ProductsPage() {
  const client = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const filter: ProductFilter = {
    q: search.get("q") || undefined,
    category: (search.get("category") || undefined) as ProductFilter["category"],
    in_stock: (search.get("in_stock") || undefined) as ProductFilter["in_stock"],
    sort: (search.get("sort") || "name") as ProductFilter["sort"],
  };
  const products = useInfiniteQuery({ ...store.products(filter), placeholderData: keepPreviousData });
  const shown = products.data?.pages.flatMap((page) => page.data) ?? [];
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  function setFilter(name: keyof ProductFilter, value: string) {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next, { replace: true });
  }

  /** Runs a write from the table, then says how it went. */
  async function act(run: () => Promise<unknown>, done: Notice) {
    try {
      await run();
      setNotice(done);
    } catch (error) {
      setNotice({ tone: "error", words: consoleWords(error) });
    } finally {
      await refreshStore(client);
    }
  }

  const archive = (product: Product) =>
    act(() => storeWrites.changeProduct(product.id, { status: "archived" }), {
      tone: "success",
      words: `${product.name} is archived: it is off the shop, and its orders are kept.`,
      undo: {
        label: "Unarchive",
        run: () =>
          act(() => storeWrites.changeProduct(product.id, { status: "active" }), {
            tone: "success",
            words: `${product.name} is back in the shop.`,
          }),
      },
    });

  return (
    <ConsolePage
      title="Products"
      lead="Everything the shop sells. Archived products leave the shop but keep their orders."
      actions={
        <button type="button" className="button" onClick={() => setDialog({ kind: "create" })}>
          <span aria-hidden="true">+</span> New product
        </button>
      }
    >
      <Filters filter={filter} onChange={setFilter} />
      {notice && (
        <FormMessage tone={notice.tone}>
          <p>{notice.words}</p>
          {notice.undo && (
            <button
              type="button"
              className={`button button-quiet ${styles.small}`}
              onClick={() => void notice.undo?.run()}
            >
              {notice.undo.label}
            </button>
          )}
        </FormMessage>
      )}
      <p className={styles.count} aria-live="polite">
        {products.isSuccess && `Showing ${plural(shown.length, "product")}${products.hasNextPage ? " so far" : ""}`}
      </p>
      {products.isError && shown.length === 0 ? (
        <ConsoleLoadError error={products.error} onRetry={() => products.refetch()} />
      ) : products.isSuccess && shown.length === 0 ? (
        <p className={styles.empty}>No products match these filters.</p>
      ) : (
        <div className={styles.tableWrap} aria-busy={products.isFetching}>
          <table className={styles.table}>
            <caption className="visually-hidden">Products</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Brand</th>
                <th scope="col">Category</th>
                <th scope="col" className={styles.num}>
                  Price
                </th>
                <th scope="col" className={styles.num}>
                  Stock
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((product) => (
                <tr key={product.id}>
                  <th scope="row">{product.name}</th>
                  <td>{product.brand}</td>
                  <td>{CATEGORY_WORDS[product.category]}</td>
                  <td className={styles.num}>{money(product.price_cents, product.currency, { exact: true })}</td>
                  <td className={styles.num}>
                    <StockLevel stock={product.stock} />
                  </td>
                  <td>
                    <span className={`${styles.pill} ${product.status === "active" ? styles.good : ""}`}>
                      {product.status === "active" ? "Active" : "Archived"}
                    </span>
                  </td>
                  <td>
                    <div className={styles.rowActions}>
                      <button
                        type="button"
                        className={`button button-quiet ${styles.small}`}
                        onClick={() => setDialog({ kind: "edit", product })}
                        aria-label={`Edit ${product.name}`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className={`button button-quiet ${styles.small}`}
                        onClick={() => setDialog({ kind: "stock", product })}
                        aria-label={`Stock of ${product.name}`}
                      >
                        Stock
                      </button>
                      <button
                        type="button"
                        className={`button button-quiet ${styles.small}`}
                        onClick={() => void archive(product)}
                        aria-label={`Archive ${product.name}`}
                      >
                        Archive
                      </button>
                      <button
                        type="button"
                        className={`button button-quiet ${styles.small} ${styles.danger}`}
                        onClick={() => setDialog({ kind: "delete", product })}
                        aria-label={`Delete ${product.name}`}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {products.isFetchNextPageError && (
        <ConsoleLoadError error={products.error} onRetry={() => products.fetchNextPage()} />
      )}
      {products.hasNextPage && (
        <p className={styles.more}>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => products.fetchNextPage()}
            disabled={products.isFetchingNextPage}
          >
            {products.isFetchingNextPage ? "Loading…" : "More products"}
          </button>
        </p>
      )}

      {(dialog?.kind === "create" || dialog?.kind === "edit") && (
        <ProductDialog
          product={dialog.kind === "edit" ? dialog.product : undefined}
          onClose={() => setDialog(null)}
          onSaved={(saved, created) => {
            setDialog(null);
            setNotice({ tone: "success", words: `${saved.name} ${created ? "created" : "saved"}.` });
            void refreshStore(client);
          }}
        />
      )}
      {dialog?.kind === "stock" && (
        <StockDialog
          product={dialog.product}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            setNotice({ tone: "success", words: `${saved.name} now has ${plural(saved.stock, "unit")} in stock.` });
            void refreshStore(client);
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <DeleteProductDialog
          product={dialog.product}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            setNotice({ tone: "success", words: `${dialog.product.name} deleted.` });
            void refreshStore(client);
          }}
          onArchive={() => {
            setDialog(null);
            void archive(dialog.product);
          }}
        />
      )}
    </ConsolePage>
  );
}

/** Low stock (under 3, when the store raises an alert) and none at all stand out. */
function StockLevel({ stock }: { stock: number }) {
  if (stock === 0) return <span className={`${styles.pill} ${styles.bad}`}>Out of stock</span>;
  if (stock < 3) return <span className={`${styles.pill} ${styles.warn}`}>{stock} left</span>;
  return <>{stock}</>;
}

function Filters({
  filter,
  onChange,
}: {
  filter: ProductFilter;
  onChange: (name: keyof ProductFilter, value: string) => void;
}) {
  const id = useId();
  // The search box sends as one types, once a short pause shows the word is complete.
  const [text, setText] = useState(filter.q ?? "");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  return (
    <form className={styles.filters} aria-label="Filter products" onSubmit={(event) => event.preventDefault()}>
      <div className={`${styles.filter} ${styles.filterWide}`}>
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          id={`${id}-q`}
          type="search"
          className={styles.control}
          placeholder="Name, brand or description"
          value={text}
          onChange={(event) => {
            const value = event.target.value;
            setText(value);
            clearTimeout(timer.current);
            timer.current = setTimeout(() => onChange("q", value.trim()), 300);
          }}
        />
      </div>
      <div className={styles.filter}>
        <label htmlFor={`${id}-category`}>Category</label>
        <select
          id={`${id}-category`}
          className={styles.control}
          value={filter.category ?? ""}
          onChange={(event) => onChange("category", event.target.value)}
        >
          <option value="">Any category</option>
          {Object.entries(CATEGORY_WORDS).map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.filter}>
        <label htmlFor={`${id}-stock`}>Stock</label>
        <select
          id={`${id}-stock`}
          className={styles.control}
          value={filter.in_stock ?? ""}
          onChange={(event) => onChange("in_stock", event.target.value)}
        >
          <option value="">Any stock</option>
          <option value="true">In stock</option>
          <option value="false">Out of stock</option>
        </select>
      </div>
      <div className={styles.filter}>
        <label htmlFor={`${id}-sort`}>Order</label>
        <select
          id={`${id}-sort`}
          className={styles.control}
          value={filter.sort ?? "name"}
          onChange={(event) => onChange("sort", event.target.value)}
        >
          <option value="name">Name</option>
          <option value="newest">Newest first</option>
          <option value="price">Price, lowest first</option>
          <option value="-price">Price, highest first</option>
        </select>
      </div>
    </form>
  );
}
