import { useSearchParams } from "react-router";

/**
 * A list's choices (its search words, filters and order) kept in the address, so that a filtered list can be shared,
 * bookmarked and gone back to. `choose({ q: "diver", sort: "" })` sets choices and removes those given as "", in
 * place of the current history entry and without scrolling, since the choices sit on the page they change.
 */
export function useAddressChoices() {
  const [search, setSearch] = useSearchParams();
  function choose(changes: Record<string, string>) {
    // From the address as it is when applied, not as this render saw it: a search box's delayed choice must not undo
    // a filter chosen meanwhile.
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value) next.set(name, value);
          else next.delete(name);
        }
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  }
  return [search, choose, setSearch] as const;
}
