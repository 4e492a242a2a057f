import { describe, expect, it } from "vitest";
import { MAX_QUERY_LENGTH, type SearchHit } from "../src/discovery/search/models";
import { createTopic, tagProgram } from "./catalog-fixtures";
import { foundIds, lessonIn, publishedProgram, randomLetters, search, withTypoAt } from "./discovery-search-fixtures";
import { dbCost, expectFieldProblem, expectProblem, uniqueWord } from "./helpers";

describe("GET /discovery/search: ranking", () => {
  it("ranks a title match above a description match", async () => {
    const word = uniqueWord();
    const { lessons } = await publishedProgram({}, [
      { title: "Plain title", description: `All about ${word} and more.` },
      { title: `The ${word} lesson`, description: "Nothing else." },
    ]);
    expect(await foundIds({ q: word })).toEqual([lessons[1]!.id, lessons[0]!.id]);
  });

  it("ranks exact matches above matches found through a typo, and marks the latter", async () => {
    const word = uniqueWord();
    const { lessons } = await publishedProgram({}, [
      { title: `Typo ${withTypoAt(word, 5)}` },
      { title: `Exact ${word}` },
    ]);
    const res = await search({ q: word });
    expect(res.status).toBe(200);
    expect(res.body.data.map((hit) => [hit.id, hit.typo])).toEqual([
      [lessons[1]!.id, false],
      [lessons[0]!.id, true],
    ]);
    expect(res.body.total).toBe(2);
  });
});

describe("GET /discovery/search: typo tolerance", () => {
  /** A lesson titled with an anchor word of its own and `word`; the search finds it by `${anchor} ${typed}`. */
  async function foundWithTypo(word: string, typed: string): Promise<boolean> {
    const anchor = uniqueWord();
    const { lessons } = await publishedProgram({}, [{ title: `${anchor} ${word}` }]);
    const ids = await foundIds({ q: `${anchor} ${typed} ` });
    return ids.includes(lessons[0]!.id);
  }

  it("allows no typo in a word of 4 letters", async () => {
    const word = randomLetters(4);
    expect(await foundWithTypo(word, withTypoAt(word, 2))).toBe(false);
    expect(await foundWithTypo(word, word)).toBe(true);
  });

  it("allows one typo in a word of 5 letters, not two", async () => {
    const word = randomLetters(5);
    expect(await foundWithTypo(word, withTypoAt(word, 2))).toBe(true);
    expect(await foundWithTypo(word, withTypoAt(withTypoAt(word, 1), 3))).toBe(false);
  });

  it("counts a transposition of two neighbours as one typo", async () => {
    const word = `${randomLetters(2)}ab${randomLetters(2)}`;
    expect(await foundWithTypo(word, `${word.slice(0, 2)}ba${word.slice(4)}`)).toBe(true);
  });

  it("allows two typos in a word of 9 letters, one in a word of 8", async () => {
    const nine = randomLetters(9);
    expect(await foundWithTypo(nine, withTypoAt(withTypoAt(nine, 1), 6))).toBe(true);
    const eight = randomLetters(8);
    expect(await foundWithTypo(eight, withTypoAt(eight, 4))).toBe(true);
    expect(await foundWithTypo(eight, withTypoAt(withTypoAt(eight, 1), 6))).toBe(false);
  });

  it("suggests the indexed words when nothing matches, and nothing when something does", async () => {
    const anchor = uniqueWord();
    const word = randomLetters(7);
    await publishedProgram({}, [{ title: `${anchor} ${word}` }]);
    const typed = withTypoAt(withTypoAt(word, 1), 4);
    const miss = await search({ q: `${anchor.toUpperCase()} ${typed}` });
    expect(miss.status).toBe(200);
    expect(miss.body).toMatchObject({ data: [], total: 0, did_you_mean: `${anchor} ${word}` });

    const hit = await search({ q: `${anchor} ${word}` });
    expect(hit.body).toMatchObject({ total: 1, did_you_mean: null });
    // Nothing indexed is close to it: no suggestion.
    const nothing = await search({ q: `${randomLetters(12)} ` });
    expect(nothing.body).toMatchObject({ total: 0, did_you_mean: null });
  });
});

