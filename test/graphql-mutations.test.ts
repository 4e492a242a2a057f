import { describe, expect, it } from "vitest";
import {
  addPosters,
  addThumbnails,
  createLesson,
  createProgram,
  createPublishedProgram,
  createTerm,
  programWithTerm,
} from "./catalog-fixtures";
import { catalogState, cmsSession, inAnHour, lessonRow, ok, programRow, videoLessonBody } from "./cms-helpers";
import { dataOf, errorOf, type GraphQLReply, graphql } from "./graphql-helpers";
import { call, type JsonReply, MISSING_ID, readJson } from "./helpers";

// Storage is shared by the tests of this file: each one makes its own programs, terms and lessons.

const { editor, admin, viewer } = cmsSession();

const LESSON = `id term_id lesson_number title status duration_ms content_type publish_at published_at`;

const createLessonOp = `mutation($term: ID!, $input: LessonInput!) { createLesson(term_id: $term, input: $input) { ${LESSON} } }`;
const updateLessonOp = `mutation($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { ${LESSON} } }`;
const action = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { ${LESSON} } }`;

/**
 * The same refusal in both APIs: GraphQL's one error carries the REST problem's code, status, field problems and
 * extension members (`from`, `to`, `missing`…).
 */
function expectSameRefusal(rest: JsonReply, gql: JsonReply<GraphQLReply>, code: string) {
  expect(rest.body.code, JSON.stringify(rest.body)).toBe(code);
  const error = errorOf(gql, code);
  const { type: _t, title: _ti, detail: _d, request_id: _r, code: _c, status, ...members } = rest.body;
  expect(error.extensions).toEqual({ code, status, ...members });
  expect(gql.body.data).toBeNull();
  return error;
}

describe("mutations: the REST CMS's rules and codes, the same bad input refused the same way", () => {
  it("a video lesson without duration_ms: 422 constraint_violation naming duration_ms, and nothing stored", async () => {
    const { term } = await programWithTerm();
    const input = videoLessonBody({ duration_ms: undefined });
    const before = await catalogState();
    const rest = await editor.post(`/cms/terms/${term.id}/lessons`, input);
    const gql = await graphql(createLessonOp, { term: term.id, input }, { token: editor.token });
    const error = expectSameRefusal(rest, gql, "constraint_violation");
    expect(error.extensions?.errors).toEqual([{ path: "duration_ms", message: "Required for video lessons." }]);
    expect(await catalogState()).toEqual(before);
  });

  it("fields the models refuse: 400 validation_failed with the same field paths", async () => {
    const { term } = await programWithTerm();
    const input = videoLessonBody({ title: "  ", content_language_primary: "not a language", duration_ms: -5 });
    const rest = await editor.post(`/cms/terms/${term.id}/lessons`, input);
    const gql = await graphql(createLessonOp, { term: term.id, input }, { token: editor.token });
    const error = expectSameRefusal(rest, gql, "validation_failed");
    expect(error.extensions?.errors?.map((e) => e.path).sort()).toEqual([
      "content_language_primary",
      "duration_ms",
      "title",
    ]);
  });

  it("an update that sends nothing: validation_failed on the body", async () => {
    const lesson = await createLesson((await createTerm((await createProgram()).id)).id);
    const rest = await editor.patch(`/cms/lessons/${lesson.id}`, {});
    const gql = await graphql(updateLessonOp, { id: lesson.id, input: {} }, { token: editor.token });
    expectSameRefusal(rest, gql, "validation_failed");
  });

  it("a taken lesson number: 409 lesson_number_taken naming lesson_number", async () => {
    const { term } = await programWithTerm();
    await createLesson(term.id, 1);
    const input = videoLessonBody({ lesson_number: 1 });
    const rest = await editor.post(`/cms/terms/${term.id}/lessons`, input);
    const gql = await graphql(createLessonOp, { term: term.id, input }, { token: editor.token });
    const error = expectSameRefusal(rest, gql, "lesson_number_taken");
    expect(error.extensions?.errors?.[0]?.path).toBe("lesson_number");
  });

  it("an invalid transition: 409 invalid_transition naming from and to, the lesson unchanged", async () => {
    const lesson = await createLesson((await createTerm((await createProgram()).id)).id);
    const rest = await editor.post(`/cms/lessons/${lesson.id}/unschedule`);
    const gql = await graphql(action("unscheduleLesson"), { id: lesson.id }, { token: editor.token });
    const error = expectSameRefusal(rest, gql, "invalid_transition");
    expect(error.extensions).toMatchObject({ from: "draft", to: "draft" });
    expect(await lessonRow(lesson.id)).toEqual(lesson);
  });

  it("an unknown id: 404 not_found, for an update, an action and a create under it", async () => {
    const update = await graphql(updateLessonOp, { id: MISSING_ID, input: { title: "x" } }, { token: editor.token });
    expectSameRefusal(await editor.patch(`/cms/lessons/${MISSING_ID}`, { title: "x" }), update, "not_found");
    const publish = await graphql(action("publishLesson"), { id: MISSING_ID }, { token: editor.token });
    expectSameRefusal(await editor.post(`/cms/lessons/${MISSING_ID}/publish`), publish, "not_found");
    const create = await graphql(
      createLessonOp,
      { term: MISSING_ID, input: videoLessonBody() },
      { token: editor.token },
    );
    expectSameRefusal(await editor.post(`/cms/terms/${MISSING_ID}/lessons`, videoLessonBody()), create, "not_found");
  });

  it("publishing without thumbnails: 422 missing_thumbnails naming each, and the lesson still a draft", async () => {
    const { term } = await programWithTerm();
    const lesson = await createLesson(term.id, 1, {
      contentLanguagePrimary: "te",
      contentUrlsByLanguage: { te: "https://cdn.example.com/te.m3u8" },
      contentLanguagesAvailable: ["te"],
    });
    const rest = await editor.post(`/cms/lessons/${lesson.id}/publish`);
    const gql = await graphql(action("publishLesson"), { id: lesson.id }, { token: editor.token });
    const error = expectSameRefusal(rest, gql, "missing_thumbnails");
    expect(error.extensions?.errors?.map((e) => e.path).sort()).toEqual([
      "thumbnails.te.landscape",
      "thumbnails.te.portrait",
    ]);
    expect((await lessonRow(lesson.id))?.status).toBe("draft");
  });

  it("a program with a topic that does not exist: 422 unknown_topic naming topic_ids.0", async () => {
    const input = { title: "Telugu basics", language_primary: "te", topic_ids: [MISSING_ID] };
    const rest = await editor.post("/cms/programs", input);
    const gql = await graphql(
      `mutation($input: ProgramInput!) { createProgram(input: $input) { id } }`,
      { input },
      { token: editor.token },
    );
    const error = expectSameRefusal(rest, gql, "unknown_topic");
    expect(error.extensions?.errors?.[0]?.path).toBe("topic_ids.0");
  });

  it("a schedule in the past: validation_failed naming publish_at", async () => {
    const lesson = await createLesson((await createTerm((await createProgram()).id)).id);
    const past = "2020-01-01T00:00:00Z";
    const rest = await editor.post(`/cms/lessons/${lesson.id}/schedule`, { publish_at: past });
    const gql = await graphql(
      `mutation($id: ID!, $at: String!) { scheduleLesson(id: $id, publish_at: $at) { id } }`,
      { id: lesson.id, at: past },
      { token: editor.token },
    );
    expect(expectSameRefusal(rest, gql, "validation_failed").extensions?.errors?.[0]?.path).toBe("publish_at");
  });
});

describe("mutations: programs, terms and lessons from creation to deletion", () => {
  it("creates, edits, schedules, unschedules, publishes, archives and deletes, answering what REST stores", async () => {
    const created = dataOf(
      await graphql(
        `mutation($input: ProgramInput!) { createProgram(input: $input) { id title status language_primary languages_available topics { id } } }`,
        { input: { title: "Telugu basics", language_primary: "te", languages_available: ["te", "en"] } },
        { token: editor.token },
      ),
    ).createProgram;
    expect(created).toMatchObject({
      title: "Telugu basics",
      status: "draft",
      languages_available: ["te", "en"],
      topics: [],
    });
    const restProgram = ok(await editor.get(`/cms/programs/${created.id}`));
    expect(restProgram).toMatchObject({ id: created.id, title: "Telugu basics", language_primary: "te" });

    const renamed = dataOf(
      await graphql(
        `mutation($id: ID!) { updateProgram(id: $id, input: { description: "Vowels first." }) { description title } }`,
        { id: created.id },
        { token: editor.token },
      ),
    ).updateProgram;
    expect(renamed).toEqual({ description: "Vowels first.", title: "Telugu basics" });

    const term = dataOf(
      await graphql(
        `mutation($p: ID!) { createTerm(program_id: $p, input: { title: "Basics" }) { id term_number title program { id } } }`,
        { p: created.id },
        { token: editor.token },
      ),
    ).createTerm;
    expect(term).toMatchObject({ term_number: 1, title: "Basics", program: { id: created.id } });
    const retitled = await graphql(
      `mutation($id: ID!) { updateTerm(id: $id, input: { term_number: 3 }) { term_number } }`,
      { id: term.id },
      { token: editor.token },
    );
    expect(dataOf(retitled).updateTerm.term_number).toBe(3);

    const lesson = dataOf(
      await graphql(createLessonOp, { term: term.id, input: videoLessonBody() }, { token: editor.token }),
    ).createLesson;
    expect(lesson).toMatchObject({ term_id: term.id, lesson_number: 1, status: "draft", duration_ms: 600_000 });
    expect(ok(await editor.get(`/cms/lessons/${lesson.id}`))).toMatchObject({ id: lesson.id, title: "Vowels" });

    const edited = dataOf(
      await graphql(updateLessonOp, { id: lesson.id, input: { title: "Long vowels" } }, { token: editor.token }),
    );
    expect(edited.updateLesson.title).toBe("Long vowels");

    const at = inAnHour();
    const scheduled = dataOf(
      await graphql(
        `mutation($id: ID!, $at: String!) { scheduleLesson(id: $id, publish_at: $at) { status publish_at } }`,
        { id: lesson.id, at },
        { token: editor.token },
      ),
    ).scheduleLesson;
    expect(scheduled).toEqual({ status: "scheduled", publish_at: at });
    expect(
      dataOf(await graphql(action("unscheduleLesson"), { id: lesson.id }, { token: editor.token })).unscheduleLesson
        .status,
    ).toBe("draft");

    await addThumbnails(lesson.id, "te");
    await addPosters(created.id, "te");
    const published = dataOf(
      await graphql(action("publishLesson"), { id: lesson.id }, { token: editor.token }),
    ).publishLesson;
    expect(published).toMatchObject({ status: "published", published_at: expect.any(String) });
    // Its first published lesson publishes the draft program, as through REST.
    expect((await programRow(created.id))?.status).toBe("published");
    const archived = dataOf(await graphql(action("archiveLesson"), { id: lesson.id }, { token: editor.token }));
    expect(archived.archiveLesson.status).toBe("archived");

    const deleted = await graphql(
      `mutation($l: ID!, $t: ID!, $p: ID!) { deleteLesson(id: $l) deleteTerm(id: $t) deleteProgram(id: $p) }`,
      { l: lesson.id, t: term.id, p: created.id },
      { token: admin.token },
    );
    expect(dataOf(deleted)).toEqual({ deleteLesson: lesson.id, deleteTerm: term.id, deleteProgram: created.id });
    expect(await programRow(created.id)).toBeUndefined();
    const again = await graphql(
      `mutation($p: ID!) { deleteProgram(id: $p) }`,
      { p: created.id },
      { token: admin.token },
    );
    errorOf(again, "not_found");
  });

  it("archives and restores a program", async () => {
    const program = await createProgram();
    const op = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { status } }`;
    expect(
      dataOf(await graphql(op("archiveProgram"), { id: program.id }, { token: editor.token })).archiveProgram.status,
    ).toBe("archived");
    errorOf(await graphql(op("archiveProgram"), { id: program.id }, { token: editor.token }), "invalid_transition");
    expect(
      dataOf(await graphql(op("restoreProgram"), { id: program.id }, { token: editor.token })).restoreProgram.status,
    ).toBe("draft");
  });
});

