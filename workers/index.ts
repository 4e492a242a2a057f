import { app } from "../src/app";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
