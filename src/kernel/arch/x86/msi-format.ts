/**
 * x86 MSI message formats (arch/x86/include/asm/msi.h): the compatibility format the vector domain
 * composes, and the remappable format Intel interrupt remapping hands out.
 */
import type { MsiMsg } from "../../irq/msi-msg";
import { type BitField, bitOf, bitsOf, field, hex } from "./bitfield";

/** X86_MSI_BASE_ADDRESS_LOW: address bits 31:20 of every interrupt message. */
export const X86_MSI_BASE_ADDRESS_LOW = 0xfee;
const BASE = (X86_MSI_BASE_ADDRESS_LOW << 20) >>> 0;
/** Address bit 4: 1 = remappable (VT-d) format. */
const ADDR_FORMAT_REMAP = 1 << 4;
/** Address bit 3: the subhandle in the data is valid (remappable format). */
const ADDR_SHV = 1 << 3;
/** Pre-5.10 data: the level-assert bit (14), edge, fixed delivery. */
const LEGACY_LEVEL_ASSERT = 0x4000;
/** The VT-d fault QEMU raises for a malformed interrupt request. */
const VTD_FR_IR_REQ_RSVD = 0x20;

export interface ComposeOpts {
  /** DMAR-MSI (the IOMMU's own interrupt): APIC-ID bits 31:8 go into address_hi. */
  readonly dmar?: boolean;
  /** The hypervisor advertises the extended destination ID (virt_ext_dest_id). */
  readonly extDestId?: boolean;
  /** Kernels before v5.10 composed data = 0x4000 | vector. */
  readonly legacyData?: boolean;
  /** apic->dest_mode_logical. */
  readonly destModeLogical?: boolean;
}

// mirrors __irq_msi_compose_msg()
export function irqMsiComposeMsg(
  vector: number,
  destApicid: number,
  opts: ComposeOpts = {},
): { msg: MsiMsg; warning?: string } {
  const apicid = destApicid >>> 0;
  let addressLo = BASE | (opts.destModeLogical ? 1 << 2 : 0) | ((apicid & 0xff) << 12);
  let addressHi = 0;
  // delivery mode FIXED is 0, so only the vector lands in the data word
  const data = ((vector & 0xff) | (opts.legacyData ? LEGACY_LEVEL_ASSERT : 0)) >>> 0;
  let warning: string | undefined;
  if (opts.dmar) {
    // only the IOMMU's fault-event registers understand the upper destination bits
    addressHi = ((apicid >>> 8) << 8) >>> 0;
  } else if (opts.extDestId && apicid < 0x8000) {
    addressLo |= ((apicid >>> 8) & 0x7f) << 5;
  } else if (apicid > 0xff) {
    const why = opts.extDestId
      ? "beyond the 15 bits of the extended destination ID"
      : "no interrupt remapping, no extended destination ID";
    warning = `APIC ID ${hex(apicid)} cannot be encoded in a compatibility-format MSI (${why})`;
  }
  const msg: MsiMsg = { addressLo: addressLo >>> 0, addressHi, data };
  return warning === undefined ? { msg } : { msg, warning };
}

// mirrors fill_msi_msg() in drivers/iommu/intel/irq_remapping.c
export function fillMsiMsg(index: number, subhandle: number): MsiMsg {
  const addressLo =
    BASE | ((index & 0x7fff) << 5) | ADDR_FORMAT_REMAP | ADDR_SHV | ((index & 0x8000) !== 0 ? 1 << 2 : 0);
  return { addressLo: addressLo >>> 0, addressHi: 0, data: subhandle >>> 0 };
}

// mirrors x86_msi_msg_get_destid()
export function msiMsgGetDestid(msg: MsiMsg, extid: boolean): number {
  let dest = bitsOf(msg.addressLo, 19, 12);
  if (extid) dest |= bitsOf(msg.addressHi, 31, 8) << 8;
  return dest >>> 0;
}

/** Address bit 2 of a compatibility-format message: a logical destination (the flat APIC driver). */
export function msiMsgDestModeLogical(msg: MsiMsg): boolean {
  return bitOf(msg.addressLo, 2) === 1;
}