describe("mutations: who may write", () => {
  it("refuses an anonymous caller (unauthorized) and a viewer (forbidden), and stores nothing", async () => {
    const { term } = await programWithTerm();
    const before = await catalogState();
    errorOf(await graphql(createLessonOp, { term: term.id, input: videoLessonBody() }), "unauthorized");
    const refused = errorOf(
      await graphql(createLessonOp, { term: term.id, input: videoLessonBody() }, { token: viewer.token }),
      "forbidden",
    );
    expect(refused.extensions?.status).toBe(403);
    expect(await catalogState()).toEqual(before);
  });

  it("lets an editor write but not delete: deleting is for admins", async () => {
    const program = await createProgram();
    const refused = await graphql(
      `mutation($id: ID!) { deleteProgram(id: $id) }`,
      { id: program.id },
      { token: editor.token },
    );
    errorOf(refused, "forbidden");
    expect(await programRow(program.id)).toEqual(program);
  });

  it("checks roles before input: a viewer's bad input is forbidden, not validation_failed", async () => {
    const gql = await graphql(createLessonOp, { term: MISSING_ID, input: { title: "" } }, { token: viewer.token });
    errorOf(gql, "forbidden");
  });
});

describe("mutations: the public catalog sees a write at once", () => {
  it("shows a lesson published through GraphQL in GET /catalog/programs/{id} on the next read", async () => {
    const { program, term } = await createPublishedProgram();
    const path = `/catalog/programs/${program.id}`;
    const first = await readJson(await call("GET", path));
    expect(first.status).toBe(200);
    const cached = await call("GET", path);
    expect(cached.headers.get("Server-Timing")).toMatch(/cache;desc="hit"/);
    await cached.body?.cancel();

    const lesson = await createLesson(term.id, 2, {
      contentLanguagePrimary: program.languagePrimary,
      contentLanguagesAvailable: [program.languagePrimary],
      contentUrlsByLanguage: { [program.languagePrimary]: "https://cdn.example.com/two.m3u8" },
    });
    await addThumbnails(lesson.id, program.languagePrimary);
    // The fixtures purge on their own writes: read once more so the cache holds the answer without the new lesson.
    const stale = await readJson(await call("GET", path));
    const lessonIds = (body: any) => body.terms.flatMap((t: any) => t.lessons.map((l: any) => l.id));
    expect(lessonIds(stale.body)).not.toContain(lesson.id);
    const hit = await call("GET", path);
    expect(hit.headers.get("Server-Timing")).toMatch(/cache;desc="hit"/);
    await hit.body?.cancel();

    dataOf(await graphql(action("publishLesson"), { id: lesson.id }, { token: editor.token }));
    const after = await readJson(await call("GET", path));
    expect(after.headers.get("Server-Timing")).toMatch(/cache;desc="miss"/);
    expect(lessonIds(after.body)).toContain(lesson.id);
  });
});
