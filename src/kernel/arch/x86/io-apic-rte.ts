/**
 * IO-APIC redirection-table entry (struct IO_APIC_route_entry, arch/x86/include/asm/io_apic.h),
 * held as two u32 halves: lo = bits 31:0, hi = bits 63:32.
 */
import type { MsiMsg } from "../../irq/msi-msg";
import { type BitField, bitOf, bitsOf, field, hex } from "./bitfield";
import { DELIVERY_MODE_NAMES, X86_MSI_BASE_ADDRESS_LOW } from "./msi-format";

export interface IoApicRte {
  readonly lo: number;
  readonly hi: number;
}

/** Trigger, polarity and mask: what mp_preconfigure_entry() decided, not taken from the message. */
export interface RtePreconfig {
  readonly level: boolean;
  readonly activeLow: boolean;
  readonly masked: boolean;
}

const RTE_ACTIVE_LOW = 1 << 13;
const RTE_IS_LEVEL = 1 << 15;
const RTE_MASKED = 1 << 16;

// mirrors ioapic_setup_msg_from_msi()
export function ioapicSetupMsgFromMsi(msg: MsiMsg, pre: RtePreconfig): IoApicRte {
  const lo =
    bitsOf(msg.data, 7, 0) |
    (bitsOf(msg.data, 10, 8) << 8) |
    // dest_mode_logical, which is index bit 15 under IR
    (bitOf(msg.addressLo, 2) << 11) |
    (pre.activeLow ? RTE_ACTIVE_LOW : 0) |
    (pre.level ? RTE_IS_LEVEL : 0) |
    (pre.masked ? RTE_MASKED : 0);
  // address bits 19:5 (destination, or IRTE index 14:0) land in RTE bits 63:49
  const hi = (bitOf(msg.addressLo, 4) << 16) | (bitsOf(msg.addressLo, 19, 5) << 17);
  return { lo: lo >>> 0, hi: hi >>> 0 };
}

/** The message the IO-APIC emits when the pin fires; under IR it is remappable with SHV = 0. */
export function ioapicRteToMsg(rte: IoApicRte): MsiMsg {
  const addressLo =
    (X86_MSI_BASE_ADDRESS_LOW << 20) |
    (bitsOf(rte.hi, 31, 17) << 5) |
    (bitOf(rte.hi, 16) << 4) |
    (bitOf(rte.lo, 11) << 2);
  const data = bitsOf(rte.lo, 7, 0) | (bitsOf(rte.lo, 10, 8) << 8) | (bitOf(rte.lo, 15) << 15);
  return { addressLo: addressLo >>> 0, addressHi: 0, data: data >>> 0 };
}

export interface RteDecode {
  readonly format: "compat" | "remappable";
  readonly fields: BitField[];
  /** The vector field; under VT-d IR it holds the pin (the "virtual vector"). */
  readonly vector: number;
  readonly masked: boolean;
  readonly level: boolean;
  readonly activeLow: boolean;
  /** Compat only: destid_0_7 | virt_destid_8_14 << 8. */
  readonly destId?: number;
  /** Remappable only: the IRTE index (bit 11 is index bit 15). */
  readonly index?: number;
}

export function decodeRte(rte: IoApicRte): RteDecode {
  const { lo, hi } = rte;
  const remappable = bitOf(hi, 16) === 1;
  const common = {
    vector: bitsOf(lo, 7, 0),
    masked: bitOf(lo, 16) === 1,
    level: bitOf(lo, 15) === 1,
    activeLow: bitOf(lo, 13) === 1,
  };
  if (remappable) {
    const index = ((bitOf(lo, 11) << 15) | bitsOf(hi, 31, 17)) >>> 0;
    return { format: "remappable", ...common, index, fields: remappableFields(lo, hi, index) };
  }
  const destId = (bitsOf(hi, 31, 24) | (bitsOf(hi, 23, 17) << 8)) >>> 0;
  return { format: "compat", ...common, destId, fields: compatFields(lo, hi, destId) };
}

function sharedLowFields(lo: number): BitField[] {
  return [
    field("delivery_status", 12, 12, bitOf(lo, 12), bitOf(lo, 12) ? "send pending (read-only)" : "idle (read-only)"),
    field("active_low", 13, 13, bitOf(lo, 13), bitOf(lo, 13) ? "active-low polarity" : "active-high polarity"),
    field("irr", 14, 14, bitOf(lo, 14), bitOf(lo, 14) ? "level interrupt accepted, awaiting EOI" : "no EOI pending"),
    field("is_level", 15, 15, bitOf(lo, 15), bitOf(lo, 15) ? "level-triggered" : "edge-triggered"),
    field("masked", 16, 16, bitOf(lo, 16), bitOf(lo, 16) ? "masked: the pin raises nothing" : "unmasked"),
    field("reserved_0", 31, 17, bitsOf(lo, 31, 17), "reserved (0)"),
  ];
}

function compatFields(lo: number, hi: number, destId: number): BitField[] {
  return [
    field("vector", 7, 0, bitsOf(lo, 7, 0), `IDT vector ${hex(bitsOf(lo, 7, 0))}`),
    field("delivery_mode", 10, 8, bitsOf(lo, 10, 8), DELIVERY_MODE_NAMES[bitsOf(lo, 10, 8)] ?? ""),
    field(
      "dest_mode_logical",
      11,
      11,
      bitOf(lo, 11),
      bitOf(lo, 11) ? "logical destination" : "physical destination (an APIC ID)",
    ),
    ...sharedLowFields(lo),
    field("reserved_1", 48, 32, bitsOf(hi, 16, 0), "reserved (bit 48 = 0: compatibility format)"),
    field("virt_destid_8_14", 55, 49, bitsOf(hi, 23, 17), "APIC-ID bits 14:8 (extended destination ID only)"),
    field("destid_0_7", 63, 56, bitsOf(hi, 31, 24), `APIC-ID bits 7:0; destination APIC ${destId}`),
  ];
}

function remappableFields(lo: number, hi: number, index: number): BitField[] {
  return [
    field(
      "ir_shared_0 (vector)",
      7,
      0,
      bitsOf(lo, 7, 0),
      `virtual vector = pin ${bitsOf(lo, 7, 0)}; the IRTE holds the real one`,
    ),
    field("ir_zero", 10, 8, bitsOf(lo, 10, 8), bitsOf(lo, 10, 8) ? "must be 0 in the remappable format" : "0"),
    field("ir_index_15", 11, 11, bitOf(lo, 11), "bit 15 of the IRTE index"),
    ...sharedLowFields(lo),
    field("ir_reserved_0", 47, 32, bitsOf(hi, 15, 0), "reserved (0)"),
    field("ir_format", 48, 48, bitOf(hi, 16), "1: remappable format (the IRTE decides destination and vector)"),
    field("ir_index_0_14", 63, 49, bitsOf(hi, 31, 17), `IRTE index bits 14:0; IRTE ${hex(index)}`),
  ];
}
