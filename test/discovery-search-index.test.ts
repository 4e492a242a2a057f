import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createProgram, createTerm, createTopic, nextInstant, tagProgram } from "./catalog-fixtures";
import { foundIds, lessonIn, publishedProgram, search } from "./discovery-search-fixtures";
import { callJson, createUser, type TestUser, uniqueWord } from "./helpers";

// The index follows the catalog in the same transaction as every write (triggers): what a write changes is what the
// very next search finds, and only what the public catalog shows is ever found.

let admin: TestUser;

beforeAll(async () => {
  admin = await createUser("admin");
});

const sorted = (...items: { id: string }[]) => items.map((item) => item.id).sort();
const foundSorted = async (q: string) => (await foundIds({ q })).sort();

describe("search finds only what the catalog shows", () => {
  it("never finds a draft, scheduled or archived lesson, nor a lesson of a draft or archived program", async () => {
    const word = uniqueWord();
    const { program, term, lessons } = await publishedProgram({ title: `Shown ${word}` }, [
      { title: `Public ${word}` },
    ]);
    const hidden = [
      await lessonIn(term.id, 2, "te", { title: `Draft ${word}` }),
      await lessonIn(term.id, 3, "te", { title: `Scheduled ${word}`, status: "scheduled", publishAt: nextInstant() }),
      await lessonIn(term.id, 4, "te", { title: `Archived ${word}`, status: "archived", publishedAt: nextInstant() }),
    ];
    for (const status of ["draft", "archived"] as const) {
      const other = await createProgram({
        title: `Hidden ${word}`,
        status,
        languagePrimary: "te",
        languagesAvailable: ["te"],
      });
      const otherTerm = await createTerm(other.id);
      hidden.push(
        await lessonIn(otherTerm.id, 1, "te", {
          title: `Of a ${status} ${word}`,
          status: "published",
          publishedAt: nextInstant(),
        }),
      );
    }
    expect(hidden).toHaveLength(5);
    expect(await foundSorted(word)).toEqual(sorted(program, lessons[0]!));
  });

  it("leaves out a published program without a published lesson, as the catalog does", async () => {
    const word = uniqueWord();
    const empty = await createProgram({ title: `Empty ${word}`, status: "published", publishedAt: nextInstant() });
    await createTerm(empty.id);
    expect(await foundIds({ q: word })).toEqual([]);
  });

  it("drops a lesson archived through the CMS from the very next search, and its program with its last lesson", async () => {
    const word = uniqueWord();
    const { program, lessons } = await publishedProgram({ title: `Program ${word}` }, [{ title: `Lesson ${word}` }]);
    expect(await foundSorted(word)).toEqual(sorted(program, lessons[0]!));
    const archived = await callJson("POST", `/cms/lessons/${lessons[0]!.id}/archive`, { token: admin.token });
    expect(archived.status).toBe(200);
    expect(await foundIds({ q: word })).toEqual([]);
  });

  it("finds a lesson published through the CMS at once", async () => {
    const word = uniqueWord();
    const { term } = await publishedProgram({}, [{}]);
    const draft = await lessonIn(term.id, 2, "te", { title: `Soon ${word}` });
    await env.DB.prepare(
      "INSERT INTO lesson_assets (id, lesson_id, language, variant, asset_type, url, created_at, updated_at) VALUES (?1, ?2, 'te', 'portrait', 'thumbnail', 'https://cdn.example.com/p.jpg', ?3, ?3), (?4, ?2, 'te', 'landscape', 'thumbnail', 'https://cdn.example.com/l.jpg', ?3, ?3)",
    )
      .bind(crypto.randomUUID(), draft.id, nextInstant(), crypto.randomUUID())
      .run();
    expect(await foundIds({ q: word })).toEqual([]);
    const published = await callJson("POST", `/cms/lessons/${draft.id}/publish`, { token: admin.token });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(await foundIds({ q: word })).toEqual([draft.id]);
  });

  it("follows a program archived and restored through the CMS, with its lessons", async () => {
    const word = uniqueWord();
    const { program, lessons } = await publishedProgram({ title: `Program ${word}` }, [{ title: `Lesson ${word}` }]);
    expect((await callJson("POST", `/cms/programs/${program.id}/archive`, { token: admin.token })).status).toBe(200);
    expect(await foundIds({ q: word })).toEqual([]);
    expect((await callJson("POST", `/cms/programs/${program.id}/restore`, { token: admin.token })).status).toBe(200);
    expect(await foundSorted(word)).toEqual(sorted(program, lessons[0]!));
  });

  it("removes a deleted program and its lessons", async () => {
    const word = uniqueWord();
    const { program } = await publishedProgram({ title: `Program ${word}` }, [
      { title: `One ${word}` },
      { title: `Two ${word}` },
    ]);
    expect(await foundIds({ q: word })).toHaveLength(3);
    expect((await callJson("DELETE", `/cms/programs/${program.id}`, { token: admin.token })).status).toBe(204);
    expect(await foundIds({ q: word })).toEqual([]);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM search_documents WHERE doc_id = ?")
      .bind(program.id)
      .first();
    expect(left).toEqual({ n: 0 });
  });
});

