/**
 * What the inspector shows for one CPU: online state, APIC id, its irq_matrix counters as debugfs
 * `domains/VECTOR` prints them, what unplugging it would have to move, its pending cleanups, and
 * every vector on it with the irq and device entry behind it. Plain data, posted from the worker.
 */

import { cpuNotHotpluggable } from "../kernel/arch/x86/smpboot";
import { VECTOR_RETRIGGERED, VECTOR_SHUTDOWN } from "../kernel/arch/x86/vector-domain";
import { bitmapPrintList, bitmapWeight, testBit } from "../kernel/bitmap";
import type { Platform } from "../kernel/platform";
import { allIrqSources } from "./irq-source";
import { NR_VECTORS_PER_CPU, VECTOR_CLASS, type VectorClass } from "./vector-classes";
import { classifyCpuRow } from "./vector-matrix";

export interface CpuVectorRow {
  readonly vector: number;
  readonly cls: VectorClass;
  /** The irq behind the vector, -1 for none (a managed reservation, a preassigned ISA vector). */
  readonly irq: number;
  /** "nic0 msix 0", "serial0 ioapic 4"; "" when no device store is behind the irq. */
  readonly entry: string;
  readonly handlers: string;
  readonly managed: boolean;
  /** The previous vector of an irq whose move is not finished (awaiting cleanup). */
  readonly moving: boolean;
  /** Where a moving irq is going, or the previous vector of an irq moving here: "now CPU 5 vector 0x22". */
  readonly move: string;
  /** What vector_irq holds when it is not the irq: a shutdown or retrigger marker. */
  readonly marker: string;
}

export interface CpuDetail {
  readonly cpu: number;
  readonly online: boolean;
  /** Why it can never be taken offline (CPU 0 on x86); absent for a hotpluggable CPU. */
  readonly fixed?: string;
  /** The model's APIC ids are the CPU numbers (as on QEMU). */
  readonly apicId: number;
  readonly x2apic: boolean;
  /** cm->available, cm->allocated, cm->managed, cm->managed_allocated. */
  readonly available: number;
  readonly allocated: number;
  readonly managed: number;
  readonly managedAllocated: number;
  /** The header and this CPU's row of debugfs domains/VECTOR; the row is "" while offline (not printed). */
  readonly debugfsHeader: string;
  readonly debugfsRow: string;
  /** The allocated bits, as debugfs lists them ("33-34,48"). */
  readonly vectorList: string;
  readonly systemCount: number;
  readonly systemVectors: string;
  /** lapic_can_unplug_cpu(): what would have to move (irq_matrix_allocated()) and the room elsewhere. */
  readonly unplug: { readonly toMove: number; readonly available: number };
  /** Irqs whose previous vector waits for cleanup on this CPU, and the jiffy its timer fires (-1: none). */
  readonly cleanupIrqs: readonly number[];
  readonly timerExpires: number;
  readonly jiffies: number;
  readonly rows: readonly CpuVectorRow[];
}

const hex2 = (v: number) => `0x${v.toString(16).padStart(2, "0")}`;

/** The cells worth a row: anything allocated, reserved or owned; free, outside and system cells are summarised. */
const LISTED: ReadonlySet<VectorClass> = new Set([
  VECTOR_CLASS.legacy,
  VECTOR_CLASS.allocated,
  VECTOR_CLASS.managedReserved,
  VECTOR_CLASS.managedAllocated,
  VECTOR_CLASS.moving,
]);

export function cpuDetail(p: Platform, cpu: number): CpuDetail | undefined {
  const { matrix, vector, online, descs, clock } = p.machine;
  const cm = matrix.maps[cpu];
  if (!Number.isInteger(cpu) || !cm) return undefined;
  const classes = new Uint8Array(NR_VECTORS_PER_CPU);
  const irqs = new Int32Array(NR_VECTORS_PER_CPU).fill(-1);
  const moving = new Uint8Array(NR_VECTORS_PER_CPU);
  const move = new Map<number, string>();
  const a = vector.apicd;
  for (const irq of a.irqs()) {
    const v = a.vector[irq] ?? 0;
    const prev = a.prevVector[irq] ?? 0;
    if (v !== 0 && a.cpu[irq] === cpu) {
      irqs[v] = irq;
      if (prev !== 0) move.set(v, `from CPU ${a.prevCpu[irq]} vector ${hex2(prev)}`);
    }
    if (prev !== 0 && a.prevCpu[irq] === cpu) {
      irqs[prev] = irq;
      moving[prev] = 1;
      move.set(prev, `now CPU ${a.cpu[irq]} vector ${hex2(v)}`);
    }
  }
  const isOnline = online.has(cpu);
  const fixed = cpuNotHotpluggable(cpu);
  // An offline CPU's map keeps its bits: the rows say what it still holds.
  classifyCpuRow(p, cpu, { classes, irqs, moving }, true);
  const sources = allIrqSources(p, new Set(irqs.filter((irq) => irq >= 0)));
  const table = vector.vectorIrq[cpu];
  const rows: CpuVectorRow[] = [];
  for (let v = 0; v < NR_VECTORS_PER_CPU; v++) {
    const cls = classes[v] as VectorClass;
    const irq = irqs[v] ?? -1;
    const slot = table?.[v] ?? -1;
    const marker = slot === VECTOR_SHUTDOWN ? "shutdown" : slot === VECTOR_RETRIGGERED ? "retriggered" : "";
    if (!LISTED.has(cls) && irq < 0 && !marker) continue;
    const src = irq >= 0 ? sources.get(irq) : undefined;
    const desc = irq >= 0 ? descs.desc(irq) : undefined;
    rows.push({
      vector: v,
      cls,
      irq,
      entry: src ? `${src.device} ${src.store} ${src.slot}` : "",
      handlers: desc?.actions.map((x) => x.name).join(", ") ?? "",
      managed: testBit(cm.managedMap, v),
      moving: moving[v] === 1,
      move: move.get(v) ?? "",
      marker,
    });
  }
  const bits = matrix.matrixBits;
  return {
    cpu,
    online: isOnline,
    ...(fixed === undefined ? {} : { fixed }),
    apicId: cpu,
    x2apic: p.iommu?.config.x2apic ?? false,
    available: cm.available,
    allocated: cm.allocated,
    managed: cm.managed,
    managedAllocated: cm.managedAllocated,
    debugfsHeader: " | CPU | avl | man | mac | act | vectors",
    debugfsRow: isOnline ? matrix.debugShowCpu(cpu, 1) : "",
    vectorList: bitmapPrintList(cm.allocMap, bits),
    systemCount: bitmapWeight(matrix.systemMap, bits),
    systemVectors: bitmapPrintList(matrix.systemMap, bits),
    unplug: { toMove: matrix.allocated(cpu), available: matrix.available(true, cpu) },
    cleanupIrqs: [...(vector.cleanupList[cpu] ?? [])],
    timerExpires: vector.cleanupTimer[cpu] ?? -1,
    jiffies: clock.jiffies,
    rows,
  };
}