export interface CompatDecode {
  readonly format: "compat";
  readonly destId: number;
  readonly vector: number;
  readonly deliveryMode: number;
  readonly destModeLogical: boolean;
  readonly redirectHint: boolean;
  readonly level: boolean;
  readonly fields: BitField[];
}

export interface RemappableDecode {
  readonly format: "remappable";
  /** The IRTE handle from the address (index bits 15 and 14:0). */
  readonly handle: number;
  readonly shv: boolean;
  /** data[15:0] when SHV is set, else 0. */
  readonly subhandle: number;
  /** handle + subhandle when SHV, else handle (the VT-d rule; not wrapped to 16 bits). */
  readonly index: number;
  readonly fields: BitField[];
}

export interface InvalidDecode {
  readonly format: "invalid";
  readonly reason: string;
  readonly fields: BitField[];
}

export type MsiDecode = CompatDecode | RemappableDecode | InvalidDecode;

export const DELIVERY_MODE_NAMES: readonly string[] = [
  "fixed",
  "lowest priority",
  "SMI",
  "reserved (3)",
  "NMI",
  "INIT",
  "reserved (6)",
  "ExtINT",
];

export function decodeMsiMsg(msg: MsiMsg, opts: { extDestId?: boolean } = {}): MsiDecode {
  const lo = msg.addressLo >>> 0;
  const hi = msg.addressHi >>> 0;
  const data = msg.data >>> 0;
  const remappable = bitOf(lo, 4) === 1;
  const fields = remappable ? remappableFields(lo, hi, data) : compatFields(lo, hi, data, opts.extDestId === true);
  const base = bitsOf(lo, 31, 20);
  if (base !== X86_MSI_BASE_ADDRESS_LOW) {
    return invalid(`address bits 31:20 are ${hex(base)}, not 0xfee: this write is not an interrupt request`, fields);
  }
  if (!remappable) return decodeCompat(lo, hi, data, opts.extDestId === true, fields);
  if (hi !== 0) {
    return invalid(`address bits 63:32 are ${hex(hi)}: a remappable request must have them zero`, fields);
  }
  const shv = bitOf(lo, 3) === 1;
  if (shv && data >>> 16 !== 0) {
    return invalid(`data bits 31:16 are ${hex(data >>> 16)} with SHV set: they must be zero`, fields);
  }
  const handle = ((bitOf(lo, 2) << 15) | bitsOf(lo, 19, 5)) >>> 0;
  const subhandle = shv ? data & 0xffff : 0;
  return { format: "remappable", handle, shv, subhandle, index: handle + subhandle, fields };
}

function invalid(what: string, fields: BitField[]): InvalidDecode {
  return { format: "invalid", reason: `${what} (VT-d fault ${hex(VTD_FR_IR_REQ_RSVD)}, VTD_FR_IR_REQ_RSVD)`, fields };
}

function decodeCompat(lo: number, hi: number, data: number, ext: boolean, fields: BitField[]): CompatDecode {
  // address_hi only carries destination bits for DMAR-MSI; device messages keep it zero
  let destId = bitsOf(lo, 19, 12) | (bitsOf(hi, 31, 8) << 8);
  if (ext) destId |= bitsOf(lo, 11, 5) << 8;
  return {
    format: "compat",
    destId: destId >>> 0,
    vector: bitsOf(data, 7, 0),
    deliveryMode: bitsOf(data, 10, 8),
    destModeLogical: bitOf(lo, 2) === 1,
    redirectHint: bitOf(lo, 3) === 1,
    level: bitOf(data, 15) === 1,
    fields,
  };
}

function baseField(lo: number): BitField {
  const base = bitsOf(lo, 31, 20);
  const ok = base === X86_MSI_BASE_ADDRESS_LOW;
  return field(
    "base_address",
    31,
    20,
    base,
    ok ? "0xfee: the interrupt window" : "not 0xfee: a plain memory write, not an interrupt",
  );
}

