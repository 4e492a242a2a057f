import type { ComponentType } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { Layout } from "./components/Layout";
import { RouteError } from "./components/RouteError";
import { PAGE_PATTERNS } from "./paths";

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
      // The staff console: its frame checks who is signed in; each section's pages inside it.
      {
        path: PAGE_PATTERNS.console,
        ...page(() => import("./console/ConsoleLayout")),
        children: [
          { index: true, ...page(() => import("./pages/console/OverviewPage")) },
          { path: PAGE_PATTERNS.consolePrograms, ...page(() => import("./pages/console/catalog/ProgramsPage")) },
          { path: PAGE_PATTERNS.consoleProgram, ...page(() => import("./pages/console/catalog/ProgramPage")) },
          { path: PAGE_PATTERNS.consoleLessons, ...page(() => import("./pages/console/catalog/LessonsPage")) },
          { path: PAGE_PATTERNS.consoleLesson, ...page(() => import("./pages/console/catalog/LessonPage")) },
          { path: PAGE_PATTERNS.consoleTopics, ...page(() => import("./pages/console/catalog/TopicsPage")) },
          { path: PAGE_PATTERNS.consoleFeatured, ...page(() => import("./pages/console/discovery/FeaturedPage")) },
          { path: PAGE_PATTERNS.consoleInsights, ...page(() => import("./pages/console/discovery/InsightsPage")) },
          { path: PAGE_PATTERNS.consoleGames, ...page(() => import("./pages/console/live/GamesPage")) },
          { path: PAGE_PATTERNS.consoleGame, ...page(() => import("./pages/console/live/GamePage")) },
          { path: PAGE_PATTERNS.consoleStreams, ...page(() => import("./pages/console/live/StreamsPage")) },
          { path: PAGE_PATTERNS.consoleStream, ...page(() => import("./pages/console/live/StreamPage")) },
          { path: PAGE_PATTERNS.consoleTickets, ...page(() => import("./pages/console/desk/TicketsPage")) },
          { path: PAGE_PATTERNS.consoleTicket, ...page(() => import("./pages/console/desk/TicketPage")) },
          { path: PAGE_PATTERNS.consoleSubscribers, ...page(() => import("./pages/console/desk/SubscribersPage")) },
          { path: PAGE_PATTERNS.consoleUsers, ...page(() => import("./pages/console/admin/UsersPage")) },
          { path: PAGE_PATTERNS.consoleApiKeys, ...page(() => import("./pages/console/admin/ApiKeysPage")) },
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
