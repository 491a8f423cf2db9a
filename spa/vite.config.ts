// Vite build for the share viewer: root spa/, output spa/dist, served from "/" by the Worker's static
// assets. `npm run dev:spa` proxies /api and /v1 to VIEWER_BACKEND (default: wrangler dev on 8787).
import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv } from "vite";

const root = decodeURIComponent(new URL(".", import.meta.url).pathname);

/**
 * A build is always the production bundle, even when started from a process with NODE_ENV=test
 * (the e2e harness under vitest), which would otherwise ship React's development build. Vite reads
 * NODE_ENV after loading this file, so setting it here is the documented way.
 */
function forceProductionEnv(): void {
  const env: unknown = Reflect.get(Reflect.get(globalThis, "process") ?? {}, "env");
  if (typeof env === "object" && env !== null) Reflect.set(env, "NODE_ENV", "production");
}

/** Every React entry point the viewer (and @tanstack/react-virtual) imports, on preact/compat. */
const PREACT_ALIASES = [
  { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
  { find: /^react-dom$/, replacement: "preact/compat" },
  { find: /^react\/jsx-runtime$/, replacement: "preact/jsx-runtime" },
  { find: /^react\/jsx-dev-runtime$/, replacement: "preact/jsx-dev-runtime" },
  { find: /^react$/, replacement: "preact/compat" },
];

export default defineConfig(({ command, mode }) => {
  if (command === "build") forceProductionEnv();
  const backend = loadEnv(mode, root, "VIEWER_").VIEWER_BACKEND ?? "http://127.0.0.1:8787";
  return {
    root,
    base: "/",
    plugins: [react()],
    // The viewer is written and type-checked against React, and runs on Preact's React layer: the
    // same components in a third of the bytes (react-dom alone would be half the first load).
    resolve: { alias: PREACT_ALIASES },
    build: {
      outDir: "dist",
      emptyOutDir: true,
      sourcemap: false,
      // React alone is ~190 kB minified; the number to watch is the gzipped size (README).
      chunkSizeWarningLimit: 520,
    },
    server: {
      host: "127.0.0.1",
      proxy: { "/api": backend, "/v1": backend },
    },
  };
});
