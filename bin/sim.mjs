#!/usr/bin/env -S NODE_EXTRA_CA_CERTS= node
/**
 * `sim`: the headless runner, started from its esbuild bundle (no TypeScript compiled at start).
 * The bundle is rebuilt first when a file it was built from changed since (scripts/cli-bundle.mjs).
 * Run as `./bin/sim.mjs` (or `npx sim`), the line above clears NODE_EXTRA_CA_CERTS: Node 20 reads and
 * parses that certificate file at every start (0.03–0.05 s for a system bundle), and `sim` opens
 * no TLS connection.
 */
import { pathToFileURL } from "node:url";
import { BUNDLE, buildCli, isStale } from "../scripts/cli-bundle.mjs";

if (isStale()) {
  try {
    await buildCli();
  } catch (e) {
    // esbuild has printed the errors; a stack trace would only bury them.
    process.stderr.write(`sim: could not rebuild ${BUNDLE}: ${e instanceof Error ? e.message.split("\n")[0] : e}\n`);
    process.exit(1);
  }
}
await import(pathToFileURL(BUNDLE).href);
