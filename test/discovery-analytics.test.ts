import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { cachedCatalogRead } from "../src/catalog/public/routes";
import { countsSearches } from "../src/discovery/analytics/counts-searches";
import { normaliseQuery, recordSearch } from "../src/discovery/analytics/record";
import { searchQueryDays } from "../src/discovery/schema";
import { createRouter } from "../src/http/openapi";
import { DAY_MS, isoAt } from "../src/time";
import {
  ACCOUNT_LOOKUP,
  callJson,
  createUser,
  db,
  dbCost,
  expectProblem,
  freshIp,
  ISO_UTC,
  type TestUser,
  uniqueWord,
  withQuery,
} from "./helpers";

// Search analytics: every search is counted off the hot path (waitUntil) under its normalised query and UTC day;
// editors read the most searched queries and those that found nothing. Rows are shared by this file's tests: each
// searches for words of its own.

let editor: TestUser;
let viewer: TestUser;
beforeAll(async () => {
  [editor, viewer] = await Promise.all([createUser("editor"), createUser("viewer")]);
});

/** Records each search as the search route does, and waits for the writes it hands to `waitUntil`. */
async function searched(...searches: [query: string, hits: number][]) {
  for (const [query, hits] of searches) {
    const pending: Promise<unknown>[] = [];
    recordSearch(env, (promise) => pending.push(promise), { query, hits });
    await Promise.all(pending);
  }
}

const analytics = (query: Record<string, number> = {}, token = editor.token) =>
  callJson("GET", withQuery("/discovery/analytics", { limit: 100, ...query }), {
    token,
    headers: { "CF-Connecting-IP": freshIp() },
  });

type Totals = { query: string; searches: number; zero_hit_searches: number; last_hit_count: number };
const find = (list: Totals[], query: string) => list.find((row) => row.query === query);

describe("counting searches", () => {
  it("counts searches that mean alike together, with the latest hit count, and reads them back at once", async () => {
    const word = uniqueWord();
    await searched([`${word} grammar`, 4], [`  ${word.toUpperCase()}   Grammar `, 0], [`${word}　ｇｒａｍｍａｒ`, 7]);
    const res = await analytics();
    expect(res.status).toBe(200);
    expect(find(res.body.top_queries, `${word} grammar`)).toEqual({
      query: `${word} grammar`,
      searches: 3,
      zero_hit_searches: 1,
      last_hit_count: 7,
      last_searched_at: expect.stringMatching(ISO_UTC),
    });
    expect(find(res.body.zero_result_queries, `${word} grammar`)).toBeUndefined();
  });

  it("lists queries whose latest search found nothing, most often empty first", async () => {
    const [often, once, foundLater] = [uniqueWord(), uniqueWord(), uniqueWord()];
    await searched([often, 0], [often, 0], [often, 0], [once, 0], [foundLater, 0], [foundLater, 2]);
    const zero = (await analytics()).body.zero_result_queries as Totals[];
    const ours = zero.filter((row) => [often, once, foundLater].includes(row.query));
    expect(ours.map((row) => [row.query, row.zero_hit_searches, row.last_hit_count])).toEqual([
      [often, 3, 0],
      [once, 1, 0],
    ]);
  });

  it("ranks the top queries by searches and keeps to limit", async () => {
    const [first, second] = [uniqueWord(), uniqueWord()];
    await searched(...Array.from({ length: 40 }, () => [first, 1] as [string, number]), [second, 1], [second, 1]);
    const top = (await analytics()).body.top_queries as Totals[];
    expect(top[0]).toMatchObject({ query: first, searches: 40 });
    expect(top.findIndex((row) => row.query === second)).toBeGreaterThan(0);
    expect((await analytics({ limit: 1 })).body.top_queries).toEqual([top[0]]);
  });

  it("counts the days asked for, today included", async () => {
    const word = uniqueWord();
    const tenDaysAgo = isoAt(Date.now() - 10 * DAY_MS);
    await db()
      .insert(searchQueryDays)
      .values({
        day: tenDaysAgo.slice(0, 10),
        query: word,
        searches: 5,
        zeroHitSearches: 0,
        lastHitCount: 3,
        lastSearchedAt: tenDaysAgo,
      });
    await searched([word, 1]);
    const week = await analytics();
    expect(week.body.since).toBe(isoAt(Date.now() - 6 * DAY_MS).slice(0, 10));
    expect(find(week.body.top_queries, word)?.searches).toBe(1);
    expect(find((await analytics({ days: 11 })).body.top_queries, word)).toMatchObject({
      searches: 6,
      last_hit_count: 1,
    });
    expect(find((await analytics({ days: 1 })).body.top_queries, word)?.searches).toBe(1);
  });

  it("does not count an empty query, and keeps 200 characters of a long one", async () => {
    await searched(["   ", 0], ["\n\t", 3]);
    expect(await db().select().from(searchQueryDays).where(eq(searchQueryDays.query, ""))).toEqual([]);
    const word = uniqueWord();
    await searched([`${word} ${"x".repeat(400)}`, 0]);
    const [row] = await db()
      .select()
      .from(searchQueryDays)
      .where(eq(searchQueryDays.query, normaliseQuery(`${word} ${"x".repeat(400)}`)));
    expect(row?.query).toHaveLength(200);
    expect(row?.query.startsWith(`${word} xxx`)).toBe(true);
    // Never half a character: an emoji at the cut is kept whole or left out.
    expect(Array.from(normaliseQuery("😀".repeat(300)))).toHaveLength(200);
  });
});

