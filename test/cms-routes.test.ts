import { beforeAll, describe, expect, it } from "vitest";
import { hasRole, ROLES, type Role } from "../src/auth/roles";
import { insufficientRoles, invalidCredentials } from "./auth-matrix";
import {
  addPosters,
  addThumbnails,
  createLesson,
  createProgram,
  createPublishedProgram,
  createTerm,
  createTopic,
} from "./catalog-fixtures";
import { catalogState, cmsSession, inAnHour, videoLessonBody } from "./cms-helpers";
import { callJson, createUser, expectProblem, signAccessToken, uniqueWord } from "./helpers";

// Every CMS route, called without the right to: each refusal is a 401/403 problem and leaves every catalog row as it
// was. Then each route called by every role allowed to, on targets of its own, does what it says. Viewers read,
// editors write, admins delete; customers see nothing of the CMS. Last, every route with a JSON body refuses bodies
// that are not JSON, or too large, without writing anything.

/** Records the routes act on, in the states their actions start from. */
async function makeTargets() {
  const program = await createProgram({ languagePrimary: "te", languagesAvailable: ["te"] });
  await addPosters(program.id, "te");
  const archivedProgram = await createProgram({ status: "archived" });
  const topic = await createTopic();
  const term = await createTerm(program.id, 1);
  const lesson = await createLesson(term.id, 1, { contentLanguagePrimary: "te" });
  await addThumbnails(lesson.id, "te");
  const scheduledLesson = await createLesson(term.id, 2, {
    status: "scheduled",
    publishAt: "2030-01-01T00:00:00.000Z",
  });
  // A published program and lesson with changes waiting, as an editor leaves them: their first versions recorded.
  const live = await createPublishedProgram();
  const { token } = await createUser("editor");
  for (const path of [`/cms/programs/${live.program.id}`, `/cms/lessons/${live.lesson.id}`]) {
    expect((await callJson("PATCH", path, { token, body: { title: `Waiting ${uniqueWord()}` } })).status).toBe(200);
  }
  return { program, archivedProgram, topic, term, lesson, scheduledLesson, live };
}

type Targets = Awaited<ReturnType<typeof makeTargets>>;

interface CmsRoute {
  route: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The least role that may call it. */
  role: Role;
  /** What a caller with the role gets. */
  status: number;
  /** A request that would succeed with the role, against `t`. */
  request: (t: Targets) => { path: string; body?: unknown };
}

