import { describe, expect, it } from "vitest";
import type { Operation } from "./fuzz/openapi";
import { judge } from "./fuzz/oracle";
import type { Outcome, SentRequest } from "./fuzz/send";

// The fuzz suite's oracle on answers made up here: a fuzz run that finds nothing is worth something only if the
// oracle would have said so.

const request: SentRequest = { method: "GET", target: "/things/1", headers: {}, labels: ["query q: huge string"] };
const editorOnly: Operation = {
  id: "GET /things/{id}",
  method: "GET",
  path: "/things/{id}",
  params: [],
  access: "editor",
  statuses: ["200"],
};
const publicOne: Operation = { ...editorOnly, access: undefined };

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Outcome {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { status, headers: new Headers({ "X-Request-Id": "r1", ...headers }), text };
}

const problem = (status: number, code: string) =>
  answer(
    status,
    { type: `urn:problem:${code}`, title: "T", status, detail: "D", code, request_id: "r1" },
    { "Content-Type": "application/problem+json", ...(status === 401 ? { "WWW-Authenticate": "Bearer x" } : {}) },
  );

const kinds = (
  outcome: Outcome,
  caller: Parameters<typeof judge>[2] = "admin",
  op: Operation | undefined = publicOne,
) => judge(request, outcome, caller, op).map((failure) => failure.kind);

describe("the fuzz oracle", () => {
  it("passes problems, 2xx that x-access allows, 304 and 101", () => {
    expect(kinds(problem(400, "validation_failed"))).toEqual([]);
    expect(kinds(problem(401, "unauthorized"), "anonymous", editorOnly)).toEqual([]);
    expect(kinds(answer(200, { ok: true }, { "Content-Type": "application/json" }), "editor", editorOnly)).toEqual([]);
    expect(kinds(answer(304, ""))).toEqual([]);
    expect(kinds(answer(101, ""))).toEqual([]);
  });

  it("fails every 5xx", () => {
    expect(kinds(problem(500, "internal_error"))).toEqual(["5xx"]);
    expect(kinds(answer(503, "down"))).toEqual(["5xx"]);
  });

  it("fails a 4xx that is not a problem with a stable code, its status and the request id", () => {
    expect(kinds(answer(404, "Not Found", { "Content-Type": "text/plain" }))).toEqual([
      "4xx is not application/problem+json",
    ]);
    const wrong = { type: "urn:problem:Bad Thing", title: "T", status: 400, detail: "D", code: "Bad Thing" };
    expect(
      kinds(answer(409, { ...wrong, request_id: "other" }, { "Content-Type": "application/problem+json" })),
    ).toEqual([
      "4xx problem without a stable code",
      "problem status is not the HTTP status",
      "problem request_id is not X-Request-Id",
    ]);
    expect(
      kinds(answer(401, JSON.parse(problem(401, "unauthorized").text), { "Content-Type": "application/problem+json" })),
    ).toEqual(["401 without a Bearer challenge"]);
  });

  it("fails a 2xx that x-access forbids the caller", () => {
    const ok = answer(200, {}, { "Content-Type": "application/json" });
    expect(kinds(ok, "anonymous", editorOnly)).toEqual(["2xx without valid credentials"]);
    expect(kinds(ok, "bad token", editorOnly)).toEqual(["2xx without valid credentials"]);
    expect(kinds(ok, "viewer", editorOnly)).toEqual(["2xx for a role below the required one"]);
    expect(kinds(ok, "customer", editorOnly)).toEqual(["2xx for a role below the required one"]);
    expect(kinds(ok, "admin", editorOnly)).toEqual([]);
  });

  it("fails an event stream whose opening frames are broken", () => {
    const sse = (text: string) => answer(200, text, { "Content-Type": "text/event-stream" });
    expect(kinds(sse(': connected\n\nid: 4\nevent: connected\ndata: {"seq":4}\n\nda'))).toEqual([]);
    expect(kinds(sse('event: reset\ndata: {"last_event_id":"x\u2028\u0085\\r\\n"}\n\n'))).toEqual([]);
    expect(kinds(sse("id: 4\u0000\n\n"))).toEqual(["event stream badly framed"]);
    expect(kinds(sse(": connected\n\nevent: reset\ndata: x\rdata: injected\n\n"))).toEqual([
      "event stream badly framed",
    ]);
  });
});
