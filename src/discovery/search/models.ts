import { z } from "@hono/zod-openapi";
import { ContentTypeSchema, LanguageSchema } from "../../catalog/models";
import { PageQuery } from "../../http/pagination";

/** The longest `q` a search takes; anything up to it is a search, never an error. */
export const MAX_QUERY_LENGTH = 1000;

export const SEARCH_TYPES = ["program", "lesson"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const SearchQuery = PageQuery.extend({
  q: z
    .string()
    .max(MAX_QUERY_LENGTH)
    .default("")
    .openapi({
      description:
        "What to look for, as typed: words match anywhere in titles (weighted highest), descriptions, topics and " +
        "language names; the last word also matches as a prefix (search as you type); a word of 5 letters or more " +
        "may carry one typo, of 9 or more two. Every character is taken as text (no operators). Empty: everything " +
        "published that the filters let through, newest first.",
      example: "telugu grammer",
    }),
  type: z.enum(SEARCH_TYPES).optional().openapi({ description: "Only programs, or only lessons" }),
  topic: z.string().min(1).max(64).optional().openapi({ description: "A topic's id (see `facets.topic`)" }),
  language: LanguageSchema.optional().openapi({ description: "Available in this language" }),
  content_type: ContentTypeSchema.optional().openapi({ description: "Lessons of this kind (programs have none)" }),
  min_duration: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: "Lessons at least this long, in seconds (programs and articles have no duration)" }),
  max_duration: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: "Lessons at most this long, in seconds" }),
});

export type SearchParams = z.infer<typeof SearchQuery>;

export const SearchHitSchema = z
  .object({
    type: z.enum(SEARCH_TYPES),
    id: z.string(),
    title: z.string(),
    description: z.string(),
    program_id: z.string().openapi({ description: "The program itself, or the lesson's program" }),
    program_title: z.string(),
    content_type: ContentTypeSchema.nullable().openapi({ description: "Null for programs" }),
    duration_ms: z.number().int().nullable().openapi({ description: "Null for programs and articles" }),
    languages: z.array(LanguageSchema),
    topics: z.array(z.object({ id: z.string(), name: z.string() })),
    published_at: z.iso.datetime(),
    highlights: z.object({ title: z.string(), description: z.string() }).openapi({
      description:
        "The title, and an excerpt of the description around the match, as HTML: the text is escaped and every " +
        "matched word is wrapped in `<mark>`…`</mark>`; an excerpt cut short has `…` where it was cut.",
      example: { title: "Telugu <mark>Grammar</mark>", description: "…the <mark>grammar</mark> of everyday…" },
    }),
    typo: z.boolean().openapi({ description: "Found only by allowing a typo in a word of the query" }),
  })
  .openapi("SearchHit");

export type SearchHit = z.infer<typeof SearchHitSchema>;

const FacetValueSchema = z
  .object({
    value: z.string().openapi({ description: "What to pass as the filter" }),
    label: z.string().openapi({ description: "What to show: a topic's or language's name" }),
    count: z.number().int(),
  })
  .openapi("FacetValue");

export const SearchResultSchema = z
  .object({
    data: z.array(SearchHitSchema),
    next_cursor: z.string().nullable(),
    total: z.number().int().openapi({ description: "Everything the search found, on every page" }),
    facets: z
      .object({
        type: z.array(FacetValueSchema),
        topic: z.array(FacetValueSchema),
        language: z.array(FacetValueSchema),
        content_type: z.array(FacetValueSchema),
      })
      .openapi({ description: "Counts over the whole result (every page), most frequent first" }),
    did_you_mean: z.string().nullable().openapi({
      description: "When nothing was found: the query with each unknown word replaced by the closest indexed word",
      example: "telugu grammar",
    }),
  })
  .openapi("SearchResult");

export type SearchResult = z.infer<typeof SearchResultSchema>;