const ROUTES: CmsRoute[] = [
  // programs
  {
    route: "GET /cms/programs",
    method: "GET",
    role: "viewer",
    status: 200,
    request: () => ({ path: "/cms/programs" }),
  },
  {
    route: "POST /cms/programs",
    method: "POST",
    role: "editor",
    status: 201,
    request: (t) => ({
      path: "/cms/programs",
      body: { title: "New", language_primary: "te", topic_ids: [t.topic.id] },
    }),
  },
  {
    route: "GET /cms/programs/{id}",
    method: "GET",
    role: "viewer",
    status: 200,
    request: (t) => ({ path: `/cms/programs/${t.program.id}` }),
  },
  {
    route: "PATCH /cms/programs/{id}",
    method: "PATCH",
    role: "editor",
    status: 200,
    request: (t) => ({ path: `/cms/programs/${t.program.id}`, body: { title: "Changed", topic_ids: [t.topic.id] } }),
  },
  {
    route: "DELETE /cms/programs/{id}",
    method: "DELETE",
    role: "admin",
    status: 204,
    request: (t) => ({ path: `/cms/programs/${t.program.id}` }),
  },
  {
    route: "POST /cms/programs/{id}/archive",
    method: "POST",
    role: "editor",
    status: 200,
    request: (t) => ({ path: `/cms/programs/${t.program.id}/archive` }),
  },
  {
    route: "POST /cms/programs/{id}/restore",
    method: "POST",
    role: "editor",
    status: 200,
    request: (t) => ({ path: `/cms/programs/${t.archivedProgram.id}/restore` }),
  },
  {
    route: "GET /cms/programs/{id}/terms",
    method: "GET",
    role: "viewer",
    status: 200,
    request: (t) => ({ path: `/cms/programs/${t.program.id}/terms` }),
  },
  {
    route: "POST /cms/programs/{id}/terms",
    method: "POST",
    role: "editor",
    status: 201,
    request: (t) => ({ path: `/cms/programs/${t.program.id}/terms`, body: { title: "Another term" } }),
  },
  // topics
  { route: "GET /cms/topics", method: "GET", role: "viewer", status: 200, request: () => ({ path: "/cms/topics" }) },
  {
    route: "GET /cms/topics/{id}",
    method: "GET",
    role: "viewer",
    status: 200,
    request: (t) => ({ path: `/cms/topics/${t.topic.id}` }),
  },
  {
    route: "POST /cms/topics",
    method: "POST",
    role: "editor",
    status: 201,
    request: () => ({ path: "/cms/topics", body: { name: `Topic ${uniqueWord()}` } }),
  },
  {
    route: "PATCH /cms/topics/{id}",
    method: "PATCH",
    role: "editor",
    status: 200,
    request: (t) => ({ path: `/cms/topics/${t.topic.id}`, body: { name: `Renamed ${uniqueWord()}` } }),
  },
  {
    route: "DELETE /cms/topics/{id}",
    method: "DELETE",
    role: "admin",
    status: 204,
    request: (t) => ({ path: `/cms/topics/${t.topic.id}` }),
  },
  // terms
  {
    route: "GET /cms/terms/{id}",
    method: "GET",
    role: "viewer",
    status: 200,
    request: (t) => ({ path: `/cms/terms/${t.term.id}` }),
  },
  {
    route: "PATCH /cms/terms/{id}",
    method: "PATCH",
    role: "editor",
    status: 200,
    request: (t) => ({ path: `/cms/terms/${t.term.id}`, body: { title: "Renamed", term_number: 5 } }),
  },
  {
    route: "DELETE /cms/terms/{id}",
    method: "DELETE",
    role: "admin",
    status: 204,
    request: (t) => ({ path: `/cms/terms/${t.term.id}` }),
  },
  {
    route: "POST /cms/terms/{id}/lessons",
    method: "POST",
    role: "editor",
    status: 201,
    request: (t) => ({ path: `/cms/terms/${t.term.id}/lessons`, body: videoLessonBody() }),
  },
  // lessons
  { route: "GET /cms/lessons", method: "GET", role: "viewer", status: 200, request: () => ({ path: "/cms/lessons" }) },
  {
    route: "GET /cms/lessons/{id}",
    method: "GET",
    role: "viewer",
    status: 200,
    request: (t) => ({ path: `/cms/lessons/${t.lesson.id}` }),
  },
  {
    route: "PATCH /cms/lessons/{id}",
    method: "PATCH",
    role: "editor",
    status: 200,
    request: (t) => ({ path: `/cms/lessons/${t.lesson.id}`, body: { title: "Changed", lesson_number: 9 } }),
  },
  {
    route: "DELETE /cms/lessons/{id}",
    method: "DELETE",
    role: "admin",
    status: 204,
    request: (t) => ({ path: `/cms/lessons/${t.lesson.id}` }),
  },
  {
    route: "POST /cms/lessons/{id}/publish",
    method: "POST",
    role: "editor",
    status: 200,
    request: (t) => ({ path: `/cms/lessons/${t.lesson.id}/publish` }),
  },
  {
    route: "POST /cms/lessons/{id}/schedule",
    method: "POST",
    role: "editor",
    status: 200,
    request: (t) => ({ path: `/cms/lessons/${t.lesson.id}/schedule`, body: { publish_at: inAnHour() } }),
  },
  {
    route: "POST /cms/lessons/{id}/unschedule",
    method: "POST",
    role: "editor",
    status: 200,
    request: (t) => ({ path: `/cms/lessons/${t.scheduledLesson.id}/unschedule` }),
  },
  {
    route: "POST /cms/lessons/{id}/archive",
    method: "POST",
    role: "editor",
    status: 200,
    request: (t) => ({ path: `/cms/lessons/${t.lesson.id}/archive` }),
  },
];

/** The revision routes, alike for programs and lessons; each target has changes waiting and a version 1. */
const REVISION_ROUTES = (["programs", "lessons"] as const).flatMap((kind): CmsRoute[] => {
  const base = `/cms/${kind}/{id}`;
  const at = (t: Targets, tail: string) =>
    `/cms/${kind}/${kind === "programs" ? t.live.program.id : t.live.lesson.id}${tail}`;
  return [
    {
      route: `GET ${base}/changes`,
      method: "GET",
      role: "viewer",
      status: 200,
      request: (t) => ({ path: at(t, "/changes") }),
    },
    {
      route: `POST ${base}/changes/publish`,
      method: "POST",
      role: "editor",
      status: 200,
      request: (t) => ({ path: at(t, "/changes/publish") }),
    },
    {
      route: `POST ${base}/changes/schedule`,
      method: "POST",
      role: "editor",
      status: 200,
      request: (t) => ({ path: at(t, "/changes/schedule"), body: { publish_at: inAnHour() } }),
    },
    {
      route: `DELETE ${base}/changes`,
      method: "DELETE",
      role: "editor",
      status: 200,
      request: (t) => ({ path: at(t, "/changes") }),
    },
    {
      route: `GET ${base}/versions`,
      method: "GET",
      role: "viewer",
      status: 200,
      request: (t) => ({ path: at(t, "/versions") }),
    },
    {
      route: `POST ${base}/versions/{version}/restore`,
      method: "POST",
      role: "editor",
      status: 200,
      request: (t) => ({ path: at(t, "/versions/1/restore") }),
    },
  ];
});
ROUTES.push(...REVISION_ROUTES);