describe("search follows every edit at once", () => {
  it("finds a program and its lessons by a topic's new name, and not by the old one", async () => {
    const [before, after] = [uniqueWord(), uniqueWord()];
    const topic = await createTopic(`Topic ${before}`);
    const { program, lessons } = await publishedProgram({}, [{}]);
    await tagProgram(program.id, topic.id);
    expect(await foundSorted(before)).toEqual(sorted(program, lessons[0]!));
    const renamed = await callJson("PATCH", `/cms/topics/${topic.id}`, {
      token: admin.token,
      body: { name: `Topic ${after}` },
    });
    expect(renamed.status).toBe(200);
    expect(await foundIds({ q: before })).toEqual([]);
    expect(await foundSorted(after)).toEqual(sorted(program, lessons[0]!));
    const [hit] = (await search({ q: after, type: "lesson" })).body.data;
    expect(hit!.topics).toEqual([{ id: topic.id, name: `Topic ${after}` }]);
  });

  it("follows a program's topics and title as the CMS changes them", async () => {
    const [word, renamed, lessonWord] = [uniqueWord(), uniqueWord(), uniqueWord()];
    const topic = await createTopic(`Topic ${word}`);
    const { program, lessons } = await publishedProgram({ title: `Title ${word}` }, [
      { title: `Lesson ${lessonWord}` },
    ]);
    const patched = await callJson("PATCH", `/cms/programs/${program.id}`, {
      token: admin.token,
      body: { title: `Title ${renamed}`, topic_ids: [topic.id] },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // A published program's edit waits: search still finds it by its published title until the change is published.
    expect(await foundIds({ q: renamed })).toEqual([]);
    const publish = `/cms/programs/${program.id}/changes/publish`;
    expect((await callJson("POST", publish, { token: admin.token })).status).toBe(200);
    // Found by the topic alone now, the program's old title gone.
    expect(await foundSorted(word)).toEqual(sorted(program, lessons[0]!));
    expect(await foundIds({ q: renamed })).toEqual([program.id]);
    const res = await search({ q: lessonWord });
    expect(res.body.data.map((hit) => [hit.id, hit.program_title])).toEqual([[lessons[0]!.id, `Title ${renamed}`]]);
    await callJson("PATCH", `/cms/programs/${program.id}`, { token: admin.token, body: { topic_ids: [] } });
    await callJson("POST", publish, { token: admin.token });
    expect(await foundIds({ q: word })).toEqual([]);
  });

  it("follows a lesson's title and description as the CMS changes them", async () => {
    const [word, next] = [uniqueWord(), uniqueWord()];
    const { lessons } = await publishedProgram({}, [{ title: `Title ${word}` }]);
    const patched = await callJson("PATCH", `/cms/lessons/${lessons[0]!.id}`, {
      token: admin.token,
      body: { title: "A new title", description: `Now about ${next}` },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(await foundIds({ q: next })).toEqual([]);
    const publish = `/cms/lessons/${lessons[0]!.id}/changes/publish`;
    expect((await callJson("POST", publish, { token: admin.token })).status).toBe(200);
    expect(await foundIds({ q: word })).toEqual([]);
    expect(await foundIds({ q: next })).toEqual([lessons[0]!.id]);
  });
});
