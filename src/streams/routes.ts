import { createRouter } from "../http/openapi";
import { chatRoutes } from "./chat-routes";
import { registryRoutes } from "./registry-routes";

/** Live streams: the registry of streams, and each stream's chat (one ChatRoom object per stream). */
export const streamRoutes = createRouter().route("/", registryRoutes).route("/", chatRoutes);
