/**
 * The message QEMU installs as a KVM route for a guest's MSI: with a vIOMMU doing interrupt
 * remapping, the guest's message is translated through the guest's own IRTE table first
 * (hw/i386/intel_iommu.c vtd_interrupt_remap_msi(), called from kvm_arch_fixup_msi_route()).
 */
import { vtdTranslate } from "../../kernel/drivers/iommu/intel/irte";
import type { MsiMsg } from "../../kernel/irq/msi-msg";
import type { Platform } from "../../kernel/platform";

export type RouteMessage =
  | { readonly ok: true; readonly msg: MsiMsg; readonly virte?: number }
  | { readonly ok: false; readonly why: string };

/** mirrors kvm_arch_fixup_msi_route(): the guest message as it is, or its vIR translation. */
export function qemuRouteMessage(guest: Platform, msg: MsiMsg, requesterId: number): RouteMessage {
  const vir = guest.iommu;
  if (!vir) return { ok: true, msg };
  // QEMU's emulated unit passes compatibility-format requests through (no CFI check).
  const t = vtdTranslate(vir.table, vir.entries, msg, requesterId, vir.config.x2apic, { blockCompat: false });
  switch (t.kind) {
    case "fault":
      return { ok: false, why: `the vIOMMU refuses the guest's message: fault 0x${t.code.toString(16)} (${t.reason})` };
    case "posted":
      return { ok: false, why: "the guest's vIRTE is in posted format, which QEMU's vIOMMU does not emulate" };
    case "remapped":
      return { ok: true, msg: t.msg, virte: t.index };
    default:
      return { ok: true, msg: t.msg };
  }
}
