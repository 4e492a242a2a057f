/**
 * Paths where a page of the web app and an API route meet. The static assets answer every other page path themselves
 * (`not_found_handling = "single-page-application"`); these are in `run_worker_first`, so the Worker decides: a
 * browser asking for a page gets the app, an API client gets the API as before (see pages.ts).
 */
export const PAGES_ON_API_PATHS: ReadonlySet<string> = new Set(["/", "/unsubscribe"]);
