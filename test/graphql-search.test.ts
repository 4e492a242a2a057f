import { describe, expect, it } from "vitest";
import { cmsSession } from "./cms-helpers";
import { publishedProgram, randomLetters, search } from "./discovery-search-fixtures";
import { dataOf, errorOf, graphql } from "./graphql-helpers";

// GraphQL's `search` runs the very search GET /discovery/search runs: the same hits in the same order, the same
// total, facets and did-you-mean, and the same refusals.

const { viewer } = cmsSession();

const SEARCH = `query($q: String, $first: Int, $after: String, $type: SearchType) {
  search(q: $q, first: $first, after: $after, type: $type) {
    edges { cursor node { type id title typo highlights { title } } }
    pageInfo { hasNextPage endCursor }
    total
    facets { type { value label count } language { value count } }
    did_you_mean
  }
}`;

describe("GraphQL search", () => {
  it("finds what REST finds, in the same order, with the same total and facets, page by page", async () => {
    const word = randomLetters(10);
    await publishedProgram({ title: `Program ${word}` }, [{ title: `Lesson ${word} one` }, { title: `${word} two` }]);

    const rest = await search({ q: word, limit: 100 });
    expect(rest.body.total).toBe(3);
    const first = dataOf(await graphql(SEARCH, { q: word, first: 2 }, { token: viewer.token })).search;
    expect(first.total).toBe(rest.body.total);
    expect(first.facets.type).toEqual(rest.body.facets.type);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = dataOf(
      await graphql(SEARCH, { q: word, first: 2, after: first.pageInfo.endCursor }, { token: viewer.token }),
    ).search;
    expect(second.pageInfo.hasNextPage).toBe(false);
    const ids = [...first.edges, ...second.edges].map((edge: { node: { id: string } }) => edge.node.id);
    expect(ids).toEqual(rest.body.data.map((hit) => hit.id));
    expect(first.edges[0].node.highlights.title).toContain(`<mark>${word}</mark>`);
  });

  it("suggests the same word when nothing matches, and refuses what REST refuses with the same code and field", async () => {
    const word = `${randomLetters(9)}`;
    await publishedProgram({ title: `Course ${word}` });
    const typo = `${word.slice(0, 3)}${word.slice(4)}`; // one letter dropped: found by typo, ranked as such
    const found = dataOf(await graphql(SEARCH, { q: `${typo} `, first: 5 }, { token: viewer.token })).search;
    expect(found.edges.map((edge: { node: { typo: boolean } }) => edge.node.typo)).toEqual([true]);

    const tooLong = "x".repeat(1001);
    expect((await search({ q: tooLong })).status).toBe(400);
    errorOf(await graphql(SEARCH, { q: tooLong }, { token: viewer.token }), "validation_failed", "q");
    errorOf(await graphql(SEARCH, { q: word, first: 101 }, { token: viewer.token }), "validation_failed", "limit");
    errorOf(await graphql(SEARCH, { q: word }), "unauthorized");
    const backwards = `query { search(q: "${word}", min_duration: 120, max_duration: 60) { total } }`;
    expect((await search({ q: word, min_duration: 120, max_duration: 60 })).status).toBe(400);
    errorOf(await graphql(backwards, {}, { token: viewer.token }), "validation_failed", "min_duration");
  });
});
