import { Link, useRouteError } from "react-router";

/** Shown in place of a page that failed to load (its chunk could not be fetched, or it threw). */
export function RouteError() {
  const error = useRouteError();
  console.error(error);
  return (
    <main id="main" className="container page">
      <title>Something went wrong · Edge platform</title>
      <h1>Something went wrong</h1>
      <p>This page could not be shown. Reloading often helps; if it does not, try again in a little while.</p>
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload
        </button>{" "}
        <Link to="/">Go to the home page</Link>
      </p>
    </main>
  );
}
