/**
 * One representative request for every operation of the OpenAPI document, as the role that may send it, on the demo
 * data (`npm run dev:prepare` seeds the same) with the bench catalog and store added: the capacity script sends them in this order and reads each answer's
 * cost. Writes act on records made by earlier examples where they would otherwise spoil the demo data (a program
 * made to be archived, edited and deleted), and on seeded ones where the route needs history (a completed order to
 * refund, a published program's revisions). Paths name ids by key (`{program}`), from `SEED_IDS` or kept from an
 * earlier answer (`keep`).
 */
import { benchProgramId } from "../bench/data";
import { DEMO_GAMES } from "../seed/games";
import { DEMO_IMAGES } from "../seed/images";
import { productId } from "../seed/store-products";
import { DEMO_STREAM_ID } from "../seed/streams";

export type Role = "admin" | "editor" | "viewer" | "customer";

/** Ids named in paths and bodies: seeded ones, then those kept from answers as the examples run. */
export type Ids = Record<string, string>;

export interface Example {
  /** The operation as the OpenAPI document names it, e.g. `GET /catalog/programs/{id}`. */
  operation: string;
  /** Whose token goes with it (the demo account of that role); none for a public request. */
  as?: Role;
  /** The request's path with `{key}` placeholders for `Ids`; the operation's own path when it has no parameters. */
  path?: string;
  /** How the table shows the request, when its path changes from run to run (a range of dates from now). */
  shown?: string;
  body?: (ids: Ids) => unknown;
  /** A body sent as is, with its content type (an upload). */
  bytes?: { contentType: string; data: Uint8Array };
  /** The status a representative request answers with. */
  status: number;
  /** Keeps ids from the answer for later examples. */
  keep?: (body: any, ids: Ids) => void;
  /** A WebSocket route: the cost of opening one socket, read from the request log (a 101 has no Server-Timing). */
  socket?: true;
  /** Sent for its effect on later examples, not reported (e.g. the second thumbnail a publish needs). */
  setup?: true;
}

/** An operation the script does not send, and why. */
export interface Unexercised {
  operation: string;
  why: string;
}

const DEMO_PROGRAM = "program-telugu";
const CAROL = "user-carol";

export const SEED_IDS: Ids = {
  /** A program of the bench catalog: 2 terms of 10 lessons, 8 of them published, with posters and thumbnails. */
  benchProgram: benchProgramId(1),
  benchLesson: `${benchProgramId(1)}-t1-l1`,
  program: DEMO_PROGRAM,
  otherProgram: "program-kitchen",
  lesson: "lesson-greetings",
  topic: "topic-language",
  game: DEMO_GAMES.live,
  stream: DEMO_STREAM_ID,
  product: productId("omega-seamaster"),
  customer: CAROL,
  completedOrder: "order-carol-1",
  ticket: "ticket-2",
  subscriber: "subscriber-1",
  user: "user-viewer",
};

/** A date-time `days` from now (schedules must be in the future). */
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const run = Date.now().toString(36);
const png = Uint8Array.from(atob(DEMO_IMAGES.tealPortrait), (char) => char.charCodeAt(0));
const keepId = (key: string) => (body: { id: string }, ids: Ids) => {
  ids[key] = body.id;
};
/** The first item of a collection's page. */
const keepFirst =
  (key: string, field = "id") =>
  (body: { data: Record<string, unknown>[] }, ids: Ids) => {
    const first = body.data[0];
    if (first) ids[key] = String(first[field]);
  };

