/**
 * The vector heatmap's data: one class and one owning irq per (CPU, vector), read from the matrix
 * bitmaps (matrix.c's system_map, alloc_map, managed_map) and the VECTOR domain's apic_chip_data.
 * Two flat typed arrays, so the worker can transfer them instead of copying.
 */
import { ISA_IRQ_VECTOR_BASE, NR_LEGACY_IRQS } from "../kernel/arch/x86/vector";
import { testBit } from "../kernel/bitmap";
import type { Platform } from "../kernel/platform";
import { NR_VECTORS_PER_CPU, VECTOR_CLASS, type VectorClass } from "./vector-classes";

export interface VectorMatrixView {
  readonly cpus: number;
  /** cpus × 256, row-major by CPU: a VECTOR_CLASS value per cell. */
  readonly classes: Uint8Array;
  /** cpus × 256: the irq the cell belongs to, -1 for none. */
  readonly irqs: Int32Array;
}

export function vectorMatrix(p: Platform): VectorMatrixView {
  const { matrix, vector } = p.machine;
  const cpus = matrix.nrCpus;
  const classes = new Uint8Array(cpus * NR_VECTORS_PER_CPU);
  const irqs = new Int32Array(cpus * NR_VECTORS_PER_CPU).fill(-1);
  // Owners from apic_chip_data: the current vector, and the previous one while a move is unfinished.
  const moving = new Uint8Array(cpus * NR_VECTORS_PER_CPU);
  const a = vector.apicd;
  for (const irq of a.irqs()) {
    const v = a.vector[irq] ?? 0;
    const cpu = a.cpu[irq] ?? 0;
    const prev = a.prevVector[irq] ?? 0;
    const prevCpu = a.prevCpu[irq] ?? 0;
    if (v !== 0 && cpu < cpus) irqs[cpu * NR_VECTORS_PER_CPU + v] = irq;
    if (prev !== 0 && prevCpu < cpus) {
      const at = prevCpu * NR_VECTORS_PER_CPU + prev;
      irqs[at] = irq;
      moving[at] = 1;
    }
  }
  for (let cpu = 0; cpu < cpus; cpu++) {
    const row = cpu * NR_VECTORS_PER_CPU;
    const end = row + NR_VECTORS_PER_CPU;
    classifyCpuRow(p, cpu, {
      classes: classes.subarray(row, end),
      irqs: irqs.subarray(row, end),
      moving: moving.subarray(row, end),
    });
  }
  return { cpus, classes, irqs };
}

/**
 * One CPU's 256 cells: `irqs` holds the apic_chip_data owners on entry (-1: none) and the owners
 * vector_irq adds on return; `moving` marks previous vectors of unfinished moves. An offline CPU is
 * one "offline" row, unless `offlineBits`: then its map's bits (which it keeps) are classified too.
 */
export function classifyCpuRow(
  p: Platform,
  cpu: number,
  cells: { readonly classes: Uint8Array; readonly irqs: Int32Array; readonly moving: Uint8Array },
  offlineBits = false,
): void {
  const { classes, irqs, moving } = cells;
  const { matrix, vector } = p.machine;
  const cm = matrix.maps[cpu];
  const table = vector.vectorIrq[cpu];
  if (!cm) return;
  if (!cm.online && !offlineBits) {
    classes.fill(VECTOR_CLASS.offline);
    return;
  }
  const { allocStart, allocEnd, systemMap } = matrix;
  for (let v = 0; v < NR_VECTORS_PER_CPU; v++) {
    const allocated = testBit(cm.allocMap, v);
    const managed = testBit(cm.managedMap, v);
    // vector_irq names what apicd does not: PIC-driven legacy irqs and preassigned ISA vectors.
    let irq = irqs[v] ?? -1;
    if (irq < 0 && allocated) {
      irq = table?.[v] ?? -1;
      irqs[v] = irq < 0 ? -1 : irq;
    }
    let cls: VectorClass;
    if (testBit(systemMap, v)) cls = VECTOR_CLASS.system;
    else if (moving[v] === 1) cls = VECTOR_CLASS.moving;
    else if (allocated && managed) cls = VECTOR_CLASS.managedAllocated;
    else if (allocated) {
      const isa = cpu === 0 && v >= ISA_IRQ_VECTOR_BASE && v < ISA_IRQ_VECTOR_BASE + NR_LEGACY_IRQS;
      cls = (irq >= 0 && irq < NR_LEGACY_IRQS) || (irq < 0 && isa) ? VECTOR_CLASS.legacy : VECTOR_CLASS.allocated;
    } else if (managed) cls = VECTOR_CLASS.managedReserved;
    else cls = v < allocStart || v >= allocEnd ? VECTOR_CLASS.outside : VECTOR_CLASS.free;
    classes[v] = cls;
  }
}
