/**
 * The VT-d unit taking one interrupt write: translation through its IRTE table, and the fault line
 * the DMAR driver prints. A function of the unit's state alone (table, size, x2APIC mode, log), so a
 * guest's vIOMMU can run the same translation on its own table.
 */
import type { KernelLog } from "../../../irq/core";
import type { MsiMsg } from "../../../irq/msi-msg";
import { type VtdTranslation, vtdTranslate } from "./irte";

/** What translation reads of an IR unit: the host's IntelIommu, or a guest's vIOMMU. */
export interface IrUnitState {
  readonly table: Uint32Array;
  readonly entries: number;
  readonly config: { readonly x2apic: boolean };
}

function bdfOf(requesterId: number): string {
  const h = (v: number) => v.toString(16).padStart(2, "0");
  return `${h(requesterId >> 8)}:${h((requesterId >> 3) & 0x1f)}.${requesterId & 7}`;
}

/** The unit translates `msg` from `requesterId`; a fault is logged as dmar_fault_do_one() prints it. */
export function irRemapMessage(
  unit: IrUnitState,
  msg: MsiMsg,
  requesterId: number | undefined,
  log: KernelLog,
): VtdTranslation {
  // Linux leaves CFI clear, so compatibility-format writes fault (blockCompat).
  const t = vtdTranslate(unit.table, unit.entries, msg, requesterId, unit.config.x2apic, { blockCompat: true });
  if (t.kind === "fault") {
    // mirrors dmar_fault_do_one() for an interrupt-remapping fault.
    const index = t.index === undefined ? "" : ` index 0x${t.index.toString(16)}`;
    log.warn(
      `DMAR: [INTR-REMAP] Request device [${bdfOf(requesterId ?? 0)}] fault${index} [fault reason 0x${t.code.toString(16).padStart(2, "0")}] ${t.reason}`,
    );
  }
  return t;
}
