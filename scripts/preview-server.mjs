/**
 * Serves the production build (dist/) with `vite preview` for the benchmarks and the screenshot
 * script, and resolves once it answers (not after a guessed delay). `stop()` ends it.
 */
import { spawn } from "node:child_process";

export async function startPreview(port) {
  // BENCH_DIST serves another build (an A/B comparison builds the commit before into its own folder).
  const outDir = process.env.BENCH_DIST ?? "dist";
  const server = spawn(
    "./node_modules/.bin/vite",
    ["preview", "--port", String(port), "--strictPort", "--host", "127.0.0.1", "--outDir", outDir],
    {
      stdio: "ignore",
    },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (tries === 100 || server.exitCode !== null) {
      server.kill();
      throw new Error(`vite preview did not answer on ${url}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => server.kill() };
}
