import { createRouter } from "../../http/openapi";
import { revisionsRoutes } from "../revisions/routes";
import { lessonRoutes } from "./lesson-routes";
import { programRoutes } from "./program-routes";
import { termRoutes } from "./term-routes";
import { topicRoutes } from "./topic-routes";

/** The CMS: programs, topics, terms and lessons. Viewers read, editors write, admins delete. */
export const cmsRoutes = createRouter()
  .route("/", programRoutes)
  .route("/", topicRoutes)
  .route("/", termRoutes)
  .route("/", lessonRoutes)
  .route("/", revisionsRoutes);
