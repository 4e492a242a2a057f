/** Search rows into the API's shapes: hits with their highlights as safe HTML, and labelled facets. */
import type { SearchHit, SearchResult } from "./models";
import { ELLIPSIS, type FacetRow, type HitRow, MARK_END, MARK_START } from "./query";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** Characters in a browse's excerpt of a description (a text search's excerpt comes from FTS5's snippet). */
const EXCERPT_CHARACTERS = 160;

/** The start of `text`, cut at a word boundary with an ellipsis when longer than an excerpt. */
function excerptOf(text: string): string {
  const chars = Array.from(text);
  if (chars.length <= EXCERPT_CHARACTERS) return text;
  const cut = chars.slice(0, EXCERPT_CHARACTERS).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > 0 ? cut.slice(0, space) : cut).trimEnd()}${ELLIPSIS}`;
}

/**
 * `marked` (text with MARK_START/MARK_END around matches) as HTML: the text escaped first, then the marks turned into
 * `<mark>` tags, so stored text never becomes markup. Text that holds a mark character of its own is shown without
 * marks (`plain`) rather than trusted.
 */
function markedHtml(marked: string | null, plain: string, source: string): string {
  if (marked === null || source.includes(MARK_START) || source.includes(MARK_END)) return escapeHtml(plain);
  return escapeHtml(marked).replaceAll(MARK_START, "<mark>").replaceAll(MARK_END, "</mark>");
}

export function presentHit(row: HitRow): SearchHit {
  return {
    type: row.kind,
    id: row.doc_id,
    title: row.title,
    description: row.description,
    program_id: row.program_id,
    program_title: row.program_title,
    content_type: row.content_type,
    duration_ms: row.duration_ms === null ? null : Number(row.duration_ms),
    languages: JSON.parse(row.language_codes) as string[],
    topics: JSON.parse(row.topic_list) as { id: string; name: string }[],
    published_at: row.published_at,
    highlights: {
      title: markedHtml(row.title_marked, row.title, row.title),
      description: markedHtml(row.description_marked, excerptOf(row.description), row.description),
    },
    typo: Number(row.tier) === 1,
  };
}

type ContentType = NonNullable<SearchHit["content_type"]>;

const TYPE_LABELS: Record<string, string> = { program: "Programs", lesson: "Lessons" };
const CONTENT_TYPE_LABELS: Record<ContentType, string> = { video: "Video", audio: "Audio", article: "Article" };

/** A language's label: its English name (with the region of a code such as `pt-BR`), or the code when unknown. */
function languageLabel(code: string, name: string | null): string {
  if (name === null) return code;
  const region = code.split("-").slice(1).join("-");
  return region ? `${name} (${region})` : name;
}

function labelOf(row: FacetRow): string {
  switch (row.facet) {
    case "type":
      return TYPE_LABELS[row.value] ?? row.value;
    case "content_type":
      return CONTENT_TYPE_LABELS[row.value as ContentType] ?? row.value;
    case "language":
      return languageLabel(row.value, row.name);
    default:
      return row.name ?? row.value;
  }
}

/** The total and the facets, each most frequent first (then by label). */
export function presentFacets(rows: FacetRow[]): { total: number; facets: SearchResult["facets"] } {
  const facets: SearchResult["facets"] = { type: [], topic: [], language: [], content_type: [] };
  let total = 0;
  for (const row of rows) {
    if (row.facet === "total") total = Number(row.count);
    else facets[row.facet].push({ value: row.value, label: labelOf(row), count: Number(row.count) });
  }
  for (const values of Object.values(facets)) {
    values.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label) || (a.value < b.value ? -1 : 1));
  }
  return { total, facets };
}
