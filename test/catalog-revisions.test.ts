import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createPublishedProgram } from "./catalog-fixtures";
import { cmsSession, ok, programRow } from "./cms-helpers";
import { dataOf, graphql } from "./graphql-helpers";
import { ACCOUNT_LOOKUP, call, callJson, dbCost, expectProblem, readJson } from "./helpers";

const { editor, viewer } = cmsSession();

const publicProgram = async (id: string) => (await callJson("GET", `/catalog/programs/${id}`)).body;

describe("editing a published program", () => {
  it("keeps the public program as it is until the changes are published, and shows them to editors", async () => {
    const { program } = await createPublishedProgram();
    const before = await publicProgram(program.id);
    const edited = ok(await editor.patch(`/cms/programs/${program.id}`, { title: "A new title", description: "New." }));
    expect(edited).toMatchObject({ title: "A new title", description: "New.", has_pending_changes: true });

    expect(await publicProgram(program.id)).toEqual(before);
    expect((await programRow(program.id))!.title).toBe(program.title);
    expect(ok(await viewer.get(`/cms/programs/${program.id}`))).toMatchObject({
      title: "A new title",
      has_pending_changes: true,
    });

    const changes = ok(await viewer.get(`/cms/programs/${program.id}/changes`));
    expect(changes).toMatchObject({ has_pending_changes: true, publish_at: null });
    expect(changes.changes).toEqual([
      {
        field: "title",
        published_value: program.title,
        pending_value: "A new title",
        changed_by: { id: editor.user.id, name: editor.user.name },
        changed_at: expect.any(String),
      },
      expect.objectContaining({ field: "description", pending_value: "New." }),
    ]);

    const published = ok(await editor.post(`/cms/programs/${program.id}/changes/publish`));
    expect(published).toMatchObject({ has_pending_changes: false, changes: [] });
    expect((await publicProgram(program.id)).title).toBe("A new title");

    const versions = ok(await viewer.get(`/cms/programs/${program.id}/versions`));
    expect(versions.data.map((v: { action: string }) => v.action)).toEqual(["published", "pending_edit", "original"]);
    expect(versions.data[0]).toMatchObject({
      version: 3,
      changed_by: { id: editor.user.id, name: editor.user.name },
      changed_fields: ["title", "description"],
    });
    expect(versions.data[2].content.title).toBe(program.title);
  });

  it("restores an earlier version as pending changes, and discards them", async () => {
    const { program } = await createPublishedProgram();
    ok(await editor.patch(`/cms/programs/${program.id}`, { title: "Second" }));
    ok(await editor.post(`/cms/programs/${program.id}/changes/publish`));

    const restored = ok(await editor.post(`/cms/programs/${program.id}/versions/1/restore`));
    expect(restored.changes).toEqual([
      expect.objectContaining({ field: "title", published_value: "Second", pending_value: program.title }),
    ]);
    expect((await publicProgram(program.id)).title).toBe("Second");

    const discarded: any = ok(await editor.delete(`/cms/programs/${program.id}/changes`));
    expect(discarded.has_pending_changes).toBe(false);
    expect(ok(await editor.get(`/cms/programs/${program.id}`)).title).toBe("Second");
    expectProblem(await editor.delete(`/cms/programs/${program.id}/changes`), 409, "no_pending_changes");
    const actions = ok(await viewer.get(`/cms/programs/${program.id}/versions`)).data.map((v: any) => v.action);
    expect(actions).toEqual(["discarded", "restored", "published", "pending_edit", "original"]);
  });

  it("a field set back to its published value is no longer pending", async () => {
    const { program } = await createPublishedProgram();
    ok(await editor.patch(`/cms/programs/${program.id}`, { title: "Changed" }));
    const back = ok(await editor.patch(`/cms/programs/${program.id}`, { title: program.title }));
    expect(back.has_pending_changes).toBe(false);
  });

  it("applies a draft's edits at once, and records them", async () => {
    const created = ok(await editor.post("/cms/programs", { title: "Draft", language_primary: "te" }), 201);
    ok(await editor.patch(`/cms/programs/${created.id}`, { title: "Draft 2" }));
    expect((await programRow(created.id))!.title).toBe("Draft 2");
    const versions = ok(await viewer.get(`/cms/programs/${created.id}/versions`)).data;
    expect(versions.map((v: any) => [v.action, v.content.title])).toEqual([
      ["edited", "Draft 2"],
      ["original", "Draft"],
    ]);
    ok(await editor.post(`/cms/programs/${created.id}/versions/1/restore`));
    expect((await programRow(created.id))!.title).toBe("Draft");
  });

  it("publishes once when two editors publish at the same time", async () => {
    const { program } = await createPublishedProgram();
    ok(await editor.patch(`/cms/programs/${program.id}`, { title: "Once" }));
    const answers = await Promise.all([1, 2].map(() => editor.post(`/cms/programs/${program.id}/changes/publish`)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const versions = ok(await viewer.get(`/cms/programs/${program.id}/versions`)).data;
    expect(versions.filter((v: any) => v.action === "published")).toHaveLength(1);
  });

  it("never loses an edit made while publishing", async () => {
    const { program } = await createPublishedProgram();
    ok(await editor.patch(`/cms/programs/${program.id}`, { title: "First" }));
    await Promise.all([
      editor.post(`/cms/programs/${program.id}/changes/publish`),
      editor.patch(`/cms/programs/${program.id}`, { description: "Edited meanwhile" }),
    ]);
    const working = ok(await editor.get(`/cms/programs/${program.id}`));
    expect(working.description).toBe("Edited meanwhile");
    const live = (await programRow(program.id))!;
    const changes = ok(await editor.get(`/cms/programs/${program.id}/changes`));
    // Either the publish took both, or the edit waits: never is it gone.
    expect(live.description === "Edited meanwhile" || changes.changes.some((c: any) => c.field === "description")).toBe(
      true,
    );
  });

  it("refuses viewers' writes and unknown items, changing nothing", async () => {
    const { program } = await createPublishedProgram();
    ok(await editor.patch(`/cms/programs/${program.id}`, { title: "Pending" }));
    expectProblem(await viewer.post(`/cms/programs/${program.id}/changes/publish`), 403, "forbidden");
    expectProblem(await viewer.delete(`/cms/programs/${program.id}/changes`), 403, "forbidden");
    expectProblem(await viewer.post(`/cms/programs/${program.id}/versions/1/restore`), 403, "forbidden");
    expect((await programRow(program.id))!.title).toBe(program.title);
    expect(ok(await viewer.get(`/cms/programs/${program.id}/changes`)).has_pending_changes).toBe(true);
    expectProblem(await editor.get("/cms/programs/nope/changes"), 404, "not_found");
    expectProblem(await editor.post(`/cms/programs/${program.id}/versions/99/restore`), 404, "not_found");
    const past = await editor.post(`/cms/programs/${program.id}/changes/schedule`, {
      publish_at: "2020-01-01T00:00:00Z",
    });
    expectProblem(past, 400, "validation_failed");
  });

  it("publishes scheduled changes by the cron, once when two runs overlap", async () => {
    const { program } = await createPublishedProgram();
    ok(await editor.patch(`/cms/programs/${program.id}`, { title: "Scheduled title" }));
    const soon = new Date(Date.now() + 60_000).toISOString();
    const scheduled = ok(await editor.post(`/cms/programs/${program.id}/changes/schedule`, { publish_at: soon }));
    expect(scheduled.publish_at).toBe(soon);
    expect((await publicProgram(program.id)).title).toBe(program.title);

    const { publishDueLessons } = await import("../src/catalog/publish");
    const { createDatabase } = await import("../src/db/client");
    const later = new Date(Date.now() + 120_000);
    const reports = await Promise.all([1, 2].map(() => publishDueLessons(createDatabase(env.DB).db, later)));
    expect(reports.map((r) => r.changesPublished).sort()).toEqual([0, 1]);
    expect((await programRow(program.id))!.title).toBe("Scheduled title");
    const versions = ok(await viewer.get(`/cms/programs/${program.id}/versions`)).data;
    expect(versions[0]).toMatchObject({ action: "published", changed_by: { id: editor.user.id } });
  });

  it("keeps D1 round trips fixed", async () => {
    const { program } = await createPublishedProgram();
    const patch = await call("PATCH", `/cms/programs/${program.id}`, { token: editor.token, body: { title: "Cost" } });
    await readJson(patch);
    expect(dbCost(patch).queries).toBe(ACCOUNT_LOOKUP.queries + 2);
    const cost = async (method: string, path: string, body?: unknown) => {
      const res = await call(method, path, { token: editor.token, body });
      expect(res.status, await res.text()).toBe(200);
      return dbCost(res).queries - ACCOUNT_LOOKUP.queries;
    };
    expect(await cost("GET", `/cms/programs/${program.id}/changes`)).toBe(1);
    expect(await cost("GET", `/cms/programs/${program.id}/versions`)).toBe(1);
    expect(
      await cost("POST", `/cms/programs/${program.id}/changes/schedule`, {
        publish_at: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    ).toBe(1);
    expect(await cost("POST", `/cms/programs/${program.id}/changes/publish`)).toBe(2);
    ok(await editor.patch(`/cms/programs/${program.id}`, { title: "Again" }));
    expect(await cost("DELETE", `/cms/programs/${program.id}/changes`)).toBe(1);
  });
});

describe("editing a published lesson", () => {
  it("keeps the public lesson until published, then shows the change", async () => {
    const { lesson } = await createPublishedProgram();
    const publicLesson = async () => (await callJson("GET", `/catalog/lessons/${lesson.id}`)).body;
    const before = await publicLesson();
    const edited = ok(await editor.patch(`/cms/lessons/${lesson.id}`, { title: "Lesson v2", is_paid: true }));
    expect(edited).toMatchObject({ title: "Lesson v2", is_paid: true, has_pending_changes: true });
    expect(await publicLesson()).toEqual(before);
    const changes = ok(await viewer.get(`/cms/lessons/${lesson.id}/changes`));
    expect(changes.changes.map((c: any) => c.field)).toEqual(["title", "is_paid"]);
    ok(await editor.post(`/cms/lessons/${lesson.id}/changes/publish`));
    expect((await publicLesson()).title).toBe("Lesson v2");
  });
});

describe("GraphQL", () => {
  it("an update of a published program waits for publishing too", async () => {
    const { program } = await createPublishedProgram();
    const reply = await graphql(
      `mutation ($id: ID!) { updateProgram(id: $id, input: { title: "Via GraphQL" }) { title has_pending_changes } }`,
      { id: program.id },
      { token: editor.token },
    );
    expect(dataOf(reply).updateProgram).toEqual({ title: "Via GraphQL", has_pending_changes: true });
    expect((await publicProgram(program.id)).title).toBe(program.title);
    expect((await programRow(program.id))!.title).toBe(program.title);
  });
});
