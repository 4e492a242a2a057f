import type { SearchFilter, SearchResult } from "../../api/discovery";
import { CONTENT_TYPE_WORDS, languageName } from "../../format";

/** The filters a facet sets, each an address parameter of the same name. */
export type FacetName = keyof SearchResult["facets"] & keyof SearchFilter;

/** The facets in the order the page offers them, with their headings. */
export const FACETS: readonly { name: FacetName; title: string }[] = [
  { name: "type", title: "Show" },
  { name: "content_type", title: "Kind of lesson" },
  { name: "topic", title: "Topic" },
  { name: "language", title: "Language" },
];

const TYPE_WORDS: Record<NonNullable<SearchFilter["type"]>, string> = { program: "Programs", lesson: "Lessons" };

/**
 * What a facet's value is called on the page: our words for types and kinds, the API's label for topics and
 * languages (a language's name from the browser, and a topic's id, where the latest answer has no label for it).
 */
export function facetLabel(name: FacetName, value: string, apiLabel?: string): string {
  if (name === "type") return TYPE_WORDS[value as keyof typeof TYPE_WORDS] ?? value;
  if (name === "content_type") return CONTENT_TYPE_WORDS[value as keyof typeof CONTENT_TYPE_WORDS] ?? value;
  return apiLabel ?? (name === "language" ? languageName(value) : value);
}

const DEFAULT_PAGE_SIZE = 12;

/**
 * The search the address holds (`/search?q=knife&type=lesson`). Values the API would refuse (a type or kind it does
 * not have) are left out, so a hand-edited link still searches.
 */
export function searchOf(address: URLSearchParams): SearchFilter {
  const type = address.get("type");
  const contentType = address.get("content_type");
  return {
    q: address.get("q")?.trim() ?? "",
    type: type === "program" || type === "lesson" ? type : undefined,
    content_type:
      contentType && contentType in CONTENT_TYPE_WORDS ? (contentType as SearchFilter["content_type"]) : undefined,
    topic: address.get("topic") || undefined,
    language: address.get("language") || undefined,
    limit: Number(address.get("limit")) || DEFAULT_PAGE_SIZE,
  };
}

/** The address with `changes` made ("" removes a parameter), as a `?…` string. */
export function withChanges(address: URLSearchParams, changes: Record<string, string>): string {
  const next = new URLSearchParams(address);
  for (const [name, value] of Object.entries(changes)) {
    if (value) next.set(name, value);
    else next.delete(name);
  }
  const search = next.toString();
  return search ? `?${search}` : "";
}
