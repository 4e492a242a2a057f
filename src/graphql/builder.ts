import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import { GraphQLError, type ValueNode, valueFromASTUntyped } from "graphql";
import type { GraphQLContext } from "./context";

/**
 * The schema builder (Pothos, code-first): every type and field is declared once in TypeScript, typed against the
 * rows its resolvers return. Field names are the REST API's own (`snake_case`), so that a field, an input and a
 * problem's `errors[].path` read the same in both APIs.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: { LanguageMap: { Input: Record<string, string>; Output: Record<string, string> } };
}>({
  plugins: [DataloaderPlugin],
  defaultFieldNullability: false,
});

builder.queryType({});
builder.mutationType({});

/** A JSON object as it was sent; what it must hold is the CMS models' business (they give the field paths). */
const asObject = (value: unknown): Record<string, string> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new GraphQLError('A LanguageMap is an object such as { te: "https://…" }.');
  }
  return value as Record<string, string>;
};

builder.scalarType("LanguageMap", {
  description: 'URLs by language code, as a JSON object: { "te": "https://cdn.example.com/1/te.m3u8" }',
  serialize: (value) => value,
  parseValue: asObject,
  parseLiteral: (ast: ValueNode, variables) => asObject(valueFromASTUntyped(ast, variables)),
});