export const EXAMPLES: Example[] = [
  // ---- platform and accounts
  { operation: "GET /", status: 200 },
  { operation: "GET /health", status: 200 },
  { operation: "GET /healthz", status: 200 },
  {
    operation: "POST /auth/login",
    body: () => ({ email: "viewer@example.com", password: "viewer-password" }),
    status: 200,
  },
  { operation: "GET /auth/me", as: "viewer", status: 200 },
  { operation: "GET /users", as: "admin", status: 200 },
  {
    operation: "POST /users",
    as: "admin",
    body: () => ({
      email: `capacity-${run}@example.com`,
      name: "Capacity",
      password: "capacity-password",
      role: "viewer",
    }),
    status: 201,
    keep: keepId("newUser"),
  },
  { operation: "GET /users/{id}", as: "admin", path: "/users/{newUser}", status: 200 },
  { operation: "PATCH /users/{id}", as: "admin", path: "/users/{newUser}", body: () => ({ name: "Cap" }), status: 200 },
  { operation: "DELETE /users/{id}", as: "admin", path: "/users/{newUser}", status: 204 },
  {
    operation: "POST /auth/api-keys",
    as: "admin",
    body: () => ({ name: "capacity", scopes: ["cms:read"] }),
    status: 201,
    keep: keepId("apiKey"),
  },
  { operation: "GET /auth/api-keys", as: "admin", status: 200 },
  { operation: "GET /auth/api-keys/{id}", as: "admin", path: "/auth/api-keys/{apiKey}", status: 200 },
  { operation: "DELETE /auth/api-keys/{id}", as: "admin", path: "/auth/api-keys/{apiKey}", status: 204 },

  // ---- support desk and mailing list
  {
    operation: "POST /tickets",
    as: "customer",
    body: () => ({ title: "Strap too short", description: "The strap does not fit my wrist." }),
    status: 201,
    keep: keepId("newTicket"),
  },
  { operation: "GET /tickets", as: "viewer", status: 200 },
  { operation: "GET /tickets/{id}", as: "customer", path: "/tickets/{newTicket}", status: 200 },
  {
    operation: "PATCH /tickets/{id}",
    as: "editor",
    path: "/tickets/{newTicket}",
    body: () => ({ priority: "high" }),
    status: 200,
  },
  { operation: "GET /tickets/{id}/thread", as: "viewer", path: "/tickets/{ticket}/thread", status: 200 },
  {
    operation: "POST /tickets/{id}/thread",
    as: "editor",
    path: "/tickets/{newTicket}/thread",
    body: () => ({ body: "A longer strap is on its way." }),
    status: 201,
  },
  { operation: "DELETE /tickets/{id}", as: "admin", path: "/tickets/{newTicket}", status: 204 },
  {
    operation: "POST /subscribe",
    body: () => ({ name: "Capacity", email: `capacity-${run}@example.org` }),
    status: 201,
    keep: keepId("newSubscriber"),
  },
  {
    operation: "POST /subscribe",
    body: () => ({ name: "Leaving", email: `capacity-leaving-${run}@example.org` }),
    status: 201,
    keep: (body, ids) => {
      ids.unsubscribeToken = body.unsubscribe_token;
    },
    setup: true,
  },
  { operation: "POST /unsubscribe", body: (ids) => ({ token: ids.unsubscribeToken }), status: 204 },
  { operation: "GET /subscribers", as: "admin", status: 200 },
  { operation: "GET /subscribers/{id}", as: "admin", path: "/subscribers/{subscriber}", status: 200 },
  { operation: "DELETE /subscribers/{id}", as: "admin", path: "/subscribers/{newSubscriber}", status: 204 },

  // ---- the public catalog and discovery (edge-cached: a miss, then a hit)
  { operation: "GET /catalog/programs", path: "/catalog/programs?limit=20", status: 200 },
  {
    operation: "GET /catalog/programs/{id}",
    path: "/catalog/programs/{benchProgram}",
    status: 200,
  },
  {
    operation: "GET /catalog/programs/{id}",
    path: "/catalog/programs/{program}",
    status: 200,
    // The demo program's posters are uploads served from R2: one of them is the media example.
    keep: (body, ids) => {
      const media = JSON.stringify(body).match(/\/media\/([^"?]+)/);
      if (media?.[1]) ids.mediaKey = decodeURIComponent(media[1]);
    },
    setup: true,
  },
  { operation: "GET /catalog/lessons/{id}", path: "/catalog/lessons/{benchLesson}", status: 200 },
  { operation: "GET /catalog/topics", status: 200 },
  { operation: "GET /discovery/search", path: "/discovery/search?q=telugu", status: 200 },
  { operation: "GET /discovery/featured", status: 200 },
  { operation: "GET /media/{key}", path: "/media/{mediaKey}", status: 200 },
  {
    operation: "POST /graphql",
    as: "viewer",
    body: () => ({ query: "{ programs(first: 20) { edges { node { id title } } } }" }),
    status: 200,
  },

  // ---- the CMS: a program made here, edited, filled, published pieces, archived and deleted at the end
  { operation: "GET /cms/programs", as: "editor", status: 200 },
  {
    operation: "POST /cms/programs",
    as: "editor",
    body: () => ({ title: `Capacity ${run}`, language_primary: "en" }),
    status: 201,
    keep: keepId("newProgram"),
  },
  { operation: "GET /cms/programs/{id}", as: "editor", path: "/cms/programs/{newProgram}", status: 200 },
  {
    operation: "PATCH /cms/programs/{id}",
    as: "editor",
    path: "/cms/programs/{newProgram}",
    body: () => ({ description: "Made by the capacity script." }),
    status: 200,
  },
  {
    operation: "POST /cms/programs/{id}/terms",
    as: "editor",
    path: "/cms/programs/{newProgram}/terms",
    body: () => ({ title: "First term" }),
    status: 201,
    keep: keepId("newTerm"),
  },
  { operation: "GET /cms/programs/{id}/terms", as: "editor", path: "/cms/programs/{newProgram}/terms", status: 200 },
  { operation: "GET /cms/terms/{id}", as: "editor", path: "/cms/terms/{newTerm}", status: 200 },
  {
    operation: "PATCH /cms/terms/{id}",
    as: "editor",
    path: "/cms/terms/{newTerm}",
    body: () => ({ title: "The first term" }),
    status: 200,
  },
  {
    operation: "POST /cms/terms/{id}/lessons",
    as: "editor",
    path: "/cms/terms/{newTerm}/lessons",
    body: () => ({
      title: "Hello",
      content_type: "video",
      duration_ms: 600_000,
      content_language_primary: "en",
      content_urls_by_language: { en: "https://cdn.example.com/hello.mp4" },
    }),
    status: 201,
    keep: keepId("newLesson"),
  },
  { operation: "GET /cms/lessons", as: "editor", status: 200 },
  { operation: "GET /cms/lessons/{id}", as: "editor", path: "/cms/lessons/{newLesson}", status: 200 },
  {
    operation: "PATCH /cms/lessons/{id}",
    as: "editor",
    path: "/cms/lessons/{newLesson}",
    body: () => ({ title: "Hello again" }),
    status: 200,
  },
  {
    operation: "POST /cms/lessons/{id}/schedule",
    as: "editor",
    path: "/cms/lessons/{newLesson}/schedule",
    body: () => ({ publish_at: daysAhead(30) }),
    status: 200,
  },
  {
    operation: "POST /cms/lessons/{id}/unschedule",
    as: "editor",
    path: "/cms/lessons/{newLesson}/unschedule",
    status: 200,
  },
  {
    operation: "PUT /cms/lessons/{id}/thumbnails/{language}/{variant}",
    as: "editor",
    path: "/cms/lessons/{newLesson}/thumbnails/en/portrait",
    body: () => ({ url: "https://cdn.example.com/hello-portrait.jpg" }),
    status: 201,
  },
  {
    operation: "PUT /cms/lessons/{id}/thumbnails/{language}/{variant}",
    as: "editor",
    path: "/cms/lessons/{newLesson}/thumbnails/en/landscape",
    body: () => ({ url: "https://cdn.example.com/hello-landscape.jpg" }),
    status: 201,
    setup: true,
  },
  { operation: "GET /cms/lessons/{id}/assets", as: "editor", path: "/cms/lessons/{newLesson}/assets", status: 200 },
  {
    operation: "PUT /cms/programs/{id}/posters/{language}/{variant}",
    as: "editor",
    path: "/cms/programs/{newProgram}/posters/en/portrait",
    body: () => ({ url: "https://cdn.example.com/capacity-portrait.jpg" }),
    status: 201,
  },
  {
    operation: "PUT /cms/programs/{id}/posters/{language}/{variant}",
    as: "editor",
    path: "/cms/programs/{newProgram}/posters/en/landscape",
    body: () => ({ url: "https://cdn.example.com/capacity-landscape.jpg" }),
    status: 201,
    setup: true,
  },
  { operation: "GET /cms/programs/{id}/assets", as: "editor", path: "/cms/programs/{newProgram}/assets", status: 200 },
  { operation: "POST /cms/lessons/{id}/publish", as: "editor", path: "/cms/lessons/{newLesson}/publish", status: 200 },
  {
    operation: "POST /cms/upload/{kind}",
    as: "editor",
    path: "/cms/upload/image",
    bytes: { contentType: "image/png", data: png },
    // The seed stored these bytes already (keys are content hashes): 200, not 201. D1 is not touched either way.
    status: 200,
  },

  // Revisions of published content: an edit waits as a change until published, scheduled or discarded.
  {
    operation: "PATCH /cms/programs/{id}",
    as: "editor",
    path: "/cms/programs/{program}",
    body: () => ({ description: `Edited ${run}.` }),
    status: 200,
    setup: true,
  },
  { operation: "GET /cms/programs/{id}/changes", as: "editor", path: "/cms/programs/{program}/changes", status: 200 },
  {
    operation: "POST /cms/programs/{id}/changes/schedule",
    as: "editor",
    path: "/cms/programs/{program}/changes/schedule",
    body: () => ({ publish_at: daysAhead(30) }),
    status: 200,
  },
  {
    operation: "DELETE /cms/programs/{id}/changes",
    as: "editor",
    path: "/cms/programs/{program}/changes",
    status: 200,
  },
  {
    operation: "PATCH /cms/programs/{id}",
    as: "editor",
    path: "/cms/programs/{program}",
    body: () => ({ description: `Edited again ${run}.` }),
    status: 200,
    setup: true,
  },
  {
    operation: "POST /cms/programs/{id}/changes/publish",
    as: "editor",
    path: "/cms/programs/{program}/changes/publish",
    status: 200,
  },
  {
    operation: "GET /cms/programs/{id}/versions",
    as: "editor",
    path: "/cms/programs/{program}/versions",
    status: 200,
    keep: keepFirst("programVersion", "version"),
  },
  {
    operation: "POST /cms/programs/{id}/versions/{version}/restore",
    as: "editor",
    path: "/cms/programs/{program}/versions/{programVersion}/restore",
    status: 200,
  },
  {
    operation: "PATCH /cms/lessons/{id}",
    as: "editor",
    path: "/cms/lessons/{lesson}",
    body: () => ({ title: `Greetings ${run}` }),
    status: 200,
    setup: true,
  },
  { operation: "GET /cms/lessons/{id}/changes", as: "editor", path: "/cms/lessons/{lesson}/changes", status: 200 },
  {
    operation: "POST /cms/lessons/{id}/changes/schedule",
    as: "editor",
    path: "/cms/lessons/{lesson}/changes/schedule",
    body: () => ({ publish_at: daysAhead(30) }),
    status: 200,
  },
  { operation: "DELETE /cms/lessons/{id}/changes", as: "editor", path: "/cms/lessons/{lesson}/changes", status: 200 },
  {
    operation: "PATCH /cms/lessons/{id}",
    as: "editor",
    path: "/cms/lessons/{lesson}",
    body: () => ({ title: `Greetings again ${run}` }),
    status: 200,
    setup: true,
  },
  {
    operation: "POST /cms/lessons/{id}/changes/publish",
    as: "editor",
    path: "/cms/lessons/{lesson}/changes/publish",
    status: 200,
  },
  {
    operation: "GET /cms/lessons/{id}/versions",
    as: "editor",
    path: "/cms/lessons/{lesson}/versions",
    status: 200,
    keep: keepFirst("lessonVersion", "version"),
  },
  {
    operation: "POST /cms/lessons/{id}/versions/{version}/restore",
    as: "editor",
    path: "/cms/lessons/{lesson}/versions/{lessonVersion}/restore",
    status: 200,
  },

  // Topics and featured programs.
  { operation: "GET /cms/topics", as: "editor", status: 200 },
  {
    operation: "POST /cms/topics",
    as: "editor",
    body: () => ({ name: `Capacity ${run}` }),
    status: 201,
    keep: keepId("newTopic"),
  },
  { operation: "GET /cms/topics/{id}", as: "editor", path: "/cms/topics/{newTopic}", status: 200 },
  {
    operation: "PATCH /cms/topics/{id}",
    as: "editor",
    path: "/cms/topics/{newTopic}",
    body: () => ({ name: `Capacity topic ${run}` }),
    status: 200,
  },
  { operation: "DELETE /cms/topics/{id}", as: "admin", path: "/cms/topics/{newTopic}", status: 204 },
  { operation: "GET /cms/featured", as: "editor", status: 200 },
  {
    operation: "PUT /cms/featured",
    as: "editor",
    body: (ids) => ({ program_ids: [ids.program] }),
    status: 200,
  },
  {
    operation: "POST /cms/featured",
    as: "editor",
    body: (ids) => ({ program_id: ids.otherProgram }),
    status: 201,
  },
  { operation: "DELETE /cms/featured/{program_id}", as: "editor", path: "/cms/featured/{otherProgram}", status: 204 },
  { operation: "GET /discovery/analytics", as: "editor", status: 200 },

  // The end of the made program: its pieces removed, archived, restored, deleted.
  {
    operation: "DELETE /cms/programs/{id}/posters/{language}/{variant}",
    as: "editor",
    path: "/cms/programs/{newProgram}/posters/en/landscape",
    status: 204,
  },
  {
    operation: "DELETE /cms/lessons/{id}/thumbnails/{language}/{variant}",
    as: "editor",
    path: "/cms/lessons/{newLesson}/thumbnails/en/landscape",
    status: 204,
  },
  { operation: "POST /cms/lessons/{id}/archive", as: "editor", path: "/cms/lessons/{newLesson}/archive", status: 200 },
  { operation: "DELETE /cms/lessons/{id}", as: "admin", path: "/cms/lessons/{newLesson}", status: 204 },
  { operation: "DELETE /cms/terms/{id}", as: "admin", path: "/cms/terms/{newTerm}", status: 204 },
  {
    operation: "POST /cms/programs/{id}/archive",
    as: "editor",
    path: "/cms/programs/{newProgram}/archive",
    status: 200,
  },
  {
    operation: "POST /cms/programs/{id}/restore",
    as: "editor",
    path: "/cms/programs/{newProgram}/restore",
    status: 200,
  },
  { operation: "DELETE /cms/programs/{id}", as: "admin", path: "/cms/programs/{newProgram}", status: 204 },

  // ---- live streams and their chat
  { operation: "GET /streams", status: 200 },
  { operation: "GET /streams/{id}", path: "/streams/{stream}", status: 200 },
  {
    operation: "GET /streams/{id}/messages",
    path: "/streams/{stream}/messages",
    status: 200,
    keep: keepFirst("message"),
  },
  { operation: "GET /streams/{id}/messages/{message_id}", path: "/streams/{stream}/messages/{message}", status: 200 },
  {
    operation: "POST /streams/{id}/messages",
    as: "editor",
    path: "/streams/{stream}/messages",
    body: () => ({ content: "Welcome, everyone!" }),
    status: 201,
    keep: (body, ids) => {
      ids.newMessage = String(body.id);
    },
  },
  {
    operation: "DELETE /streams/{id}/messages/{message_id}",
    as: "editor",
    path: "/streams/{stream}/messages/{newMessage}",
    status: 204,
  },
  { operation: "GET /streams/{id}/restrictions", as: "editor", path: "/streams/{stream}/restrictions", status: 200 },
  {
    operation: "PUT /streams/{id}/restrictions/{sender_key}",
    as: "editor",
    path: "/streams/{stream}/restrictions/guest:192.0.2.1",
    body: () => ({ kind: "muted" }),
    status: 200,
  },
  {
    operation: "DELETE /streams/{id}/restrictions/{sender_key}",
    as: "editor",
    path: "/streams/{stream}/restrictions/guest:192.0.2.1",
    status: 204,
  },
  {
    operation: "PUT /streams/{id}/slow-mode",
    as: "editor",
    path: "/streams/{stream}/slow-mode",
    body: () => ({ seconds: 0 }),
    status: 200,
  },
  { operation: "GET /streams/{id}/ws", path: "/streams/{stream}/ws?name=Guest", status: 101, socket: true },
  {
    operation: "POST /streams",
    as: "editor",
    body: () => ({ title: "Capacity stream", video_url: "https://www.youtube.com/embed/jNQXAC9IVRw" }),
    status: 201,
    keep: keepId("newStream"),
  },
  { operation: "POST /streams/{id}/end", as: "editor", path: "/streams/{newStream}/end", status: 200 },

  // ---- scoreboards
  { operation: "GET /games", status: 200 },
  { operation: "GET /games/{id}", path: "/games/{game}", status: 200 },
  // A board reads the registry once, the first time it is used; after that it answers from its own storage. The
  // socket's open comes first, so that the score is read from a board in use, as during a game.
  { operation: "GET /games/{id}/ws", path: "/games/{game}/ws", status: 101, socket: true },
  { operation: "GET /games/{id}/score", path: "/games/{game}/score", status: 200 },
  {
    operation: "POST /games",
    as: "editor",
    body: () => ({ home_team: "Capacity Comets", away_team: "Load Lions" }),
    status: 201,
    keep: keepId("newGame"),
  },
  {
    operation: "POST /games/{id}/score/update",
    as: "editor",
    path: "/games/{newGame}/score/update",
    body: () => ({ team: "B" }),
    status: 200,
    setup: true, // the new board's first use, which reads the registry
  },
  {
    operation: "POST /games/{id}/score/update",
    as: "editor",
    path: "/games/{newGame}/score/update",
    body: () => ({ team: "A" }),
    status: 200,
  },
  { operation: "POST /games/{id}/score/undo", as: "editor", path: "/games/{newGame}/score/undo", status: 200 },
  { operation: "POST /games/{id}/period", as: "editor", path: "/games/{newGame}/period", status: 200 },
  { operation: "POST /games/{id}/reset", as: "editor", path: "/games/{newGame}/reset", status: 200 },
  { operation: "POST /games/{id}/finish", as: "editor", path: "/games/{newGame}/finish", status: 200 },
  { operation: "GET /score", status: 200 },
  { operation: "POST /score", as: "editor", status: 200 },
  { operation: "POST /score/update", as: "editor", body: () => ({ team: "B" }), status: 200 },

  // ---- the calendar
  {
    operation: "GET /events",
    path: `/events?from=${new Date(Date.now() - 7 * 86_400_000).toISOString()}&to=${daysAhead(21)}`,
    shown: "/events?from=<a week ago>&to=<in three weeks>",
    status: 200,
    keep: keepFirst("event"),
  },
  { operation: "GET /events/{id}", path: "/events/{event}", status: 200 },
  { operation: "GET /events.ics", status: 200 },
  { operation: "GET /events/stream", status: 200 },
  {
    operation: "POST /events",
    as: "editor",
    body: () => ({ name: "Capacity review", start: daysAhead(3), end: daysAhead(3.05), location: "Room 1" }),
    status: 201,
    keep: keepId("newEvent"),
  },
  {
    operation: "PUT /events/{id}",
    as: "editor",
    path: "/events/{newEvent}",
    body: () => ({ name: "Capacity review (moved)", start: daysAhead(4), end: daysAhead(4.05), location: "Room 1" }),
    status: 200,
  },
  {
    operation: "PATCH /events/{id}",
    as: "editor",
    path: "/events/{newEvent}",
    body: () => ({ location: "Room 2" }),
    status: 200,
  },
  { operation: "DELETE /events/{id}", as: "editor", path: "/events/{newEvent}", status: 204 },

  // ---- the store: browsing, a customer's cart and checkout, staff
  { operation: "GET /products", path: "/products?category=diver&sort=price&limit=20", status: 200 },
  { operation: "GET /products/{id}", path: "/products/{product}", status: 200 },
  {
    operation: "POST /products",
    as: "admin",
    body: () => ({ name: `Capacity ${run}`, brand: "Bench", category: "sport", price_cents: 25_000 }),
    status: 201,
    keep: keepId("newProduct"),
  },
  {
    operation: "PATCH /products/{id}",
    as: "admin",
    path: "/products/{newProduct}",
    body: () => ({ price_cents: 24_000 }),
    status: 200,
  },
  {
    operation: "PATCH /products/{id}/inventory",
    as: "admin",
    path: "/products/{newProduct}/inventory",
    body: () => ({ delta: 5 }),
    status: 200,
  },
  {
    operation: "POST /customers",
    body: () => ({ email: `shopper-${run}@example.com`, password: "shopper-password", name: "Capacity Shopper" }),
    status: 201,
  },
  { operation: "GET /customers", as: "admin", status: 200 },
  { operation: "GET /customers/{id}", as: "customer", path: "/customers/{customer}", status: 200 },
  {
    operation: "PUT /customers/{id}",
    as: "customer",
    path: "/customers/{customer}",
    body: () => ({ name: "Carol Customer" }),
    status: 200,
  },
  { operation: "GET /cart", as: "customer", status: 200 },
  {
    operation: "POST /cart/items",
    as: "customer",
    body: (ids) => ({ product_id: ids.product, quantity: 1 }),
    status: 200,
  },
  {
    operation: "PATCH /cart/items/{product_id}",
    as: "customer",
    path: "/cart/items/{product}",
    body: () => ({ quantity: 2 }),
    status: 200,
  },
  { operation: "DELETE /cart/items/{product_id}", as: "customer", path: "/cart/items/{product}", status: 200 },
  {
    operation: "POST /cart/merge",
    as: "customer",
    body: (ids) => ({ items: [{ product_id: ids.product, quantity: 1 }] }),
    status: 200,
  },
  { operation: "POST /checkout", as: "customer", status: 202, keep: keepId("newOrder") },
  {
    operation: "POST /orders/{id}/cancel",
    as: "customer",
    path: "/orders/{newOrder}/cancel",
    body: () => ({ reason: "Ordered the wrong size" }),
    status: 200,
  },
  { operation: "GET /orders", as: "customer", status: 200 },
  { operation: "GET /orders/{id}", as: "customer", path: "/orders/{newOrder}", status: 200 },
  {
    operation: "POST /orders/{id}/refunds",
    as: "admin",
    path: "/orders/{completedOrder}/refunds",
    body: (ids) => ({
      reason: "Returned within 30 days",
      lines: [{ product_id: ids.product, quantity: 1 }],
      restock: true,
    }),
    status: 200,
  },
  { operation: "GET /store/dead-letters", as: "admin", status: 200 },
  { operation: "GET /store/low-stock-alerts", as: "admin", status: 200 },
  { operation: "GET /recommendations", as: "customer", status: 200 },
  { operation: "GET /recommendations/weights", as: "admin", status: 200 },
  {
    operation: "PUT /recommendations/weights",
    as: "admin",
    body: () => ({ content: 0.5, copurchase: 0.5 }),
    status: 200,
  },
  { operation: "DELETE /products/{id}", as: "admin", path: "/products/{newProduct}", status: 204 },
];

/** Operations the script does not send: each needs a state the demo data does not have, or has no request of its own. */
export const UNEXERCISED: Unexercised[] = [
  {
    operation: "POST /store/dead-letters/{id}/replay",
    why: "needs an order message that failed three times; the demo data has none (the queue completes every order)",
  },
  { operation: "GET /graphql", why: "serves GraphiQL (a page, when GRAPHIQL is set) or 405: no data is read" },
];
