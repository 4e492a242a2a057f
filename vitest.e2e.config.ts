import { defineConfig } from "vitest/config";

// Browser tests (test/e2e): in Node, driving headless Chromium against `wrangler dev` started by the global setup.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["./test/e2e/server.ts"],
    // One browser at a time on a small machine; the files share one server.
    fileParallelism: false,
    testTimeout: 60_000,
    // What a page shows after a click may take an API round trip or two on a busy machine.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
  },
});
