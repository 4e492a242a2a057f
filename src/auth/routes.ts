import { createRouter } from "../http/openapi";
import { apiKeyRoutes } from "./api-key-routes";
import { sessionRoutes } from "./session-routes";
import { userRoutes } from "./user-routes";

/** Accounts: signing in (`/auth/...`) and, for admins, managing users (`/users`) and API keys (`/auth/api-keys`). */
export const authRoutes = createRouter().route("/", sessionRoutes).route("/", userRoutes).route("/", apiKeyRoutes);
