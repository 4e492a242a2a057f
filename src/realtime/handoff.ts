import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type ErrorStatus, ProblemError } from "../http/problem";

/**
 * How the Worker hands a request over to a room (a Durable Object), with what it has established about the caller:
 * who they are, the game they watch, where their feed resumes. The room is reachable only through the Worker, and it
 * trusts only what arrives this way, checked against the same schema the Worker wrote it with.
 */
export const SESSION_HEADER = "X-Room-Session";

/** A session as it travels in the header: percent-encoded JSON, so that any text survives. */
export const encodeSession = (session: unknown): string => encodeURIComponent(JSON.stringify(session));

/** Whether `request` asks to become a WebSocket. */
export const isWebSocketUpgrade = (request: { headers: Headers }): boolean =>
  request.headers.get("Upgrade")?.toLowerCase() === "websocket";

/**
 * A request of our own for a room: the URL, the session (checked against its schema on the way out too), an
 * `Upgrade` when the caller asked for a socket, and the caller's abort signal so that the room sees it go away.
 * Nothing else the client sent is passed on, so a client can never choose its own session.
 */
export function roomRequest<S extends z.ZodType>(
  url: string,
  schema: S,
  session: z.input<S>,
  options: { upgrade?: boolean; signal?: AbortSignal } = {},
): Request {
  const headers = new Headers({ [SESSION_HEADER]: encodeSession(schema.parse(session)) });
  if (options.upgrade) headers.set("Upgrade", "websocket");
  return new Request(url, { headers, signal: options.signal });
}

/**
 * How a room refuses what the Worker handed over: a 4xx or 5xx status with a problem's stable `code` and a `detail`
 * for people, which `handOff` turns into the problem+json the client gets.
 */
export const RoomRefusalSchema = z.object({
  code: z.string().regex(/^[a-z][a-z_]*$/),
  detail: z.string().min(1),
});

/** In a room: the answer that refuses a handed-over request. */
export const roomRefusal = (status: ErrorStatus, code: string, detail: string): Response =>
  Response.json({ code, detail } satisfies z.infer<typeof RoomRefusalSchema>, { status });

/**
 * Hands the request being served to `room` with `session`, and answers with the room's response: a 101 as it is (a
 * socket's handshake cannot be rebuilt), a 2xx (an SSE stream) in a response of our own, whose headers the app's
 * middleware may still set, and anything else as the problem the room's refusal names.
 *
 * @example
 * return handOff(c, env.SCOREBOARD.getByName(id), ScoreboardSessionSchema, { game, user_id, role });
 */
export async function handOff<S extends z.ZodType>(
  c: Context,
  room: { fetch(request: Request): Promise<Response> },
  schema: S,
  session: z.input<S>,
): Promise<Response> {
  const request = roomRequest(c.req.url, schema, session, {
    upgrade: isWebSocketUpgrade(c.req.raw),
    signal: c.req.raw.signal,
  });
  const response = await room.fetch(request);
  if (response.status === 101) return response;
  if (response.ok) return new Response(response.body, response);
  throw await refusalProblem(response);
}

/**
 * The problem a room's refusal names. A room that answers anything else has broken its contract with the Worker:
 * that is our fault, a 500, not something to pass on to the client as it is.
 */
async function refusalProblem(response: Response): Promise<ProblemError> {
  const body = await response.text();
  const refusal = RoomRefusalSchema.safeParse(jsonOrNothing(body));
  if (response.status < 400 || !refusal.success) {
    throw new Error(`A room answered ${response.status} without a refusal's {code, detail}: ${body.slice(0, 200)}`);
  }
  return new ProblemError(response.status as ErrorStatus, refusal.data.code, refusal.data.detail);
}

function jsonOrNothing(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** In the room: the session the Worker handed over with `request`, if it is there and passes `schema`. */
export function sessionOf<T>(request: Request, schema: z.ZodType<T>): T | undefined {
  const header = request.headers.get(SESSION_HEADER);
  if (header === null) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(decodeURIComponent(header)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
