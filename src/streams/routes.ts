import { createRouter } from "../http/openapi";
import { chatRoutes } from "./chat-routes";
import { moderationRoutes } from "./moderation-routes";
import { registryRoutes } from "./registry-routes";

/** Live streams: the registry of streams, and each stream's chat (one ChatRoom object per stream) and its moderation. */
export const streamRoutes = createRouter()
  .route("/", registryRoutes)
  .route("/", chatRoutes)
  .route("/", moderationRoutes);