const { admin } = cmsSession();
let shared: Targets;

beforeAll(async () => {
  shared = await makeTargets();
});

it("accepts a token built the same way with the real secret (so the 401s below are about the token)", async () => {
  const res = await callJson("GET", `/cms/programs/${shared.program.id}`, { token: await signAccessToken(admin.user) });
  expect(res.status).toBe(200);
});

describe.each(ROUTES)("$route (at least $role)", ({ method, role, status, request }) => {
  it.each([...invalidCredentials(() => admin.user), ...insufficientRoles(role)])(
    "answers $status $code to $sent, and changes nothing",
    async ({ status: refusal, code, headers }) => {
      const { path, body } = request(shared);
      const before = await catalogState();
      expectProblem(await callJson(method, path, { body, headers: await headers() }), refusal, code);
      expect(await catalogState()).toEqual(before);
    },
  );

  it.each(ROLES.filter((r) => hasRole(r, role)))(`lets the %s role do it: ${status}`, async (allowed) => {
    const user = await createUser(allowed);
    const { path, body } = request(await makeTargets());
    const before = await catalogState();
    const res = await callJson(method, path, { body, token: user.token });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    // Reads change nothing; writes change what they say (the route's own tests check how).
    if (method === "GET") expect(await catalogState()).toEqual(before);
    else expect(await catalogState()).not.toEqual(before);
  });
});

it("covers every CMS route in the OpenAPI document", async () => {
  const doc = await callJson("GET", "/openapi.json");
  expect(doc.status).toBe(200);
  const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
    // Assets and uploads (test/assets.test.ts, test/media-upload-kinds.test.ts), and discovery's featured list
    // (test/discovery-featured.test.ts), have matrices of their own.
    .filter(([path]) => path.startsWith("/cms/") && !/\/(assets|posters|thumbnails|upload|featured)/.test(path))
    .flatMap(([path, operations]) => Object.keys(operations).map((op) => `${op.toUpperCase()} ${path}`));
  expect(ROUTES.map((r) => r.route).sort()).toEqual(documented.sort());
});

describe("request bodies", () => {
  const bodies = [
    {
      sent: "malformed JSON",
      status: 400,
      code: "malformed_json",
      type: "application/json",
      body: () => '{"title": "x",',
    },
    {
      sent: "a 1.1 MiB JSON body",
      status: 413,
      code: "payload_too_large",
      type: "application/json",
      body: () => JSON.stringify({ title: "x".repeat(Math.ceil(1.1 * 1024 * 1024)) }),
    },
    {
      sent: "a text/plain body",
      status: 415,
      code: "unsupported_media_type",
      type: "text/plain",
      body: (json: unknown) => JSON.stringify(json),
    },
  ];
  // Every PATCH and every POST but the status actions.
  const takesJson = ({ method, route }: CmsRoute) =>
    method === "PATCH" || (method === "POST" && !/\/(archive|restore|publish|unschedule)$/.test(route));
  const withBodies = ROUTES.filter(takesJson);

  it("sends a JSON body to exactly these routes", () => {
    expect(ROUTES.filter((r) => r.request(shared).body !== undefined)).toEqual(withBodies);
    expect(withBodies.map((r) => r.route)).toEqual([
      "POST /cms/programs",
      "PATCH /cms/programs/{id}",
      "POST /cms/programs/{id}/terms",
      "POST /cms/topics",
      "PATCH /cms/topics/{id}",
      "PATCH /cms/terms/{id}",
      "POST /cms/terms/{id}/lessons",
      "PATCH /cms/lessons/{id}",
      "POST /cms/lessons/{id}/schedule",
      "POST /cms/programs/{id}/changes/schedule",
      "POST /cms/lessons/{id}/changes/schedule",
    ]);
  });

  describe.each(withBodies)("$route", ({ method, request }) => {
    it.each(bodies)("answers $status $code to $sent, and changes nothing", async ({ status, code, type, body }) => {
      const { path, body: json } = request(shared);
      const before = await catalogState();
      const res = await callJson(method, path, {
        token: admin.token,
        body: body(json),
        headers: { "Content-Type": type },
      });
      expectProblem(res, status, code);
      expect(await catalogState()).toEqual(before);
    });
  });
});
