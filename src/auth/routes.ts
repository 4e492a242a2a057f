import { createRouter } from "../http/openapi";
import { sessionRoutes } from "./session-routes";
import { userRoutes } from "./user-routes";

/** Accounts: signing in (`/auth/...`) and, for admins, managing users (`/users`). */
export const authRoutes = createRouter().route("/", sessionRoutes).route("/", userRoutes);
