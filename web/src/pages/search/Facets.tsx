import { useId, useState } from "react";
import { Link } from "react-router";
import type { Facet, SearchFilter, SearchResult } from "../../api/discovery";
import { FACETS, type FacetName, facetLabel, withChanges } from "./facets";
import styles from "./Search.module.css";

/** How many values of a facet show before "Show all". */
const FIRST_VALUES = 6;

/**
 * The facets of a search: each value with how many results it has, as a link that narrows the search to it (a new
 * entry in the history, so Back widens it again); a chosen value links back to the search without it.
 */
export function Facets({
  id,
  facets,
  filter,
  address,
}: {
  id: string;
  facets: SearchResult["facets"] | undefined;
  filter: SearchFilter;
  address: URLSearchParams;
}) {
  return (
    <nav id={id} aria-label="Narrow the results" className={styles.facets}>
      {FACETS.map(({ name, title }) => (
        <FacetGroup
          key={name}
          name={name}
          title={title}
          values={facets?.[name] ?? []}
          chosen={filter[name]}
          address={address}
        />
      ))}
    </nav>
  );
}

function FacetGroup({
  name,
  title,
  values,
  chosen,
  address,
}: {
  name: FacetName;
  title: string;
  values: Facet[];
  chosen: string | undefined;
  address: URLSearchParams;
}) {
  const id = useId();
  const [all, setAll] = useState(false);
  // A chosen value the results no longer count (another filter left none of it) still shows, to be cleared.
  const listed =
    chosen && !values.some((facet) => facet.value === chosen)
      ? [{ value: chosen, label: facetLabel(name, chosen), count: 0 }, ...values]
      : values;
  if (listed.length === 0) return null;
  const shown = all ? listed : listed.slice(0, FIRST_VALUES);
  return (
    <section aria-labelledby={id} className={styles.facetGroup}>
      <h2 id={id} className={styles.facetTitle}>
        {title}
      </h2>
      <ul className={styles.facetValues}>
        {shown.map((facet) => {
          const selected = facet.value === chosen;
          const label = facetLabel(name, facet.value, facet.label);
          return (
            <li key={facet.value}>
              <Link
                to={{ search: withChanges(address, { [name]: selected ? "" : facet.value }) }}
                preventScrollReset
                className={styles.facet}
                aria-current={selected ? "true" : undefined}
              >
                <span className={styles.facetLabel}>{label}</span>{" "}
                {selected ? (
                  <span className={styles.facetClear}>
                    <span aria-hidden="true">×</span>
                    <span className="visually-hidden">(chosen: remove this filter)</span>
                  </span>
                ) : (
                  <span className={styles.facetCount}>
                    {facet.count}
                    <span className="visually-hidden"> {facet.count === 1 ? "result" : "results"}</span>
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
      {listed.length > FIRST_VALUES && (
        <button type="button" className={styles.facetMore} onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? "Show fewer" : `Show all ${listed.length}`}
        </button>
      )}
    </section>
  );
}

/** The filters chosen, each a chip that removes it, and "Clear all" when there are several. */
export function ChosenFilters({
  facets,
  filter,
  address,
}: {
  facets: SearchResult["facets"] | undefined;
  filter: SearchFilter;
  address: URLSearchParams;
}) {
  const chosen = FACETS.flatMap(({ name }) => {
    const value = filter[name];
    return value ? [{ name, value }] : [];
  });
  if (chosen.length === 0) return null;
  return (
    <ul className={styles.chosen} aria-label="Filters chosen">
      {chosen.map(({ name, value }) => (
        <li key={name}>
          <Link to={{ search: withChanges(address, { [name]: "" }) }} preventScrollReset className={styles.chip}>
            {facetLabel(name, value, facets?.[name].find((facet) => facet.value === value)?.label)}
            <span aria-hidden="true"> ×</span>
            <span className="visually-hidden">: remove this filter</span>
          </Link>
        </li>
      ))}
      {chosen.length > 1 && (
        <li>
          <Link
            to={{ search: withChanges(address, Object.fromEntries(chosen.map(({ name }) => [name, ""]))) }}
            preventScrollReset
            className={styles.clearAll}
          >
            Clear all
          </Link>
        </li>
      )}
    </ul>
  );
}
