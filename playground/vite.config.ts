import { defineConfig } from "vite";

/**
 * The playground is a static site: `npm run build:playground` writes it to `playground/dist`, with
 * Monaco and its editor worker bundled (no CDN, so it works offline).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  worker: { format: "es" },
});
