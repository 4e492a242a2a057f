/**
 * GraphQL's `search`: the discovery search (`GET /discovery/search`) as a connection of hits, with the REST answer's
 * total, facets and did-you-mean. Its types mirror src/discovery/search/models.ts (SearchResult); it runs the very
 * search REST runs (`searchCatalog`), paged by the same positions.
 */
import { recordSearch } from "../discovery/analytics/record";
import { SEARCH_TYPES, type SearchHit, SearchQuery, type SearchResult } from "../discovery/search/models";
import { searchCatalog, searchPosition } from "../discovery/search/search";
import { waitUntilOf } from "../http/edge-cache";
import { decodeCursor, encodeCursor } from "../http/pagination";
import { builder } from "./builder";
import { ContentType } from "./catalog-types";
import { authorize } from "./context";
import { parseInput } from "./input";
import { PageInfo, type PageInfoShape } from "./queries";

interface SearchConnection {
  edges: { cursor: string; node: SearchHit }[];
  pageInfo: PageInfoShape;
  total: number;
  facets: SearchResult["facets"];
  did_you_mean: string | null;
}

const SearchType = builder.enumType("SearchType", { values: SEARCH_TYPES });

const TopicRefType = builder.objectRef<{ id: string; name: string }>("SearchTopic").implement({
  fields: (t) => ({ id: t.exposeID("id"), name: t.exposeString("name") }),
});

const Highlights = builder.objectRef<SearchHit["highlights"]>("SearchHighlights").implement({
  description: "The title and an excerpt of the description as HTML: escaped text, matched words in <mark>…</mark>",
  fields: (t) => ({ title: t.exposeString("title"), description: t.exposeString("description") }),
});

const SearchHitType = builder.objectRef<SearchHit>("SearchHit").implement({
  fields: (t) => ({
    type: t.expose("type", { type: SearchType }),
    id: t.exposeID("id"),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    program_id: t.exposeID("program_id", { description: "The program itself, or the lesson's program" }),
    program_title: t.exposeString("program_title"),
    content_type: t.expose("content_type", { type: ContentType, nullable: true }),
    duration_ms: t.exposeInt("duration_ms", { nullable: true }),
    languages: t.exposeStringList("languages"),
    topics: t.field({ type: [TopicRefType], resolve: (hit) => hit.topics }),
    published_at: t.exposeString("published_at"),
    highlights: t.field({ type: Highlights, resolve: (hit) => hit.highlights }),
    typo: t.exposeBoolean("typo", { description: "Found only by allowing a typo in a word of the query" }),
  }),
});

const FacetValue = builder.objectRef<SearchResult["facets"]["type"][number]>("FacetValue").implement({
  fields: (t) => ({ value: t.exposeString("value"), label: t.exposeString("label"), count: t.exposeInt("count") }),
});

const Facets = builder.objectRef<SearchResult["facets"]>("SearchFacets").implement({
  description: "Counts over the whole result (every page), most frequent first",
  fields: (t) => ({
    type: t.field({ type: [FacetValue], resolve: (f) => f.type }),
    topic: t.field({ type: [FacetValue], resolve: (f) => f.topic }),
    language: t.field({ type: [FacetValue], resolve: (f) => f.language }),
    content_type: t.field({ type: [FacetValue], resolve: (f) => f.content_type }),
  }),
});

const SearchEdge = builder.objectRef<SearchConnection["edges"][number]>("SearchEdge").implement({
  fields: (t) => ({ cursor: t.exposeString("cursor"), node: t.field({ type: SearchHitType, resolve: (e) => e.node }) }),
});

const SearchConnectionType = builder.objectRef<SearchConnection>("SearchConnection").implement({
  fields: (t) => ({
    edges: t.field({ type: [SearchEdge], resolve: (c) => c.edges }),
    pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
    total: t.exposeInt("total", { description: "Everything the search found, on every page" }),
    facets: t.field({ type: Facets, resolve: (c) => c.facets }),
    did_you_mean: t.exposeString("did_you_mean", { nullable: true }),
  }),
});

/**
 * `search(q, type, topic, language, content_type, min_duration, max_duration, first, after)` on the query root.
 * Arguments are parsed by the REST route's SearchQuery (`first` is its `limit`, `after` its `cursor`); first pages are
 * counted by search analytics, as REST's are.
 */
builder.queryField("search", (t) =>
  t.field({
    type: SearchConnectionType,
    description: "Searches the published catalog, as GET /discovery/search does",
    args: {
      q: t.arg.string(),
      type: t.arg({ type: SearchType }),
      topic: t.arg.id(),
      language: t.arg.string(),
      content_type: t.arg({ type: ContentType }),
      min_duration: t.arg.int({ description: "In seconds" }),
      max_duration: t.arg.int({ description: "In seconds" }),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    resolve: async (_root, { first, after, ...filters }, ctx) => {
      await authorize(ctx, "viewer");
      const given = Object.entries({ ...filters, limit: first, cursor: after }).filter(([, v]) => v != null);
      const params = parseInput(SearchQuery, Object.fromEntries(given));
      const list = { env: ctx.c.env, req: { path: "/graphql#search" } };
      const position = await decodeCursor(list, params.cursor, searchPosition(params));
      const found = await searchCatalog(ctx.db, params, position);
      const waitUntil = waitUntilOf(ctx.c);
      if (params.cursor === undefined && waitUntil)
        recordSearch(ctx.c.env, waitUntil, { query: params.q, hits: found.total });
      const kept = found.rows.slice(0, params.limit);
      const edges = await Promise.all(
        kept.map(async ({ hit, position }) => ({ node: hit, cursor: await encodeCursor(list, position) })),
      );
      return {
        edges,
        pageInfo: {
          hasNextPage: found.rows.length > params.limit,
          hasPreviousPage: false,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        total: found.total,
        facets: found.facets,
        did_you_mean: found.didYouMean,
      };
    },
  }),
);