describe("GET /discovery/search: as you type", () => {
  it("matches the last word as a prefix, unless the query ends with a space", async () => {
    const anchor = uniqueWord();
    const { lessons } = await publishedProgram({}, [{ title: `${anchor} Grammar basics` }]);
    expect(await foundIds({ q: `${anchor} gram` })).toEqual([lessons[0]!.id]);
    expect(await foundIds({ q: `${anchor} gram ` })).toEqual([]);
    expect(await foundIds({ q: anchor.slice(0, 7) })).toContain(lessons[0]!.id);
  });

  it("finds words in Telugu, and content by its language's name", async () => {
    const anchor = uniqueWord();
    const { lessons } = await publishedProgram({}, [{ title: `తెలుగు పాఠాలు ${anchor}` }]);
    expect(await foundIds({ q: `పాఠాలు ${anchor}` })).toEqual([lessons[0]!.id]);
    expect(await foundIds({ q: `${anchor} telugu` })).toEqual([lessons[0]!.id]);
  });
});

describe("GET /discovery/search: filters and facets", () => {
  async function catalog() {
    const anchor = uniqueWord();
    const topic = await createTopic(`Cooking ${anchor}`);
    const telugu = await publishedProgram({ title: `Telugu ${anchor}`, languagesAvailable: ["te", "en"] }, [
      { title: `Video ${anchor}`, contentType: "video", durationMs: 30_000 },
      { title: `Audio ${anchor}`, contentType: "audio", durationMs: 600_000 },
      { title: `Article ${anchor}`, contentType: "article", durationMs: null },
    ]);
    await tagProgram(telugu.program.id, topic.id);
    const english = await publishedProgram({ title: `English ${anchor}`, languagePrimary: "en" }, [
      { title: `Reading ${anchor}`, contentType: "video", durationMs: 120_000 },
    ]);
    return { anchor, topic, telugu, english };
  }

  it("narrows by type, topic, language, content type and duration (in seconds)", async () => {
    const { anchor, topic, telugu, english } = await catalog();
    const [video, audio, article] = telugu.lessons;
    const sorted = async (query: Record<string, string | number>) => (await foundIds({ q: anchor, ...query })).sort();
    const ids = (...items: { id: string }[]) => items.map((item) => item.id).sort();

    expect(await sorted({ type: "program" })).toEqual(ids(telugu.program, english.program));
    expect(await sorted({ type: "lesson" })).toEqual(ids(video!, audio!, article!, english.lessons[0]!));
    expect(await sorted({ topic: topic.id })).toEqual(ids(telugu.program, video!, audio!, article!));
    expect(await sorted({ language: "en" })).toEqual(ids(telugu.program, english.program, english.lessons[0]!));
    expect(await sorted({ content_type: "audio" })).toEqual(ids(audio!));
    expect(await sorted({ min_duration: 60 })).toEqual(ids(audio!, english.lessons[0]!));
    expect(await sorted({ max_duration: 120 })).toEqual(ids(video!, english.lessons[0]!));
    expect(await sorted({ min_duration: 60, max_duration: 120, language: "en" })).toEqual(ids(english.lessons[0]!));
    // A range that cannot hold anything is a mistake in the request, not an empty result.
    expectFieldProblem(
      await search({ q: anchor, min_duration: 120, max_duration: 60 }),
      400,
      "validation_failed",
      "min_duration",
    );
  });

  it("counts facets over the whole result, not the page, with names as labels", async () => {
    const { anchor, topic } = await catalog();
    const res = await search({ q: anchor, limit: 1 });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.total).toBe(6);
    expect(res.body.facets).toEqual({
      type: [
        { value: "lesson", label: "Lessons", count: 4 },
        { value: "program", label: "Programs", count: 2 },
      ],
      topic: [{ value: topic.id, label: topic.name, count: 4 }],
      language: [
        { value: "te", label: "Telugu", count: 4 },
        { value: "en", label: "English", count: 3 },
      ],
      content_type: [
        { value: "video", label: "Video", count: 2 },
        { value: "article", label: "Article", count: 1 },
        { value: "audio", label: "Audio", count: 1 },
      ],
    });
    const filtered = await search({ q: anchor, content_type: "video" });
    expect(filtered.body.total).toBe(2);
    expect(filtered.body.facets.type).toEqual([{ value: "lesson", label: "Lessons", count: 2 }]);
  });

  it("lists everything the filters let through, newest first, when the query has no words", async () => {
    const { topic, telugu } = await catalog();
    const ids = await foundIds({ q: "", topic: topic.id });
    expect(ids).toEqual([telugu.lessons[2]!.id, telugu.lessons[1]!.id, telugu.lessons[0]!.id, telugu.program.id]);
    const res = await search({ q: " ?! ", topic: topic.id, limit: 2 });
    expect(res.body).toMatchObject({ total: 4, did_you_mean: null });
    expect(res.body.data[0]!.highlights.title).not.toContain("<mark>");
  });
});

