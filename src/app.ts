import { methodNotAllowed } from "hono/method-not-allowed";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { acceptApiKeys } from "./auth/api-key-access";
import { registerApiKeyScheme } from "./auth/api-key-docs";
import { registerBearerScheme } from "./auth/guards";
import { authRoutes } from "./auth/routes";
import { calendarRoutes } from "./calendar/routes";
import { catalogRoutes } from "./catalog/routes";
import { discoveryRoutes } from "./discovery/routes";
import { gameRoutes } from "./games/routes";
import { graphqlRoutes } from "./graphql/routes";
import { refuseMalformedBookmarks } from "./http/d1-bookmark";
import { handleError, handleMethodNotAllowed, handleNotFound } from "./http/errors";
import { corsFromConfig, observeRequests } from "./http/middleware";
import { createRouter } from "./http/openapi";
import { mediaRoutes } from "./media/routes";
import { limitBodySize } from "./media/upload";
import { docsPage } from "./platform/docs";
import { platformRoutes } from "./platform/routes";
import { storeRoutes } from "./store/routes";
import { streamRoutes } from "./streams/routes";
import { subscriptionRoutes } from "./subscriptions/routes";
import { ticketRoutes } from "./tickets/routes";
import { serveWebAppToBrowsers } from "./web/pages";

/** What `/openapi.json` says about the API besides its routes; also read by scripts/openapi-types.ts. */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "Edge platform API",
    version: "1.0.0",
    description:
      "Every error is application/problem+json (RFC 9457) with a stable `code`. Answers carry `X-D1-Bookmark`: send " +
      "the last one back on every request to read your own writes wherever a database replica answers.",
  },
  tags: [
    { name: "Platform" },
    { name: "Auth" },
    { name: "Users", description: "Admin only" },
    {
      name: "API keys",
      description:
        "Admin only: keys for machine clients, sent as X-API-Key on /cms, /discovery and /graphql within their scopes",
    },
    { name: "Tickets", description: "The support desk" },
    { name: "Subscriptions", description: "The mailing list" },
    { name: "CMS", description: "Programs, terms, lessons and topics: viewers read, editors write, admins delete" },
    { name: "Assets", description: "Posters and thumbnails, by URL or uploaded to R2" },
    { name: "Catalog", description: "Published content, public and cacheable" },
    {
      name: "Discovery",
      description: "Search and featured programs over the published catalog: public, cacheable, 100 requests a minute",
    },
    {
      name: "GraphQL",
      description: "The CMS in GraphQL: the same rules, roles and error codes as its REST API",
    },
    { name: "Media", description: "Images and audio: editors upload them, anyone fetches them (with Range)" },
    { name: "Streams", description: "Live streams and their chat rooms (WebSocket and HTTP)" },
    { name: "Games", description: "Live basketball scoreboards: anyone reads and watches, editors keep score" },
    { name: "Calendar", description: "Events and their live change feed (Server-Sent Events)" },
    { name: "Products", description: "The watch store's shelf: public reads, cacheable; staff edit and restock" },
    { name: "Customers", description: "Store accounts, their profiles and VIP tiers" },
    { name: "Cart", description: "The signed-in customer's cart" },
    { name: "Orders", description: "Checkout, orders and their life after it: completion, cancellation, refunds" },
    { name: "Recommendations", description: '"For You": what a customer may like next' },
  ],
};

/** The HTTP API: shared middleware in the order each request meets it, then every module's routes. */
export function createApp() {
  const app = createRouter();

  app.use(requestId({ limitLength: 200 }));
  app.use(observeRequests);
  // A route may set its own (media are embeddable: Cross-Origin-Resource-Policy cross-origin); the rest get defaults.
  app.use(secureHeaders({ overwrite: false }));
  app.use(corsFromConfig);
  app.use(refuseMalformedBookmarks);
  // Before the API's 405s: a browser's GET of a page path that is also an API path (`/unsubscribe`) gets the page.
  app.use(serveWebAppToBrowsers);
  app.use(methodNotAllowed({ app, onMethodNotAllowed: handleMethodNotAllowed }));
  app.use(limitBodySize);
  // Before any route: a key is checked (and its account set) once, for the routes its scopes cover; refused elsewhere.
  app.use(acceptApiKeys);

  app.route("/", platformRoutes);
  app.route("/", authRoutes);
  app.route("/", ticketRoutes);
  app.route("/", subscriptionRoutes);
  app.route("/", catalogRoutes);
  app.route("/", discoveryRoutes);
  app.route("/", graphqlRoutes);
  app.route("/", mediaRoutes);
  app.route("/", streamRoutes);
  app.route("/", gameRoutes);
  app.route("/", calendarRoutes);
  app.route("/", storeRoutes);

  registerBearerScheme(app.openAPIRegistry);
  registerApiKeyScheme(app.openAPIRegistry);
  app.doc31("/openapi.json", OPENAPI_DOCUMENT);
  app.get("/docs", docsPage);

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}

export const app = createApp();
