import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormMessage } from "../../components/FormMessage";
import { rowsSoFar } from "../../components/LoadMore";
import { useAddressChoices } from "../../components/useAddressChoices";
import { ConsolePage } from "../../console/ConsolePage";
import styles from "../../console/console.module.css";
import { FilterBar, SearchFilter, SelectFilter } from "../../console/filters";
import { PagedTable } from "../../console/PagedTable";
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
  const [search, choose] = useAddressChoices();
  const filter: ProductFilter = {
    q: search.get("q") || undefined,
    category: (search.get("category") || undefined) as ProductFilter["category"],
    in_stock: (search.get("in_stock") || undefined) as ProductFilter["in_stock"],
    sort: (search.get("sort") || "name") as ProductFilter["sort"],
  };
  const products = useInfiniteQuery({ ...store.products(filter), placeholderData: keepPreviousData });
  const shown = rowsSoFar(products);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

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
      <Filters filter={filter} onChange={(name, value) => choose({ [name]: value })} />
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
      <PagedTable
        list={products}
        rows={shown.length}
        noun="product"
        caption="Products"
        empty="No products match these filters."
        more="More products"
        head={
          <>
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
          </>
        }
      >
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
                  className={`button button-quiet button-danger ${styles.small}`}
                  onClick={() => setDialog({ kind: "delete", product })}
                  aria-label={`Delete ${product.name}`}
                >
                  Delete
                </button>
              </div>
            </td>
          </tr>
        ))}
      </PagedTable>

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
  return (
    <FilterBar label="Filter products">
      <SearchFilter
        value={filter.q ?? ""}
        placeholder="Name, brand or description"
        onSearch={(q) => onChange("q", q)}
      />
      <SelectFilter label="Category" value={filter.category ?? ""} onChange={(value) => onChange("category", value)}>
        <option value="">Any category</option>
        {Object.entries(CATEGORY_WORDS).map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </SelectFilter>
      <SelectFilter label="Stock" value={filter.in_stock ?? ""} onChange={(value) => onChange("in_stock", value)}>
        <option value="">Any stock</option>
        <option value="true">In stock</option>
        <option value="false">Out of stock</option>
      </SelectFilter>
      <SelectFilter label="Order" value={filter.sort ?? "name"} onChange={(value) => onChange("sort", value)}>
        <option value="name">Name</option>
        <option value="newest">Newest first</option>
        <option value="price">Price, lowest first</option>
        <option value="-price">Price, highest first</option>
      </SelectFilter>
    </FilterBar>
  );
}
