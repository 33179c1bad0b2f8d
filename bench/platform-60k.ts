/**
 * 256 CPUs with VT-d, 30 MSI-X functions of 2,000 vectors each (60,000): allocate all (IRTE each,
 * reservation mode), then start them with request_irq() until the vector space is full. Run in a
 * fresh process so that the peak memory is this machine's alone: `tsx bench/platform-60k.ts`.
 */
import { requestIrq } from "../src/kernel/irq/manage";
import { bootPlatform, type DeviceConfig } from "../src/kernel/platform";
import { applyPlatformStep } from "../src/sim/platform-ops";

const DEVICES = 30;
const PER_DEVICE = 2000;

export interface Platform60kResult {
  readonly bootMs: number;
  readonly allocMs: number;
  readonly startMs: number;
  readonly allocated: number;
  readonly started: number;
  readonly refused: number;
  readonly peakRssMb: number;
}

export function runPlatform60k(): Platform60kResult {
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const devices: DeviceConfig[] = Array.from({ length: DEVICES }, (_, i) => ({
    model: "pci-msix",
    name: `hba${i}`,
    bdf: `0000:${(0x10 + i).toString(16).padStart(2, "0")}:00.0`,
    table_size: 2048,
  }));
  const t0 = performance.now();
  const p = bootPlatform({
    cpus: 256,
    kernel: "6.12",
    legacyPic: true,
    ir: true,
    x2apic: true,
    scheme: "new",
    devices,
  });
  const t1 = performance.now();
  const irqs: number[] = [];
  for (const d of devices) {
    const r = applyPlatformStep(
      p,
      { op: "alloc", device: d.name, types: ["msix"], min: PER_DEVICE, max: PER_DEVICE, affinity: "none" },
      () => {},
    );
    if (!r.ok) throw new Error(`${d.name}: ${r.reason}`);
    irqs.push(...(r.irqs ?? []));
    sample();
  }
  const t2 = performance.now();
  let started = 0;
  let refused = 0;
  for (const irq of irqs) {
    const err = requestIrq(p.machine.core, irq, `q${irq}`, false);
    if (err) refused++;
    else started++;
    if ((started + refused) % 5000 === 0) sample();
  }
  const t3 = performance.now();
  sample();
  return {
    bootMs: t1 - t0,
    allocMs: t2 - t1,
    startMs: t3 - t2,
    allocated: irqs.length,
    started,
    refused,
    peakRssMb: peak / 2 ** 20,
  };
}

if (/platform-60k\.(ts|mjs)$/.test(process.argv[1] ?? "")) console.log(JSON.stringify(runPlatform60k()));
