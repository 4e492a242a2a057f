import { env } from "cloudflare:workers";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DEMO_USERS, seedDemoData } from "../scripts/seed/demo-data";
import { users } from "../src/auth/schema";
import { events } from "../src/calendar/schema";
import { publishDueLessons } from "../src/catalog/publish";
import { lessonAssets, lessons, programAssets, programs, terms, topics } from "../src/catalog/schema";
import { games } from "../src/games/schema";
import { streams } from "../src/streams/schema";
import { subscribers } from "../src/subscriptions/schema";
import { tickets } from "../src/tickets/schema";
import { call, callJson, db, login, withQuery } from "./helpers";

const HOLIDAYS = ["event-christmas-eve", "event-christmas-day", "event-new-years-eve"];

const sizes = async () => {
  const tables = {
    users,
    tickets,
    subscribers,
    topics,
    programs,
    terms,
    lessons,
    programAssets,
    lessonAssets,
    games,
    streams,
    events,
  };
  const counts = await Promise.all(
    Object.entries(tables).map(async ([name, table]) => [name, (await db().select({ n: count() }).from(table))[0]?.n]),
  );
  return Object.fromEntries(counts);
};

const EXPECTED = {
  // The demo accounts, and eight more customers of the store (test/seed-store.test.ts checks the store's part).
  users: 13,
  tickets: 5,
  subscribers: 4,
  topics: 3,
  programs: 2,
  terms: 3,
  lessons: 7,
  programAssets: 5,
  lessonAssets: 14,
  games: 2,
  streams: 1,
  events: 33,
};