describe("GET /discovery/search: pages", () => {
  it("walks every result once, in rank order, through its cursors", async () => {
    const anchor = uniqueWord();
    const { program, lessons } = await publishedProgram(
      {},
      Array.from({ length: 6 }, (_, i) => ({ title: i % 2 ? `${anchor} title` : "Other", description: anchor })),
    );
    // A typo match too: the walk goes from the exact tier into the typo tier.
    const typo = await lessonIn(lessons[0]!.termId, 7, "te", {
      status: "published",
      publishedAt: program.publishedAt,
      title: withTypoAt(anchor, 3),
    });
    const all = await foundIds({ q: anchor });
    expect(all).toHaveLength(7);
    expect(all.at(-1)).toBe(typo.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await search({ q: anchor, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.total).toBe(7);
      seen.push(...res.body.data.map((hit) => hit.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it("refuses a cursor of another query or other filters", async () => {
    const anchor = uniqueWord();
    await publishedProgram({}, [{ title: anchor }, { title: anchor }]);
    const first = await search({ q: anchor, limit: 1 });
    const cursor = first.body.next_cursor!;
    expect(cursor).toBeTruthy();
    expect((await search({ q: anchor, limit: 1, cursor })).status).toBe(200);
    expectFieldProblem(await search({ q: `${anchor} x`, cursor }), 400, "invalid_cursor", "cursor");
    expectFieldProblem(await search({ q: anchor, type: "lesson", cursor }), 400, "invalid_cursor", "cursor");
    expectFieldProblem(await search({ q: "", cursor }), 400, "invalid_cursor", "cursor");
  });
});

describe("GET /discovery/search: any text is a search", () => {
  it("answers 200 to FTS syntax, quotes, emoji, scripts and 1,000 characters", async () => {
    const anchor = uniqueWord();
    const { lessons } = await publishedProgram({}, [{ title: `${anchor} NEAR notes` }]);
    const inputs = [
      `${anchor} AND`,
      `${anchor} OR NOT`,
      `NEAR(${anchor} notes)`,
      `"${anchor}`,
      `${anchor}"*`,
      `title:${anchor}`,
      `^${anchor} (notes`,
      `${anchor} -notes +x`,
      "*",
      '"',
      "'",
      ")(",
      "📚🎓",
      "?!.,;",
      "العربية مرحبا",
      "हिन्दी पाठ",
      `${anchor} ${"ab ".repeat(400)}`.slice(0, MAX_QUERY_LENGTH),
      "x".repeat(MAX_QUERY_LENGTH),
      "\u0000\u0001\u0002",
    ];
    for (const q of inputs) {
      const res = await search({ q });
      expect(res.status, `${q}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    // Operators are words like any other.
    expect(await foundIds({ q: `NEAR(${anchor} notes)` })).toEqual([lessons[0]!.id]);
    expect(await foundIds({ q: `"${anchor}` })).toEqual([lessons[0]!.id]);
  });

  it(`refuses a query over ${MAX_QUERY_LENGTH} characters, naming q`, async () => {
    expectFieldProblem(await search({ q: "x".repeat(MAX_QUERY_LENGTH + 1) }), 400, "validation_failed", "q");
    expectProblem(await search({ q: "x", limit: 0 }), 400, "validation_failed");
  });

  it("escapes stored text in highlights and marks the matched words", async () => {
    const anchor = uniqueWord();
    const title = `<script>alert("${anchor}")</script> & ${anchor}`;
    await publishedProgram({}, [{ title, description: `Before <b>${anchor}</b> after` }]);
    const [hit] = (await search({ q: anchor })).body.data as SearchHit[];
    expect(hit!.title).toBe(title);
    expect(hit!.highlights.title).toBe(
      `&lt;script&gt;alert(&quot;<mark>${anchor}</mark>&quot;)&lt;/script&gt; &amp; <mark>${anchor}</mark>`,
    );
    expect(hit!.highlights.description).toBe(`Before &lt;b&gt;<mark>${anchor}</mark>&lt;/b&gt; after`);
  });
});

describe("GET /discovery/search: cost", () => {
  it("costs one D1 round trip without a word of 4 letters, two with one, whatever the result's size", async () => {
    const anchor = uniqueWord();
    await publishedProgram(
      {},
      Array.from({ length: 25 }, () => ({ title: `${anchor} abc` })),
    );
    expect(dbCost(await search({ q: "" })).queries).toBe(1);
    expect(dbCost(await search({ q: "abc" })).queries).toBe(1);
    expect(dbCost(await search({ q: `${anchor} abc`, limit: 5 })).queries).toBe(2);
    expect(dbCost(await search({ q: `${anchor} abc`, limit: 100 })).queries).toBe(2);
    const long = Array.from({ length: 30 }, () => randomLetters(9)).join(" ");
    expect(dbCost(await search({ q: long })).queries).toBe(2);
  });
});
