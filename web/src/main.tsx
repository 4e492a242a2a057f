import "./styles/global.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { ApiError } from "./api/problem";
import { session } from "./auth/session";
import { router } from "./routes";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The public catalog is cached for a minute at the edge too; reading it again sooner would change nothing.
      staleTime: 60_000,
      // A 4xx will not change by asking again; a network hiccup or a 5xx may.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

// What one account read (its cart, its orders) is not another's: signing in or out forgets it.
let signedIn = session.current()?.token;
session.subscribe(() => {
  const token = session.current()?.token;
  if (token !== signedIn) queryClient.removeQueries({ queryKey: ["account"] });
  signedIn = token;
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
