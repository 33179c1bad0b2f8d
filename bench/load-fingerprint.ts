/**
 * A digest of everything a loaded scenario shows (the view and details, every held event, every
 * step's write record, the vector matrix, every device store, the IRTE table, the debugfs files):
 * run it before and after a performance change, the digests must be the same.
 *   npx esbuild bench/load-fingerprint.ts --bundle --platform=node --format=esm --outfile=.tmp/fp.mjs
 *   node .tmp/fp.mjs [scenario.json | preset:ID]...   (no argument: every example and preset)
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { PRESETS } from "../src/scenario/presets";
import { debugfsListing, debugfsText } from "../src/sim/debugfs-files";
import { deviceStore, storeDevices } from "../src/sim/device-store";
import { irteRange } from "../src/sim/irte-table";
import { Simulator } from "../src/sim/simulator";
import { vectorMatrix } from "../src/sim/vector-matrix";
import { details, machineView } from "../src/sim/views";

const args = process.argv.slice(2);
const dir = "public/scenarios";
const targets = args.length
  ? args
  : [...readdirSync(dir).map((f) => `${dir}/${f}`), ...PRESETS.map((p) => `preset:${p.id}`)];

const digest = (v: unknown) =>
  createHash("sha256")
    .update(JSON.stringify(v, (_k, x) => (x instanceof Map ? [...x] : x instanceof Set ? [...x] : x)) ?? "undefined")
    .digest("hex")
    .slice(0, 12);

for (const what of targets) {
  const scenario: unknown = what.startsWith("preset:")
    ? PRESETS.find((p) => p.id === what.slice("preset:".length))?.scenario
    : JSON.parse(readFileSync(what, "utf8"));
  const r = Simulator.boot(scenario);
  if (!r.ok) {
    console.log(`${what}: refused ${digest(r.error)}`);
    continue;
  }
  const sim = r.sim;
  const p = sim.platform;
  const firstIrq = sim.records.find((rec) => rec.irq !== undefined)?.irq;
  const want = firstIrq === undefined ? {} : { irq: firstIrq };
  const parts: Record<string, unknown> = {
    view: machineView(sim, want, "main"),
    details: details(sim, want, "main"),
    events: sim.heldEvents(),
    writes: sim.records.map((_r, n) => sim.stepWrites(n)),
    records: sim.records,
    matrix: vectorMatrix(p),
    stores: storeDevices(p).map((d) => deviceStore(p, d)),
    irtes: irteRange(p, 0, 65536, true),
    debugfs: debugfsListing(p),
  };
  // Every domain file and the IR table, and the irq files of up to 300 irqs spread over the machine.
  const files = debugfsListing(p);
  const step = Math.max(1, Math.floor(files.irqs.length / 300));
  const irqPaths = [...files.irqs].filter((_irq, i) => i % step === 0).map((irq) => `irq/irqs/${irq}`);
  const paths = [...irqPaths, ...files.domains.map((d) => `irq/domains/${d}`), ...files.others];
  parts.debugfsFiles = paths.map((path) => debugfsText(p, path));
  const line = Object.entries(parts)
    .map(([k, v]) => `${k}=${digest(v)}`)
    .join(" ");
  console.log(`${what}: ${line}`);
}
