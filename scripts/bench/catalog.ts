/**
 * The public catalog's read path as the bench loads it, on our Worker and on the peer, route for route:
 *   - floor: `GET /` (ours) and `GET /floor` (the peer's), no database;
 *   - the list: `GET /catalog/programs?limit=20`;
 *   - a program with its 2 terms of lessons: `GET /catalog/programs/{id}`.
 * Each catalog route in three ways, for the edge cache (Workers Cache API, keyed on the whole URL):
 *   - miss: every request a URL not asked before, through a query parameter the app does not read (`_b`); the
 *     program detail also cycles through every program. The public list's query schema is a plain `z.object`, which
 *     drops unknown keys rather than refusing them, and the detail route reads no query at all, so both answer 200
 *     and do the same work as without `_b`. `_b` carries this run's id: the cache persists in the local state
 *     between runs and servers, and an earlier run's entry must never turn a miss into a hit;
 *   - hit: the same URL every time (a hit once the first answer is cached);
 *   - 304: the same URL with its current ETag in `If-None-Match`.
 * Until the cache exists, hit and miss measure the same work; the report shows which each run was from the
 * `Server-Timing` cache entry of every response. The peer has neither a cache nor ETags: it is loaded with the same
 * miss and hit requests (so the load generator does the same work on both sides), and a 304 is compared with its 200.
 */
import { randomBytes } from "node:crypto";
import { benchProgramId } from "./data";
import type { Route } from "./load";
import { currentEtag, type HttpRequest, send } from "./requests";

export const LIST_PAGE_SIZE = 20;
const LIST_PATH = `/catalog/programs?limit=${LIST_PAGE_SIZE}`;
const runId = randomBytes(4).toString("hex");

/** What a catalog server needs to say about itself: its floor route and how it names its programs. */
interface CatalogServer {
  floorPath: string;
  programId: (n: number) => string;
}

const OURS: CatalogServer = { floorPath: "/", programId: benchProgramId };
/** The peer's seed names its programs p1 … pN, p1 the most recently published. */
const PEER: CatalogServer = { floorPath: "/floor", programId: (n) => `p${n}` };

/** A GET whose URL is new on every request, `path(n)` for n = 1, 2, … */
function missRoute(name: string, compareAs: string, path: (n: number) => string): Route {
  let n = 0;
  return {
    name,
    expectedStatus: 200,
    next: (): HttpRequest => ({ method: "GET", path: path(++n), headers: {} }),
    varies: true,
    compareAs,
    observeCache: true,
  };
}

/** A GET of one URL, with or without the ETag of its current answer. */
function fixedRoute(name: string, compareAs: string, path: string, etag?: string): Route {
  const request: HttpRequest = { method: "GET", path, headers: etag ? { "if-none-match": etag } : {} };
  const expectedStatus = etag ? 304 : 200;
  return { name, expectedStatus, next: () => request, varies: false, compareAs, observeCache: true };
}

/** The miss and hit variants of the two catalog routes, for a server whose programs are named by `programId`. */
function missAndHitRoutes(server: CatalogServer, programs: number) {
  const first = server.programId(1);
  const detail = `/catalog/programs/${first}`;
  return {
    listMiss: missRoute(`GET ${LIST_PATH}&_b=… (miss)`, "list:miss", (n) => `${LIST_PATH}&_b=${runId}-${n}`),
    listHit: fixedRoute(`GET ${LIST_PATH} (hit)`, "list:hit", LIST_PATH),
    detailMiss: missRoute(
      "GET /catalog/programs/{id}?_b=… (miss)",
      "detail:miss",
      (n) => `/catalog/programs/${server.programId(((n - 1) % programs) + 1)}?_b=${runId}-${n}`,
    ),
    detailHit: fixedRoute(`GET ${detail} (hit)`, "detail:hit", detail),
    detail,
  };
}

/** Our catalog routes, in report order: list miss, hit, 304, then the program's. Reads the current ETags. */
export async function ourCatalogRoutes(baseUrl: string, programs: number): Promise<Route[]> {
  const { listMiss, listHit, detailMiss, detailHit, detail } = missAndHitRoutes(OURS, programs);
  const revalidate = async (path: string, compareAs: string) =>
    fixedRoute(`GET ${path} (If-None-Match: 304)`, compareAs, path, await currentEtag(baseUrl, path));
  return [
    listMiss,
    listHit,
    await revalidate(LIST_PATH, "list:304"),
    detailMiss,
    detailHit,
    await revalidate(detail, "detail:304"),
  ];
}

/**
 * The list three ways, for the latency breakdown (breakdown.ts): a miss, a hit, and a signed-in reader's request,
 * which goes past the cache to D1 every time (credentials never read or fill the cache).
 */
export function ourListRoutes(programs: number, accessToken: string): Route[] {
  const { listMiss, listHit } = missAndHitRoutes(OURS, programs);
  const signedIn: HttpRequest = { method: "GET", path: LIST_PATH, headers: { authorization: `Bearer ${accessToken}` } };
  const pastCache: Route = {
    name: `GET ${LIST_PATH} (signed in: past the cache)`,
    expectedStatus: 200,
    next: () => signedIn,
    varies: false,
  };
  return [listMiss, listHit, pastCache];
}

/** Our floor, paired with the peer's. */
export const OUR_FLOOR_KEY = "floor";

/** The peer's routes: its floor, then the miss and hit variants of its catalog routes. */
export function peerRoutes(programs: number): Route[] {
  const { listMiss, listHit, detailMiss, detailHit } = missAndHitRoutes(PEER, programs);
  const floor: Route = {
    name: `GET ${PEER.floorPath}`,
    expectedStatus: 200,
    next: () => ({ method: "GET", path: PEER.floorPath, headers: {} }),
    varies: false,
    compareAs: OUR_FLOOR_KEY,
  };
  return [floor, listMiss, listHit, detailMiss, detailHit];
}

/** What one server's catalog holds, as its answers show it: to check that both sides serve the same data. */
export interface CatalogShape {
  listItems: number;
  terms: number;
  lessons: number;
  /** Body bytes of the list page and of the program. */
  listBytes: number;
  detailBytes: number;
}

/** Reads the list page and the first program from `baseUrl`; `peer` says whose naming to use. */
export async function catalogShape(baseUrl: string, peer: boolean): Promise<CatalogShape> {
  const detailPath = `/catalog/programs/${(peer ? PEER : OURS).programId(1)}`;
  const read = async (path: string) => {
    const response = await send(baseUrl, { method: "GET", path, headers: {} });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${body.slice(0, 300)}`);
    return { json: JSON.parse(body) as unknown, bytes: Buffer.byteLength(body) };
  };
  const list = await read(LIST_PATH);
  const detail = await read(detailPath);
  const terms = (detail.json as { terms?: { lessons?: unknown[] }[] }).terms ?? [];
  return {
    listItems: (list.json as { data?: unknown[] }).data?.length ?? 0,
    terms: terms.length,
    lessons: terms.reduce((sum, term) => sum + (term.lessons?.length ?? 0), 0),
    listBytes: list.bytes,
    detailBytes: detail.bytes,
  };
}
