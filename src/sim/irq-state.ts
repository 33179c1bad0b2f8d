/** The vector-level state of one irq in the words of the spec's state machine (§7). */
import { IRQD } from "../kernel/irq/irqdesc";
import type { Machine } from "../kernel/machine";

export type VectorState =
  | "reserved"
  | "managed-reserved"
  | "managed-shutdown"
  | "active"
  | "fixed"
  | "moving"
  | "cleanup"
  | "none";

export interface VectorStateInfo {
  readonly state: VectorState;
  readonly text: string;
}

export function describeVectorState(machine: Machine, irq: number): VectorStateInfo {
  const desc = machine.descs.desc(irq);
  const a = machine.vector.apicd.get(irq);
  if (!desc || !a) return { state: "none", text: "not allocated" };
  const pending = desc.has(IRQD.SETAFFINITY_PENDING)
    ? `; move to ${desc.pendingMask.toList()} pending until it fires`
    : "";
  const real = a.vector !== 0;
  if (desc.has(IRQD.MANAGED_SHUTDOWN) && desc.actions.length > 0) {
    return { state: "managed-shutdown", text: `managed, shut down: no online CPU in ${desc.affinity.toList()}` };
  }
  if (!real) {
    if (a.isManaged)
      return { state: "managed-reserved", text: `managed, reserved on CPUs ${desc.affinity.toList()}, parked on 0xef` };
    return { state: "reserved", text: `reserved (global promise), parked on 0xef of CPU ${a.hwCpu}${pending}` };
  }
  const where = `vector ${a.vector} on CPU ${a.cpu}`;
  if (a.cleanupPending) {
    return {
      state: "cleanup",
      text: `${where}; old vector ${a.prevVector} on CPU ${a.prevCpu} queued for cleanup${pending}`,
    };
  }
  if (a.moveInProgress) {
    return {
      state: "moving",
      text: `${where}; old vector ${a.prevVector} on CPU ${a.prevCpu} kept until it fires on the new one${pending}`,
    };
  }
  const fixed = !a.canReserve && !a.isManaged;
  return { state: fixed ? "fixed" : "active", text: `${where}${fixed ? " (fixed)" : ""}${pending}` };
}