describe("demo seed", () => {
  const seededAt = new Date();

  it("loads accounts, tickets, subscribers and the catalog into an empty database", async () => {
    expect(await seedDemoData(env, seededAt)).toEqual({
      people: true,
      catalog: true,
      games: true,
      streams: true,
      calendar: true,
      store: true,
    });
    expect(await sizes()).toEqual(EXPECTED);
    const roles = (await db().select({ role: users.role }).from(users)).map((u) => u.role).sort();
    expect(roles).toEqual(["admin", ...Array(10).fill("customer"), "editor", "viewer"]);
  });

  it("changes nothing when run again", async () => {
    const before = { tickets: await db().select().from(tickets), lessons: await db().select().from(lessons) };
    expect(await seedDemoData(env)).toEqual({
      people: false,
      catalog: false,
      games: false,
      streams: false,
      calendar: false,
      store: false,
    });
    expect(await sizes()).toEqual(EXPECTED);
    expect(await db().select().from(tickets)).toEqual(before.tickets);
    expect(await db().select().from(lessons)).toEqual(before.lessons);
  });

  it("lets the demo accounts sign in with the documented passwords", async () => {
    const editor = DEMO_USERS.find((u) => u.role === "editor")!;
    const signedIn = await login(editor.email, editor.password);
    expect(signedIn.status).toBe(200);
    const list = await callJson("GET", "/tickets", { token: signedIn.body.access_token });
    expect(list.body.data).toHaveLength(5);
    expect(list.body.data[0].title).toBe("Add dark mode to the player");
  });

  it("has a program in two languages and lessons with content in two languages", async () => {
    const telugu = await callJson("GET", "/catalog/programs/program-telugu");
    expect(telugu.status).toBe(200);
    expect(telugu.body.languages_available).toEqual(["te", "en"]);
    const multiLanguage = (await db().select().from(lessons)).filter(
      (lesson) => Object.keys(lesson.contentUrlsByLanguage).length > 1,
    );
    expect(multiLanguage.map((lesson) => lesson.id).sort()).toEqual(["lesson-greetings", "lesson-numbers"]);
  });

  it("has a live game at 42–38, a finished one, and a live stream with six chat messages", async () => {
    const live = await callJson("GET", "/games/game-hawks-vipers/score");
    expect(live.body).toMatchObject({ team_a: 42, team_b: 38, status: "live" });
    const finished = await callJson("GET", "/games/game-comets-bears");
    expect(finished.body.status).toBe("final");
    const chat = await callJson("GET", "/streams/stream-launch-day/messages?limit=50");
    expect(chat.body.data).toHaveLength(6);
  });

  it("has a month of events around the seeding day, by the demo editor, and the three December holidays", async () => {
    const day = 86_400_000;
    const month = await callJson(
      "GET",
      withQuery("/events", {
        from: new Date(seededAt.getTime() - 15 * day).toISOString(),
        to: new Date(seededAt.getTime() + 16 * day).toISOString(),
      }),
    );
    expect(month.status).toBe(200);
    const sample = month.body.data.filter((event: { id: string }) => !HOLIDAYS.includes(event.id));
    expect(sample).toHaveLength(30);
    expect(
      sample.filter((event: { end: string }) => Date.parse(event.end) < seededAt.getTime()).length,
    ).toBeGreaterThan(10);
    expect(
      sample.filter((event: { start: string }) => Date.parse(event.start) > seededAt.getTime()).length,
    ).toBeGreaterThan(10);
    expect(
      sample.some(
        (event: { location: string | null; online_link: string | null }) => event.location && !event.online_link,
      ),
    ).toBe(true);
    expect(
      sample.some(
        (event: { location: string | null; online_link: string | null }) => !event.location && event.online_link,
      ),
    ).toBe(true);
    expect(sample.some((event: { max_attendees: number | null }) => event.max_attendees !== null)).toBe(true);
    expect(new Set(month.body.data.map((event: { created_by: string }) => event.created_by))).toEqual(
      new Set(["user-editor"]),
    );

    const year = seededAt.getUTCFullYear();
    const december = await callJson("GET", withQuery("/events", { from: `${year}-12-24`, to: `${year + 1}-01-01` }));
    const holidays = december.body.data.filter((event: { id: string }) => HOLIDAYS.includes(event.id));
    expect(holidays.map((event: { name: string; start: string }) => [event.name, event.start.slice(0, 10)])).toEqual([
      ["Christmas Eve", `${year}-12-24`],
      ["Christmas Day", `${year}-12-25`],
      ["New Year's Eve", `${year}-12-31`],
    ]);
  });

  it("schedules one lesson about two minutes after seeding", async () => {
    const scheduled = (await db().select().from(lessons)).filter((lesson) => lesson.status === "scheduled");
    expect(scheduled).toHaveLength(1);
    const due = Date.parse(scheduled[0]!.publishAt!) - seededAt.getTime();
    expect(due).toBe(2 * 60_000);
  });

  it("stores real images in R2 for the posters and thumbnails of every primary language", async () => {
    const rows = [...(await db().select().from(programAssets)), ...(await db().select().from(lessonAssets))];
    for (const program of await db().select().from(programs)) {
      expect(
        rows.some(
          (row) => "programId" in row && row.programId === program.id && row.language === program.languagePrimary,
        ),
      ).toBe(true);
    }
    for (const url of new Set(rows.map((row) => row.url))) {
      const res = await call("GET", url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(res.status, url).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("image/png");
      expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
  });

  it("gives every demo program the portrait and landscape posters it needs in its primary language", async () => {
    const posters = await db().select().from(programAssets);
    for (const program of await db().select().from(programs)) {
      const variants = posters
        .filter((p) => p.programId === program.id && p.language === program.languagePrimary && p.assetType === "poster")
        .map((p) => p.variant);
      expect(variants, program.id).toEqual(expect.arrayContaining(["portrait", "landscape"]));
    }
  });

  // Last: it publishes the scheduled lesson the tests above count.
  it("publishes the scheduled demo lesson when it falls due, into the catalog list with its terms", async () => {
    const report = await publishDueLessons(db(), new Date(seededAt.getTime() + 2 * 60_000));
    expect(report).toEqual({ published: 1, programsPublished: 0, changesPublished: 0, blocked: [] });
    const list = await callJson("GET", withQuery("/catalog/programs", { language: "te", include: "terms" }));
    const lessonIds = list.body.data[0].terms.flatMap((t: { lessons: { id: string }[] }) => t.lessons.map((l) => l.id));
    expect(lessonIds).toContain("lesson-directions");
  });
});
