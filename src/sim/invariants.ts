/**
 * Kernel invariants, recounted from scratch. Tests run them after every operation; a violation names
 * the counter, what it holds and what the recount says.
 */
import { bitmapWeight, findNextBit, testBit } from "../kernel/bitmap";
import type { IrqMatrix } from "../kernel/irq/matrix";

/** The two counter drifts the kernel really has (spec §11.2, §11.3), so the checker expects them. */
export interface MatrixDrift {
  /** Frees on an offline map: each leaves total_allocated one too high. */
  readonly offlineFrees: number;
  /** CPUs whose `available` went stale (managed reservations changed while the map was offline). */
  readonly staleCpus: ReadonlySet<number>;
}

export const NO_DRIFT: MatrixDrift = { offlineFrees: 0, staleCpus: new Set() };

function andWeight(a: Uint32Array, b: Uint32Array, nbits: number): number {
  let n = 0;
  for (let bit = findNextBit(a, nbits, 0); bit < nbits; bit = findNextBit(a, nbits, bit + 1)) {
    if (testBit(b, bit)) n++;
  }
  return n;
}

/** Checks every counter of the matrix against a recount from its bitmaps. Returns the violations. */
export function checkMatrixInvariants(m: IrqMatrix, drift: MatrixDrift = NO_DRIFT): string[] {
  const bad: string[] = [];
  const expect = (what: string, actual: number, recount: number): void => {
    if (actual !== recount) bad.push(`${what} is ${actual}, recount says ${recount}`);
  };
  const bits = m.matrixBits;
  let online = 0;
  let onlineAvailable = 0;
  let allocatedSum = 0;
  let windowSystem = 0;
  for (let v = m.allocStart; v < m.allocEnd; v++) if (testBit(m.systemMap, v)) windowSystem++;
  expect("systembits_inalloc", m.systembitsInalloc, windowSystem);
  m.maps.forEach((cm, cpu) => {
    expect(`CPU ${cpu} allocated`, cm.allocated, bitmapWeight(cm.allocMap, bits));
    expect(`CPU ${cpu} managed`, cm.managed, bitmapWeight(cm.managedMap, bits));
    expect(`CPU ${cpu} managed_allocated`, cm.managedAllocated, andWeight(cm.allocMap, cm.managedMap, bits));
    for (let v = findNextBit(cm.managedMap, bits, 0); v < bits; v = findNextBit(cm.managedMap, bits, v + 1)) {
      if (testBit(m.systemMap, v)) bad.push(`CPU ${cpu} managed vector ${v} is a system vector`);
    }
    allocatedSum += cm.allocated;
    if (!cm.online) return;
    online++;
    onlineAvailable += cm.available;
    if (drift.staleCpus.has(cpu)) return;
    let free = 0;
    for (let v = m.allocStart; v < m.allocEnd; v++) {
      if (!testBit(m.systemMap, v) && !testBit(cm.managedMap, v) && !testBit(cm.allocMap, v)) free++;
    }
    expect(`CPU ${cpu} available`, cm.available, free);
  });
  expect("online_maps", m.onlineMaps, online);
  expect("global_available", m.globalAvailable, onlineAvailable >>> 0);
  expect("total_allocated", m.totalAllocated, (allocatedSum + drift.offlineFrees) >>> 0);
  return bad;
}
