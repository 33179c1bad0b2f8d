/**
 * The canvas's cost of a world (src/ui/canvas/world-*.ts), outside the browser: a guest beside a
 * 256-CPU host (both the 256-CPU box preset's tree, about 1,550 irqs) with 2,000 `backs` links. Per
 * view and fold: the picture (frames, link index, bundles), link sides, label slots; per selection:
 * what it lights and the React Flow elements of the world. `npx tsx bench/world-canvas.ts`.
 */
import { PRESETS } from "../src/scenario/presets";
import { Simulator } from "../src/sim/simulator";
import { machineView } from "../src/sim/views";
import type { MachineLink, WorldExtras } from "../src/sim/world";
import { canvasPicture } from "../src/ui/canvas/picture";
import { labelSlots, linkSides, placedPicture, worldFlow } from "../src/ui/canvas/world-flow";
import { worldLight, worldPicture } from "../src/ui/canvas/world-picture";

const LINKS = 2000;
const ROUNDS = 200;

function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

function time(samples: number[], f: () => unknown): void {
  const t = performance.now();
  f();
  samples.push(performance.now() - t);
}

const preset = PRESETS.find((p) => p.id === "box-256") ?? PRESETS.find((p) => p.label.startsWith("256-CPU"));
const r = Simulator.boot(preset?.scenario);
if (!r.ok) throw new Error(r.error);
const guest = machineView(r.sim, {}, "guest0");
const host = machineView(r.sim, {}, "host");
const devices = host.tree.nodes.filter((n) => n.kind === "device").map((n) => n.label);
const links: MachineLink[] = Array.from({ length: LINKS }, (_, i) => {
  const device = devices[i % devices.length] ?? "nvme0";
  return {
    id: `backs:guest0/${device}/msix/${i}`,
    kind: "backs",
    from: { machine: "host", node: `host/device:${device}`, irq: 100 + i },
    to: { machine: "guest0", node: `guest0/device:${device}`, irq: 3000 + i, device, store: "msix", index: i },
    label: `host irq ${100 + i} → eventfd → KVM route → guest irq ${3000 + i}`,
    via: [{ what: "KVM gsi", value: String(24 + i) }],
    ...(i % 97 === 0 ? { broken: "unbacked: the host ran out of vectors" } : {}),
  };
});
const world: WorldExtras = {
  machines: [{ role: "host", kind: "host", label: "host", tree: host.tree, irqs: [], cpus: [], ir: undefined }],
  links,
};

const picture = canvasPicture(guest.tree);
const perView: number[] = [];
const perSelect: number[] = [];
let wp = worldPicture(guest.tree, "guest0", world, "guest");
for (let i = 0; i < ROUNDS; i++) {
  time(perView, () => {
    wp = worldPicture(guest.tree, "guest0", world, "guest");
    labelSlots(wp, linkSides(wp));
  });
  const sides = linkSides(wp);
  const slots = labelSlots(wp, sides);
  time(perSelect, () => {
    const light = worldLight(wp, { kind: "irq", irq: 3000 + ((i * 37) % LINKS) });
    placedPicture(picture, wp, light);
    worldFlow({ wp, light, slots, selectedLink: undefined, onSelectLink: () => {} });
  });
}
const fmt = (s: number[]) =>
  `median ${percentile(s, 50).toFixed(2)} ms, p95 ${percentile(s, 95).toFixed(2)} ms, max ${Math.max(...s).toFixed(2)} ms`;
console.log(
  `${guest.tree.nodes.length} + ${host.tree.nodes.length} nodes, ${LINKS} links in ${wp.bundles.length} bundles, ${ROUNDS} rounds`,
);
console.log(`  per view (picture, link index, bundles, sides, label slots): ${fmt(perView)}`);
console.log(`  per selection (what it lights, the placed picture, the world's React Flow elements): ${fmt(perSelect)}`);
