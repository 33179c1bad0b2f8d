/** The per-CPU vector picture and the matrix totals, as the CPU panel and the heatmap show them. */

import { cpuNotHotpluggable } from "../kernel/arch/x86/smpboot";
import { bitmapPrintList, bitmapWeight } from "../kernel/bitmap";
import type { Machine } from "../kernel/machine";

export interface CpuRow {
  readonly cpu: number;
  readonly online: boolean;
  /** Why it can never be taken offline (CPU 0 on x86); absent for a hotpluggable CPU. */
  readonly fixed?: string;
  /** The debugfs columns: available, managed, managed_allocated, allocated. */
  readonly avl: number;
  readonly man: number;
  readonly mac: number;
  readonly act: number;
  readonly vectors: string;
  /** Previous vectors queued for cleanup on this CPU, and the jiffy its cleanup timer fires (-1: none). */
  readonly cleanupQueued: number;
  readonly timerExpires: number;
}

export interface MatrixSummary {
  readonly onlineMaps: number;
  readonly globalAvailable: number;
  readonly globalReserved: number;
  readonly totalAllocated: number;
  readonly systemCount: number;
  readonly systemVectors: string;
  readonly window: readonly [number, number];
}

export function cpuRows(machine: Machine): CpuRow[] {
  const { matrix, online, vector } = machine;
  const bits = matrix.matrixBits;
  return matrix.maps.map((cm, cpu) => {
    const fixed = cpuNotHotpluggable(cpu);
    return {
      cpu,
      online: online.has(cpu),
      ...(fixed === undefined ? {} : { fixed }),
      avl: cm.available,
      man: cm.managed,
      mac: cm.managedAllocated,
      act: cm.allocated,
      vectors: bitmapPrintList(cm.allocMap, bits),
      cleanupQueued: vector.cleanupList[cpu]?.length ?? 0,
      timerExpires: vector.cleanupTimer[cpu] ?? -1,
    };
  });
}

export function matrixSummary(machine: Machine): MatrixSummary {
  const { matrix } = machine;
  const bits = matrix.matrixBits;
  return {
    onlineMaps: matrix.onlineMaps,
    globalAvailable: matrix.globalAvailable,
    globalReserved: matrix.globalReserved,
    totalAllocated: matrix.totalAllocated,
    systemCount: bitmapWeight(matrix.systemMap, bits),
    systemVectors: bitmapPrintList(matrix.systemMap, bits),
    window: [matrix.allocStart, matrix.allocEnd],
  };
}
