import { beforeAll, describe, expect, it } from "vitest";
import { createLesson, createProgram, createTerm } from "./catalog-fixtures";
import { callJson, createUser, freshIp, idsOf, type TestUser, uniqueWord, withQuery } from "./helpers";

// Every list with `?q=` searches whatever the schema accepts: up to its documented 200 characters, in any script, with
// `%`, `_` and `\` taken literally. (SQLite refuses LIKE patterns over 50 bytes; a search must never meet that limit.)

const MAX_Q = 200;

/** A phrase of exactly `length` characters in `script`, made unique by a word at its start. */
function phrase(script: string, length: number): string {
  const text = `${uniqueWord()} ${script.repeat(Math.ceil(length / script.length))}`;
  return Array.from(text).slice(0, length).join("");
}

const SCRIPTS = {
  telugu: "తెలుగు పాఠాలు ",
  cjk: "中文课程 ",
  arabic: "دروس عربية ",
  emoji: "📚🎓 ",
  // Characters a LIKE pattern would take as wildcards or escapes must match only themselves.
  wildcards: "100% _done_ \\ back\\slash ",
};

let admin: TestUser;
let editor: TestUser;

beforeAll(async () => {
  [admin, editor] = await Promise.all([createUser("admin"), createUser("editor")]);
});

/** Searches `path` for `q` as `user`: the ids found, checked to be a 200. */
async function search(path: string, q: string, user: TestUser): Promise<string[]> {
  const res = await callJson("GET", withQuery(path, { q, limit: 100 }), { token: user.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return idsOf(res.body.data);
}

/** A record of each searchable collection whose text holds `text`, made through the API or D1. */
const collections = {
  "/tickets": async (text: string) =>
    (await callJson("POST", "/tickets", { token: editor.token, body: { title: "Help", description: text } })).body.id,
  "/users": async (text: string) =>
    (
      await callJson("POST", "/users", {
        token: admin.token,
        body: {
          email: `${uniqueWord()}@example.test`,
          name: Array.from(text).slice(0, 100).join(""),
          password: "long enough password",
          role: "viewer",
        },
      })
    ).body.id,
  "/subscribers": async (text: string) =>
    (
      await callJson("POST", "/subscribe", {
        body: { name: Array.from(text).slice(0, 100).join(""), email: `${uniqueWord()}@example.test` },
        headers: { "CF-Connecting-IP": freshIp() },
      })
    ).body.id,
  "/cms/programs": async (text: string) => (await createProgram({ description: text })).id,
  "/cms/lessons": async (text: string) => {
    const term = await createTerm((await createProgram()).id);
    return (await createLesson(term.id, 1, { description: text })).id;
  },
};

describe.each(Object.entries(collections))("GET %s?q=", (path, create) => {
  // Names are limited to 100 characters: those collections are searched by the longest name they can hold.
  const longest = path === "/users" || path === "/subscribers" ? 100 : MAX_Q;

  it.each(Object.entries(SCRIPTS))("finds a record by %s text as long as the search may be", async (_script, text) => {
    const q = phrase(text, longest);
    const id = await create(q);
    expect(id).toEqual(expect.any(String));
    expect(await search(path, q, admin)).toEqual([id]);
  });

  it("accepts the longest q the schema allows, in a script of three bytes a character", async () => {
    const q = phrase(SCRIPTS.telugu, MAX_Q);
    expect(new TextEncoder().encode(q).byteLength).toBeGreaterThan(3 * 150);
    expect(await search(path, q, admin)).toEqual([]);
  });

  it("takes % and _ literally: they match only themselves", async () => {
    const word = uniqueWord();
    const literal = await create(`${word} 100%_off`);
    await create(`${word} 100 percent off`);
    expect(await search(path, `${word} 100%_`, admin)).toEqual([literal]);
  });
});
