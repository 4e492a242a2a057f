import { useSearchParams } from "react-router";

/**
 * A list's choices (its search words, filters and order) kept in the address, so that a filtered list can be shared,
 * bookmarked and gone back to. `choose({ q: "diver", sort: "" })` sets choices and removes those given as "", in
 * place of the current history entry and without scrolling, since the choices sit on the page they change.
 */
export function useAddressChoices() {
  const [search, setSearch] = useSearchParams();
  function choose(changes: Record<string, string>) {
    // From the address as it is now, not as this render saw it (react-router's functional update is no fresher): a
    // search box's delayed choice must not undo a filter chosen meanwhile.
    const next = new URLSearchParams(globalThis.location?.search ?? search);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setSearch(next, { replace: true, preventScrollReset: true });
  }

  return [search, choose, setSearch] as const;
}
