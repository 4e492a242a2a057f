import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "../../api/client";

export type EditorsPick = Schemas["EditorsPick"];
export type EditorsList = Schemas["EditorsList"];

/**
 * The editors' featured list and the programs one may add to it, as TanStack Query options under
 * `["discovery", …]` (so a write here also refreshes the public featured row, `["discovery", "featured", …]`).
 *
 * @example
 * const list = useQuery(featured.editorsList());
 */
export const featured = {
  editorsList: () =>
    queryOptions({
      queryKey: ["discovery", "editors-list"],
      queryFn: ({ signal }) => unwrap(api.GET("/cms/featured", { signal })),
    }),
  /** Programs whose title or description has `q`, any status, to pick one to feature. */
  candidates: (q: string) =>
    queryOptions({
      queryKey: ["discovery", "candidates", q],
      queryFn: ({ signal }) => unwrap(api.GET("/cms/programs", { params: { query: { q, limit: 8 } }, signal })),
      enabled: q.length > 0,
    }),
};

/** After a write: the editors' list and the public featured row are read again. */
export const refreshDiscovery = (client: QueryClient) => client.invalidateQueries({ queryKey: ["discovery"] });

export const featuredWrites = {
  /** The whole list in this order; answers the list as stored. */
  reorder: (programIds: string[]) => unwrap(api.PUT("/cms/featured", { body: { program_ids: programIds } })),
  feature: (programId: string) => unwrap(api.POST("/cms/featured", { body: { program_id: programId } })),
  unfeature: (programId: string) =>
    unwrap(api.DELETE("/cms/featured/{program_id}", { params: { path: { program_id: programId } } })),
};

/** `list` with the entry at `from` moved to `to` (both 0-based). */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}
