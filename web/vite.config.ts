// Builds the web app into web/dist, the static assets wrangler.toml's [assets] serves. Besides the app's bundle it
// writes `_headers` (the pages' Content-Security-Policy, from src/web/headers.ts) and copies Swagger UI from the
// pinned swagger-ui-dist package, so /docs loads nothing from elsewhere.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { assetHeadersFile } from "../src/web/headers.ts";

const root = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function platformAssets(): Plugin {
  return {
    name: "platform-assets",
    apply: "build",
    writeBundle(options) {
      const outDir = options.dir ?? join(root, "dist");
      writeFileSync(join(outDir, "_headers"), assetHeadersFile());
      // The manifest is for scripts/web-sizes.ts, not for browsers.
      writeFileSync(join(outDir, ".assetsignore"), ".vite\n");
      const swaggerUi = dirname(require.resolve("swagger-ui-dist/package.json"));
      const vendor = join(outDir, "vendor/swagger-ui");
      mkdirSync(vendor, { recursive: true });
      for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"])
        copyFileSync(join(swaggerUi, file), join(vendor, file));
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), platformAssets()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    rolldownOptions: {
      output: {
        // Libraries apart from the app's own code, so an app change leaves them cached in browsers.
        codeSplitting: {
          groups: [
            { name: "react", test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "libraries", test: /[\\/]node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
