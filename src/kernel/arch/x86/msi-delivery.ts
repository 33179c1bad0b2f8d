/**
 * What happens to a message a device writes: through the VT-d unit when there is one (QEMU's
 * vtd_interrupt_remap_msi() semantics, faults reported as the DMAR driver prints them), otherwise
 * decoded as a compatibility-format message, then to the local APIC of the target CPU.
 */
import { vtdTranslate } from "../../drivers/iommu/intel/irte";
import type { MsiMsg } from "../../irq/msi-msg";
import type { Platform } from "../../platform";
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

function bdfOf(requesterId: number): string {
  const h = (v: number) => v.toString(16).padStart(2, "0");
  return `${h(requesterId >> 8)}:${h((requesterId >> 3) & 0x1f)}.${requesterId & 7}`;
}

/** A device (requester `requesterId`) writes `msg`: where does it end up? */
export function deliverMessage(platform: Platform, msg: MsiMsg, requesterId: number | undefined): MessageDelivery {
  const machine = platform.machine;
  const iommu = platform.iommu;
  if (iommu) {
    const t = vtdTranslate(iommu.table, iommu.entries, msg, requesterId, iommu.config.x2apic, { blockCompat: true });
    if (t.kind === "fault") {
      // mirrors dmar_fault_do_one() for an interrupt-remapping fault.
      const index = t.index === undefined ? "" : ` index 0x${t.index.toString(16)}`;
      machine.core.log.warn(
        `DMAR: [INTR-REMAP] Request device [${bdfOf(requesterId ?? 0)}] fault${index} [fault reason 0x${t.code.toString(16).padStart(2, "0")}] ${t.reason}`,
      );
      return t;
    }
    if (t.kind === "posted") {
      return {
        kind: "lost",
        cpu: -1,
        vector: t.vector,
        why: "the IRTE is posted: the interrupt goes to a vCPU's descriptor",
      };
    }
    const d = commonInterrupt(machine, machine.vector.cpuOfDest(t.destApicid, t.destModeLogical), t.vector);
    return t.kind === "remapped" ? { ...d, irte: t.index } : d;
  }
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