describe("the analytics route", () => {
  it("is for editors only, never cached, one D1 round trip", async () => {
    const res = await analytics();
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(dbCost(res).queries).toBe(ACCOUNT_LOOKUP.queries + 1);
    expectProblem(await analytics({}, viewer.token), 403, "forbidden");
    expectProblem(
      await callJson("GET", "/discovery/analytics", { headers: { "CF-Connecting-IP": freshIp() } }),
      401,
      "unauthorized",
    );
  });

  it("refuses days and limit out of range, naming them", async () => {
    const res = await analytics({ days: 0, limit: 101 });
    expectProblem(res, 400, "validation_failed");
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["days", "limit"]);
  });
});

describe("countsSearches on a search route", () => {
  // A route shaped like the search route (the middleware, then the catalog's edge cache), answering `total: 3`.
  let handled = 0;
  const app = createRouter().get("/search-like", countsSearches, ...cachedCatalogRead, (c) => {
    handled++;
    const q = c.req.query("q") ?? "";
    if (q.endsWith("refused")) return c.json({ total: 5 }, 400);
    return c.json({ data: [], next_cursor: null, total: q.endsWith("none") ? 0 : 3 });
  });

  async function search(query: Record<string, string>) {
    const ctx = createExecutionContext();
    const res = await app.request(withQuery("/search-like", query), {}, env, ctx);
    await res.text();
    await waitOnExecutionContext(ctx);
    return res;
  }

  const searchesOf = async (query: string) =>
    (await db().select().from(searchQueryDays).where(eq(searchQueryDays.query, query)))[0];

  it("counts a first page with its total, answered by the handler or by the edge cache", async () => {
    const word = uniqueWord();
    await search({ q: word });
    await search({ q: word });
    expect(handled).toBe(1);
    expect(await searchesOf(word)).toMatchObject({ searches: 2, lastHitCount: 3, zeroHitSearches: 0 });
    await search({ q: `${word} none` });
    expect(await searchesOf(`${word} none`)).toMatchObject({ searches: 1, lastHitCount: 0, zeroHitSearches: 1 });
  });

  it("does not count a later page, an empty query or a refused request", async () => {
    const word = uniqueWord();
    await search({ q: word, cursor: "abc" });
    await search({ q: " " });
    expect(await searchesOf(word)).toBeUndefined();
    expect((await search({ q: `${word} refused` })).status).toBe(400);
    expect(await searchesOf(word)).toBeUndefined();
    expect(await searchesOf(`${word} refused`)).toBeUndefined();
  });
});
