import type { ComponentType } from "react";
import { createBrowserRouter, type RouteObject, redirect } from "react-router";
import { Layout } from "./components/Layout";
import { RouteError } from "./components/RouteError";
import { href, PAGE_PATTERNS } from "./paths";

/** Each page is its own chunk, loaded when first visited: a visitor downloads the shell and the page at hand. */
const page = (load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, "lazy"> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const router = createBrowserRouter([
  {
    Component: Layout,
    ErrorBoundary: RouteError,
    children: [
      { path: PAGE_PATTERNS.home, ...page(() => import("./pages/HomePage")) },
      { path: PAGE_PATTERNS.programs, ...page(() => import("./pages/ProgramsPage")) },
      { path: PAGE_PATTERNS.program, ...page(() => import("./pages/ProgramPage")) },
      { path: PAGE_PATTERNS.lesson, ...page(() => import("./pages/LessonPage")) },
      { path: PAGE_PATTERNS.calendar, ...page(() => import("./pages/CalendarPage")) },
      { path: PAGE_PATTERNS.calendarMonth, ...page(() => import("./pages/CalendarPage")) },
      { path: PAGE_PATTERNS.scoreboards, ...page(() => import("./pages/ScoreboardsPage")) },
      { path: PAGE_PATTERNS.scoreboard, ...page(() => import("./pages/ScoreboardPage")) },
      { path: PAGE_PATTERNS.streams, ...page(() => import("./pages/StreamsPage")) },
      { path: PAGE_PATTERNS.live, ...page(() => import("./pages/LivePage")) },
      { path: PAGE_PATTERNS.search, ...page(() => import("./pages/SearchPage")) },
      { path: PAGE_PATTERNS.unsubscribe, ...page(() => import("./pages/UnsubscribePage")) },
      { path: PAGE_PATTERNS.shop, ...page(() => import("./pages/ShopPage")) },
      { path: PAGE_PATTERNS.shopProduct, ...page(() => import("./pages/ProductPage")) },
      { path: PAGE_PATTERNS.shopCart, ...page(() => import("./pages/CartPage")) },
      { path: PAGE_PATTERNS.shopOrders, ...page(() => import("./pages/OrdersPage")) },
      { path: PAGE_PATTERNS.shopOrder, ...page(() => import("./pages/OrderPage")) },
      { path: PAGE_PATTERNS.shopForYou, ...page(() => import("./pages/ForYouPage")) },
      { path: PAGE_PATTERNS.shopSignUp, ...page(() => import("./pages/SignUpPage")) },
      // The staff console: its frame checks who is signed in; the store's pages inside it.
      {
        path: PAGE_PATTERNS.console,
        ...page(() => import("./console/ConsoleLayout")),
        children: [
          // Until the console has an overview of its own, it opens on the store's products.
          { index: true, loader: () => redirect(href.consoleProducts()) },
          { path: PAGE_PATTERNS.consoleProducts, ...page(() => import("./pages/console/ProductsPage")) },
          { path: PAGE_PATTERNS.consoleAlerts, ...page(() => import("./pages/console/AlertsPage")) },
          { path: PAGE_PATTERNS.consoleOrders, ...page(() => import("./pages/console/OrdersPage")) },
          { path: PAGE_PATTERNS.consoleOrder, ...page(() => import("./pages/console/OrderPage")) },
          { path: PAGE_PATTERNS.consoleDeadLetters, ...page(() => import("./pages/console/DeadLettersPage")) },
          { path: PAGE_PATTERNS.consoleRecommendations, ...page(() => import("./pages/console/RecommendationsPage")) },
          { path: PAGE_PATTERNS.consoleCustomers, ...page(() => import("./pages/console/CustomersPage")) },
        ],
      },
      { path: "*", ...page(() => import("./pages/NotFoundPage")) },
    ],
  },
]);
