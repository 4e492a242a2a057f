import { builder } from "./builder";
import "./catalog-types";
import "./queries";
import "./mutations";

// `search` joins the query root once the discovery search is merged (src/discovery/search/search.ts):
//   import { searchCatalog, searchPosition } from "../discovery/search/search";
//   addSearchField({ search: searchCatalog, position: searchPosition });   // from ./search

/** The CMS's GraphQL schema, built once per isolate from the types, queries and mutations declared with `builder`. */
export const schema = builder.toSchema();
