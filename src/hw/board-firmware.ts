/**
 * What a board's firmware tells the kernel about interrupts: the MADT's level-triggered ISA lines,
 * the DMAR device scopes (which IO-APICs and HPETs sit behind the IR unit, and their source ids), and
 * the ACPI _PRT that routes PCI INTx. The kernel reads these; it does not know the board's name.
 */
import { q35IntxGsi } from "./q35-prt";

export interface BoardFirmware {
  /** MADT interrupt source overrides that make an ISA irq level-triggered. */
  readonly levelIsaIrqs: readonly number[];
  /** DMAR scope: IO-APIC id → its source id. */
  readonly ioapicScope: ReadonlyMap<number, number>;
  /** DMAR scope: HPET id → its source id; an HPET not listed is not remapped. */
  readonly hpetScope: ReadonlyMap<number, number>;
  /** _PRT: the GSI of INTx `pin` of device `slot` on bus 0; undefined without routing. */
  readonly intxGsi?: (slot: number, pin: number) => number;
}

/** The model's server: the SCI level; IO-APIC 0 as ff:00.0 and HPET 0 as 00:1f.0 in the DMAR scope. */
export const GENERIC_FIRMWARE: BoardFirmware = {
  levelIsaIrqs: [9],
  ioapicScope: new Map([[0, 0xff00]]),
  hpetScope: new Map([[0, 0x00f8]]),
};

/** QEMU q35: 5, 9, 10, 11 level; its DMAR scopes IO-APIC 0 only; INTx through GSIs 16–23. */
export const Q35_FIRMWARE: BoardFirmware = {
  levelIsaIrqs: [5, 9, 10, 11],
  ioapicScope: new Map([[0, 0xff00]]),
  hpetScope: new Map(),
  intxGsi: q35IntxGsi,
};
