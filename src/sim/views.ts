/** Small, serialisable views of the simulator: what the worker sends the UI. Never the whole model. */
import { bitmapPrintList, bitmapWeight } from "../kernel/bitmap";
import type { MachineConfig } from "../kernel/machine";
import type { SimEvent, StepResult } from "./commands";
import type { Simulator } from "./simulator";

export interface CpuRow {
  readonly cpu: number;
  readonly online: boolean;
  /** The debugfs columns: available, managed, managed_allocated, allocated. */
  readonly avl: number;
  readonly man: number;
  readonly mac: number;
  readonly act: number;
  readonly vectors: string;
}

export interface HeldRow {
  readonly handle: number;
  readonly cpu: number;
  /** 0 while a managed vector is shut down. */
  readonly vector: number;
  readonly managed: boolean;
  readonly affinity: string;
}

export interface MachineView {
  readonly config: MachineConfig;
  readonly version: number;
  readonly matrix: {
    readonly onlineMaps: number;
    readonly globalAvailable: number;
    readonly globalReserved: number;
    readonly totalAllocated: number;
    readonly systemCount: number;
    readonly systemVectors: string;
    readonly window: readonly [number, number];
  };
  readonly cpus: readonly CpuRow[];
  /** The most recent held vectors (at most HELD_LIMIT) and how many there are in all. */
  readonly held: readonly HeldRow[];
  readonly heldTotal: number;
  readonly debugfsVector: string;
}

export const HELD_LIMIT = 500;

export function machineView(sim: Simulator): MachineView {
  const { matrix, online, config } = sim.machine;
  const bits = matrix.matrixBits;
  return {
    config,
    version: sim.version,
    matrix: {
      onlineMaps: matrix.onlineMaps,
      globalAvailable: matrix.globalAvailable,
      globalReserved: matrix.globalReserved,
      totalAllocated: matrix.totalAllocated,
      systemCount: bitmapWeight(matrix.systemMap, bits),
      systemVectors: bitmapPrintList(matrix.systemMap, bits),
      window: [matrix.allocStart, matrix.allocEnd],
    },
    cpus: matrix.maps.map((cm, cpu) => ({
      cpu,
      online: online.has(cpu),
      avl: cm.available,
      man: cm.managed,
      mac: cm.managedAllocated,
      act: cm.allocated,
      vectors: bitmapPrintList(cm.allocMap, bits),
    })),
    held: sim.held.slice(-HELD_LIMIT).map((h) => ({
      handle: h.id,
      cpu: h.cpu,
      vector: h.vector,
      managed: h.managed,
      affinity: h.affinity.toList(),
    })),
    heldTotal: sim.held.length,
    debugfsVector: sim.debugfsVectorDomain(),
  };
}

/** What the worker answers to a command: its result, the new view, and the log since the caller's last event. */
export interface ApplyAnswer {
  readonly result: StepResult;
  readonly view: MachineView;
  readonly events: readonly SimEvent[];
}
