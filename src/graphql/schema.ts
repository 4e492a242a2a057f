import { searchCatalog, searchPosition } from "../discovery/search/search";
import { builder } from "./builder";
import "./catalog-types";
import "./queries";
import "./mutations";
import { addSearchField } from "./search";

// The discovery search, the very function GET /discovery/search runs.
addSearchField({ search: searchCatalog, position: searchPosition });

/** The CMS's GraphQL schema, built once per isolate from the types, queries and mutations declared with `builder`. */
export const schema = builder.toSchema();
