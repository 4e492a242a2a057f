import { createRouter } from "../http/openapi";
import { registryRoutes } from "./registry-routes";
import { scoreRoutes } from "./score-routes";

/** Live basketball scoreboards: the registry of games, and each game's score (one Scoreboard object per game). */
export const gameRoutes = createRouter().route("/", registryRoutes).route("/", scoreRoutes);
