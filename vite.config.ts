import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Relative base: the built site works from any sub-path of a static host.
  base: "./",
  plugins: [react()],
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: true },
  test: {
    include: ["src/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
    // A watchdog, not a speed check: the property tests take seconds on a loaded CI machine.
    testTimeout: 60_000,
  },
});
