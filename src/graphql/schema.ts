import { builder } from "./builder";
import "./catalog-types";
import "./queries";
import "./mutations";
import "./search";

/** The CMS's GraphQL schema, built once per isolate from the types, queries and mutations declared with `builder`. */
export const schema = builder.toSchema();
