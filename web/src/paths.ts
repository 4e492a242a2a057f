/**
 * Every page of the web app, as route patterns, and the links to them. The Worker's API answers none of these
 * paths except `/` and `/unsubscribe`, where it serves the app to browsers (src/web/pages.ts); test/e2e/routing.test.ts
 * holds both sides to that.
 */
export const PAGE_PATTERNS = {
  home: "/",
  programs: "/programs",
  program: "/programs/:id",
  lesson: "/lessons/:id",
  calendar: "/calendar",
  calendarMonth: "/calendar/:month",
  scoreboards: "/scoreboards",
  scoreboard: "/scoreboards/:id",
  streams: "/live",
  live: "/live/:id",
  unsubscribe: "/unsubscribe",
  search: "/search",
  // The shop lives under /shop: the API has /products, /cart, /orders… of its own.
  shop: "/shop",
  shopProduct: "/shop/products/:id",
  shopCart: "/shop/cart",
  shopOrders: "/shop/orders",
  shopOrder: "/shop/orders/:id",
  shopForYou: "/shop/for-you",
  shopSignUp: "/shop/sign-up",
  // The staff console (web/src/console, web/src/pages/console): its overview, then one folder of pages per section.
  console: "/console",
  consolePrograms: "/console/programs",
  consoleProgram: "/console/programs/:id",
  consoleLessons: "/console/lessons",
  consoleLesson: "/console/lessons/:id",
  consoleTopics: "/console/topics",
  consoleFeatured: "/console/featured",
  consoleInsights: "/console/search-insights",
  consoleGames: "/console/games",
  consoleGame: "/console/games/:id",
  consoleStreams: "/console/streams",
  consoleStream: "/console/streams/:id",
  consoleTickets: "/console/tickets",
  consoleTicket: "/console/tickets/:id",
  consoleSubscribers: "/console/subscribers",
  consoleUsers: "/console/users",
  consoleApiKeys: "/console/api-keys",
  // The store's staff pages.
  consoleProducts: "/console/store/products",
  consoleAlerts: "/console/store/alerts",
  consoleOrders: "/console/store/orders",
  consoleOrder: "/console/store/orders/:id",
  consoleDeadLetters: "/console/store/dead-letters",
  consoleRecommendations: "/console/store/recommendations",
  consoleCustomers: "/console/store/customers",
} as const;

const withQuery = (path: string, query: Record<string, string | undefined>) => {
  const search = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  ).toString();
  return search ? `${path}?${search}` : path;
};

/** Links to pages, e.g. `href.program("program-telugu", { lang: "en" })`. */
export const href = {
  home: () => "/",
  programs: (filter: { language?: string; topic?: string } = {}) => withQuery("/programs", filter),
  program: (id: string, query: { lang?: string } = {}) => withQuery(`/programs/${encodeURIComponent(id)}`, query),
  lesson: (id: string, query: { lang?: string } = {}) => withQuery(`/lessons/${encodeURIComponent(id)}`, query),
  calendar: () => "/calendar",
  calendarMonth: (year: number, month: number) => `/calendar/${year}-${String(month).padStart(2, "0")}`,
  scoreboards: () => "/scoreboards",
  scoreboard: (id: string) => `/scoreboards/${encodeURIComponent(id)}`,
  streams: () => "/live",
  live: (id: string) => `/live/${encodeURIComponent(id)}`,
  unsubscribe: (token?: string) => withQuery("/unsubscribe", { token }),
  /** A search as the address keeps it: `href.search({ q: "telugu", type: "lesson" })`. */
  search: (query: Record<string, string | undefined> = {}) => withQuery("/search", query),
  shop: (filter: Record<string, string | undefined> = {}) => withQuery("/shop", filter),
  shopProduct: (id: string) => `/shop/products/${encodeURIComponent(id)}`,
  shopCart: () => "/shop/cart",
  shopOrders: () => "/shop/orders",
  shopOrder: (id: string) => `/shop/orders/${encodeURIComponent(id)}`,
  shopForYou: () => "/shop/for-you",
  /** `next`: where to go once the account exists and is signed in (a page path of this app). */
  shopSignUp: (next?: string) => withQuery("/shop/sign-up", { next }),
  // The staff console.
  console: () => "/console",
  consolePrograms: (filter: Record<string, string | undefined> = {}) => withQuery("/console/programs", filter),
  consoleProgram: (id: string) => `/console/programs/${encodeURIComponent(id)}`,
  consoleLessons: (filter: Record<string, string | undefined> = {}) => withQuery("/console/lessons", filter),
  consoleLesson: (id: string) => `/console/lessons/${encodeURIComponent(id)}`,
  consoleTopics: () => "/console/topics",
  consoleFeatured: () => "/console/featured",
  consoleInsights: () => "/console/search-insights",
  consoleGames: () => "/console/games",
  consoleGame: (id: string) => `/console/games/${encodeURIComponent(id)}`,
  consoleStreams: () => "/console/streams",
  consoleStream: (id: string) => `/console/streams/${encodeURIComponent(id)}`,
  consoleTickets: (filter: Record<string, string | undefined> = {}) => withQuery("/console/tickets", filter),
  consoleTicket: (id: string) => `/console/tickets/${encodeURIComponent(id)}`,
  consoleSubscribers: (filter: { q?: string } = {}) => withQuery("/console/subscribers", filter),
  consoleUsers: () => "/console/users",
  consoleApiKeys: () => "/console/api-keys",
  // The store's staff pages.
  consoleProducts: () => "/console/store/products",
  consoleAlerts: () => "/console/store/alerts",
  consoleOrders: (filter: { status?: string; customer_id?: string } = {}) => withQuery("/console/store/orders", filter),
  consoleOrder: (id: string) => `/console/store/orders/${encodeURIComponent(id)}`,
  consoleDeadLetters: () => "/console/store/dead-letters",
  consoleRecommendations: () => "/console/store/recommendations",
  consoleCustomers: () => "/console/store/customers",
};
