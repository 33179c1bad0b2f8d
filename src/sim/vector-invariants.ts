/**
 * Invariants of the VECTOR domain on top of the matrix's: who owns each allocated vector, what a
 * started irq points at, and that reservations add up. Tests run them after every operation.
 */
import { ISA_IRQ_VECTOR_BASE, PIC_CASCADE_IR } from "../kernel/arch/x86/vector";
import { VECTOR_UNUSED } from "../kernel/arch/x86/vector-domain";
import { findNextBit, testBit } from "../kernel/bitmap";
import { IRQD } from "../kernel/irq/irqdesc";
import type { Machine } from "../kernel/machine";
import { checkMatrixInvariants, type MatrixDrift, NO_DRIFT } from "./invariants";

export function checkVectorInvariants(machine: Machine, drift: MatrixDrift = NO_DRIFT): string[] {
  const { matrix, vector, descs, online } = machine;
  const bad = checkMatrixInvariants(matrix, drift);
  const owner = new Map<number, number>();
  const own = (cpu: number, vec: number, irq: number, what: string): void => {
    const key = cpu * 256 + vec;
    const other = owner.get(key);
    if (other !== undefined) bad.push(`vector ${vec} on CPU ${cpu} is owned by irq ${other} and irq ${irq} (${what})`);
    owner.set(key, irq);
    if (!testBit(matrix.maps[cpu]?.allocMap ?? new Uint32Array(8), vec)) {
      bad.push(`irq ${irq} holds ${what} vector ${vec} on CPU ${cpu}, which the matrix has not allocated`);
    }
  };
  let reserved = 0;
  const managedPerCpu = new Array<number>(matrix.nrCpus).fill(0);
  for (const [irq, a] of vector.apicd) {
    const desc = descs.desc(irq);
    if (!desc) {
      bad.push(`irq ${irq} has apic_chip_data but no descriptor`);
      continue;
    }
    const real = a.vector !== 0;
    if (real) own(a.cpu, a.vector, irq, "its");
    if (a.prevVector !== 0) own(a.prevCpu, a.prevVector, irq, "its previous");
    if (a.cleanupPending && !(vector.cleanupList[a.prevCpu] ?? []).includes(irq)) {
      bad.push(`irq ${irq} says cleanup_pending but is not on CPU ${a.prevCpu}'s cleanup list`);
    }
    if (a.hasReserved) reserved++;
    if (a.isManaged) for (const cpu of desc.affinity) managedPerCpu[cpu] = (managedPerCpu[cpu] ?? 0) + 1;
    if (real && a.isManaged && !testBit(matrix.maps[a.cpu]?.managedMap ?? new Uint32Array(8), a.vector)) {
      bad.push(`managed irq ${irq} has vector ${a.vector} on CPU ${a.cpu} outside that CPU's managed reservations`);
    }
    if (desc.has(IRQD.STARTED)) {
      if (!real) bad.push(`started irq ${irq} has no vector`);
      else {
        if (a.hwVector !== a.vector || a.hwCpu !== a.cpu) {
          bad.push(
            `started irq ${irq}: hardware points at ${a.hwVector}@${a.hwCpu}, its vector is ${a.vector}@${a.cpu}`,
          );
        }
        // A fixed irq keeps its vector while deactivated; an affinity written then only lands in the
        // effective mask (irq_set_affinity_deactivated()), which activation may not correct: the
        // kernel's effective mask can be stale there, so only the other kinds are held to it.
        const fixed = !a.canReserve && !a.isManaged;
        if (!fixed && desc.effective.toList() !== `${a.cpu}`) {
          bad.push(`started irq ${irq}: effective ${desc.effective.toList()}, vector on CPU ${a.cpu}`);
        }
        // lapic_online() forgets vectors of irqs that were activated but not started when their CPU
        // went down (migrate_one_irq() skips those); the slot is then unused, never another irq's.
        const slot = vector.vectorIrq[a.cpu]?.[a.vector];
        if (online.has(a.cpu) && slot !== irq && slot !== VECTOR_UNUSED) {
          bad.push(`started irq ${irq}: vector_irq[${a.vector}] on CPU ${a.cpu} names ${slot}`);
        }
      }
    }
    if (desc.has(IRQD.MANAGED_SHUTDOWN) && real)
      bad.push(`managed irq ${irq} is shut down but holds vector ${a.vector}`);
  }
  if (reserved !== matrix.globalReserved)
    bad.push(`global_reserved is ${matrix.globalReserved}, ${reserved} irqs have a reservation`);
  matrix.maps.forEach((cm, cpu) => {
    if (!drift.staleCpus.has(cpu) && cm.managed !== managedPerCpu[cpu]) {
      bad.push(`CPU ${cpu} has ${cm.managed} managed reservations, managed irqs account for ${managedPerCpu[cpu]}`);
    }
    const legacy = cpu === 0 && descs.desc(0) !== undefined;
    for (
      let v = findNextBit(cm.allocMap, matrix.matrixBits, 0);
      v < matrix.matrixBits;
      v = findNextBit(cm.allocMap, matrix.matrixBits, v + 1)
    ) {
      const isLegacy =
        legacy &&
        v >= ISA_IRQ_VECTOR_BASE &&
        v < ISA_IRQ_VECTOR_BASE + 16 &&
        v !== ISA_IRQ_VECTOR_BASE + PIC_CASCADE_IR;
      if (!isLegacy && !owner.has(cpu * 256 + v))
        bad.push(`vector ${v} on CPU ${cpu} is allocated but no irq owns it (leak)`);
    }
  });
  return bad;
}
