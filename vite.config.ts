import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Relative base: the built site works from any sub-path of a static host.
  base: "./",
  plugins: [
    react(),
    // Offline and installable (docs/ARCHITECTURE.md, "Offline"): a Workbox service worker precaching the
    // whole build; a new version waits until the user reloads from the banner (registerType "prompt").
    VitePWA({
      registerType: "prompt",
      // Registered from the app's own bundle (src/ui/offline/): no inline script under the CSP.
      injectRegister: false,
      manifest: {
        name: "irqscope: the Linux x86 irqdomain hierarchy",
        short_name: "irqscope",
        description: "An interactive model of the Linux irqdomain hierarchy on x86",
        start_url: "./",
        scope: "./",
        display: "standalone",
        theme_color: "#1d4ed8",
        background_color: "#f7f8fa",
        icons: [
          { src: "icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
          { src: "icons/icon.svg", sizes: "any", type: "image/svg+xml" },
        ],
      },
      workbox: {
        // The app, its worker and lazy chunks, the scenarios and lessons: everything but source maps.
        // (The plugin adds the manifest itself.)
        globPatterns: ["**/*.{js,css,html,svg,png,json,md}"],
        // The main chunk is over Workbox's 2 MiB default.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        // The first visit is served offline at the next reload without waiting for another one.
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        // `?debug` and other parameters never name another file.
        ignoreURLParametersMatching: [/.*/],
      },
    }),
  ],
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: true },
  test: {
    include: ["src/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
    // Every test file imports much of the model: evaluating it again for each file was 70 % of the
    // unit run on a loaded two-CPU machine (import 172 s of 356 s; 40 s of 127 s shared). Tests leave
    // no module state behind; stubbed globals are restored after each test.
    isolate: false,
    unstubGlobals: true,
    // A watchdog, not a speed check: the property tests take seconds on a loaded CI machine.
    testTimeout: 60_000,
  },
});
