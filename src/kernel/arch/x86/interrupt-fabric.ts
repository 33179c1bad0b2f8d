/**
 * The interrupt fabric: a message a device writes is handed to the sink the platform chose. On bare
 * metal that is the IR unit (or the compatibility decode without one), then the target CPU's local
 * APIC. A VMM's sink (eventfd, KVM route) or posted delivery to a vCPU plugs in at the same place.
 */
import { type IrUnitState, irRemapMessage } from "../../drivers/iommu/intel/remap-msi";
import type { MsiMsg } from "../../irq/msi-msg";
import type { Machine } from "../../machine";
import { commonInterrupt, type Delivery } from "./irq";
import { decodeMsiMsg } from "./msi-format";

export type MessageDelivery =
  | (Delivery & { readonly irte?: number })
  | {
      readonly kind: "fault";
      readonly code: number;
      readonly name: string;
      readonly reason: string;
      readonly index?: number;
    };

/** Where written messages go. `requesterId` is the PCI source id the write carries, if any. */
export interface InterruptSink {
  /** "bare-metal"; later "vmm" (QEMU + KVM) for a guest's assigned devices. */
  readonly kind: string;
  deliver(msg: MsiMsg, requesterId: number | undefined): MessageDelivery;
}

/** A compatibility-format message decoded and sent to its CPU (no IR unit in the path). */
export function deliverCompat(machine: Machine, msg: MsiMsg): MessageDelivery {
  const m = decodeMsiMsg(msg);
  if (m.format !== "compat") {
    const why =
      m.format === "remappable"
        ? "a remappable-format message but no interrupt remapping unit"
        : `not an interrupt message: ${m.reason}`;
    return { kind: "lost", cpu: -1, vector: 0, why };
  }
  return commonInterrupt(machine, machine.vector.cpuOfDest(m.destId, m.destModeLogical), m.vector);
}

/** The host's own path: the VT-d unit when there is one (QEMU's vtd_interrupt_remap_msi()), then the CPU. */
export function bareMetalSink(machine: Machine, unit: IrUnitState | undefined): InterruptSink {
  return {
    kind: "bare-metal",
    deliver(msg, requesterId) {
      if (!unit) return deliverCompat(machine, msg);
      const t = irRemapMessage(unit, msg, requesterId, machine.core.log);
      if (t.kind === "fault") return t;
      if (t.kind === "posted") {
        const why = "the IRTE is posted: the interrupt goes to a vCPU's descriptor";
        return { kind: "lost", cpu: -1, vector: t.vector, why };
      }
      const d = commonInterrupt(machine, machine.vector.cpuOfDest(t.destApicid, t.destModeLogical), t.vector);
      return t.kind === "remapped" ? { ...d, irte: t.index } : d;
    },
  };
}