function compatFields(lo: number, hi: number, data: number, ext: boolean): BitField[] {
  const virt = bitsOf(lo, 11, 5);
  const destHi = bitsOf(hi, 31, 8);
  const level = bitOf(data, 15);
  return [
    field("reserved_0", 1, 0, bitsOf(lo, 1, 0), "reserved (0)"),
    field(
      "dest_mode_logical",
      2,
      2,
      bitOf(lo, 2),
      bitOf(lo, 2) ? "logical destination" : "physical destination (an APIC ID)",
    ),
    field(
      "redirect_hint",
      3,
      3,
      bitOf(lo, 3),
      bitOf(lo, 3) ? "redirection allowed (Linux never sets it)" : "deliver to the destination as given",
    ),
    field("format", 4, 4, bitOf(lo, 4), "0: compatibility format (not remapped)"),
    field(
      ext ? "virt_destid_8_14" : "reserved_1",
      11,
      5,
      virt,
      ext ? `APIC-ID bits 14:8 (extended destination ID): ${hex(virt << 8)}` : "reserved (0) without the extended ID",
    ),
    field("destid_0_7", 19, 12, bitsOf(lo, 19, 12), `APIC-ID bits 7:0: ${bitsOf(lo, 19, 12)}`),
    baseField(lo),
    field("address_hi.reserved", 7, 0, bitsOf(hi, 7, 0), "reserved (0)"),
    field(
      "address_hi.destid_8_31",
      31,
      8,
      destHi,
      destHi ? `APIC-ID bits 31:8 (DMAR-MSI only): ${hex(destHi << 8)}` : "0 (device messages keep it zero)",
    ),
    field("vector", 7, 0, bitsOf(data, 7, 0), `IDT vector ${hex(bitsOf(data, 7, 0))} on the target CPU`),
    field("delivery_mode", 10, 8, bitsOf(data, 10, 8), DELIVERY_MODE_NAMES[bitsOf(data, 10, 8)] ?? ""),
    field("dest_mode_logical", 11, 11, bitOf(data, 11), "copied into an IO-APIC RTE only; ignored in an MSI"),
    field("reserved", 13, 12, bitsOf(data, 13, 12), "reserved (0)"),
    field(
      "active_low",
      14,
      14,
      bitOf(data, 14),
      bitOf(data, 14) ? "level assert set (pre-5.10 kernels set it)" : "0 (v5.10+)",
    ),
    field("is_level", 15, 15, level, level ? "level-triggered" : "edge-triggered"),
    field("reserved", 31, 16, bitsOf(data, 31, 16), "reserved (0)"),
  ];
}

function remappableFields(lo: number, hi: number, data: number): BitField[] {
  const shv = bitOf(lo, 3) === 1;
  return [
    field("dmar_reserved_0", 1, 0, bitsOf(lo, 1, 0), "ignored by the remapping unit"),
    field("dmar_index_15", 2, 2, bitOf(lo, 2), "bit 15 of the IRTE handle"),
    field(
      "dmar_subhandle_valid",
      3,
      3,
      bitOf(lo, 3),
      shv ? "SHV: index = handle + data[15:0]" : "no subhandle: index = handle",
    ),
    field("dmar_format", 4, 4, bitOf(lo, 4), "1: remappable format (look up an IRTE)"),
    field("dmar_index_0_14", 19, 5, bitsOf(lo, 19, 5), `IRTE handle bits 14:0: ${hex(bitsOf(lo, 19, 5))}`),
    baseField(lo),
    field("address_hi", 31, 0, hi, hi ? "must be 0 in the remappable format" : "0"),
    field(
      "dmar_subhandle",
      15,
      0,
      bitsOf(data, 15, 0),
      shv ? `subhandle ${bitsOf(data, 15, 0)}, added to the handle` : "not used for the index (SHV = 0)",
    ),
    field(
      "data_reserved",
      31,
      16,
      bitsOf(data, 31, 16),
      shv ? "must be 0 when SHV is set" : "not used for the index (SHV = 0)",
    ),
  ];
}
