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
    // Every test file imports much of the model: evaluating it again for each file was 70 % of the
    // unit run on a loaded two-CPU machine (import 172 s of 356 s; 40 s of 127 s shared). Tests leave
    // no module state behind; stubbed globals are restored after each test.
    isolate: false,
    unstubGlobals: true,
    // A watchdog, not a speed check: the property tests take seconds on a loaded CI machine.
    testTimeout: 60_000,
  },
});
