/**
 * The 128-bit VT-d interrupt-remapping table entry (struct irte, include/linux/dmar.h), the table
 * that holds them, and how an emulated unit (QEMU hw/i386/intel_iommu.c) translates through it.
 */
import { type BitField, bitOf, bitsOf, field, hex } from "../../../arch/x86/bitfield";
import { msiMsgDestModeLogical } from "../../../arch/x86/msi-format";
import type { MsiMsg } from "../../../irq/msi-msg";
import { grownFor } from "../../../typed-grow";

/** u32 words per entry: word0 = bits 31:0 … word3 = bits 127:96. */
export const IRTE_WORDS = 4;
/** INTR_REMAP_TABLE_ENTRIES. */
export const INTR_REMAP_TABLE_ENTRIES = 65536;

export const SVT_NO_VERIFY = 0;
export const SVT_VERIFY_SID = 1;
export const SVT_VERIFY_BUS = 2;

export const SQ_ALL_16 = 0;
export const SQ_13_IGNORE_1 = 1;
export const SQ_13_IGNORE_2 = 2;
export const SQ_13_IGNORE_3 = 3;

/** One entry, field by field; flags are 0/1. Remapped fields are 0 when pst = 1, posted ones when pst = 0. */
export interface Irte {
  readonly present: number;
  readonly fpd: number;
  readonly dstMode: number;
  readonly redirHint: number;
  readonly triggerMode: number;
  readonly dlvryMode: number;
  readonly avail: number;
  readonly vector: number;
  readonly destId: number;
  readonly sid: number;
  readonly sq: number;
  readonly svt: number;
  readonly pst: number;
  readonly urgent: number;
  /** Posted-descriptor address bits 31:6 (26 bits, IRTE bits 63:38). */
  readonly pdaL: number;
  /** Posted-descriptor address bits 63:32. */
  readonly pdaH: number;
}

export const ZERO_IRTE: Irte = {
  present: 0,
  fpd: 0,
  dstMode: 0,
  redirHint: 0,
  triggerMode: 0,
  dlvryMode: 0,
  avail: 0,
  vector: 0,
  destId: 0,
  sid: 0,
  sq: 0,
  svt: 0,
  pst: 0,
  urgent: 0,
  pdaL: 0,
  pdaH: 0,
};

export type IrteWords = readonly [number, number, number, number];

/** The four u32 words of an entry; the view (remapped or posted) follows pst. */
export function encodeIrte(irte: Irte): IrteWords {
  const w = new Uint32Array(IRTE_WORDS);
  encodeIrteAt(irte, w, 0);
  return [w[0] ?? 0, w[1] ?? 0, w[2] ?? 0, w[3] ?? 0];
}

/** encodeIrte() straight into `out` at word `at` (a table entry), without an array per write. */
function encodeIrteAt(irte: Irte, out: Uint32Array, at: number): void {
  const posted = irte.pst & 1;
  let w0 = (irte.present & 1) | ((irte.fpd & 1) << 1) | ((irte.avail & 0xf) << 8) | ((irte.vector & 0xff) << 16);
  if (posted) {
    w0 |= ((irte.urgent & 1) << 14) | (1 << 15);
  } else {
    w0 |= ((irte.dstMode & 1) << 2) | ((irte.redirHint & 1) << 3) | ((irte.triggerMode & 1) << 4);
    w0 |= (irte.dlvryMode & 7) << 5;
  }
  const w1 = posted ? (irte.pdaL & 0x3ffffff) << 6 : irte.destId;
  const w2 = (irte.sid & 0xffff) | ((irte.sq & 3) << 16) | ((irte.svt & 3) << 18);
  const w3 = posted ? irte.pdaH : 0;
  out[at] = w0 >>> 0;
  out[at + 1] = w1 >>> 0;
  out[at + 2] = w2 >>> 0;
  out[at + 3] = w3 >>> 0;
}

/** Reads the words of one entry (zeros past the end of the table). */
export function irteWords(table: Uint32Array, index: number): IrteWords {
  const o = index * IRTE_WORDS;
  return [table[o] ?? 0, table[o + 1] ?? 0, table[o + 2] ?? 0, table[o + 3] ?? 0];
}

export function irteFromWords(w: IrteWords): Irte {
  return irteOf(w[0], w[1], w[2], w[3]);
}

export function decodeIrte(table: Uint32Array, index: number): Irte {
  const o = index * IRTE_WORDS;
  return irteOf(table[o] ?? 0, table[o + 1] ?? 0, table[o + 2] ?? 0, table[o + 3] ?? 0);
}

/** The fields of an entry's four words, shifted and masked in line: the IR driver decodes its cached image per update. */
function irteOf(w0: number, w1: number, w2: number, w3: number): Irte {
  const posted = (w0 >>> 15) & 1;
  return {
    present: w0 & 1,
    fpd: (w0 >>> 1) & 1,
    dstMode: posted ? 0 : (w0 >>> 2) & 1,
    redirHint: posted ? 0 : (w0 >>> 3) & 1,
    triggerMode: posted ? 0 : (w0 >>> 4) & 1,
    dlvryMode: posted ? 0 : (w0 >>> 5) & 7,
    avail: (w0 >>> 8) & 0xf,
    vector: (w0 >>> 16) & 0xff,
    destId: posted ? 0 : w1 >>> 0,
    sid: w2 & 0xffff,
    sq: (w2 >>> 16) & 3,
    svt: (w2 >>> 18) & 3,
    pst: posted,
    urgent: posted ? (w0 >>> 14) & 1 : 0,
    pdaL: posted ? (w1 >>> 6) & 0x3ffffff : 0,
    pdaH: posted ? w3 >>> 0 : 0,
  };
}

// the table side of modify_irte(): the whole entry is replaced
export function writeIrte(table: Uint32Array, index: number, irte: Irte): void {
  const at = index * IRTE_WORDS;
  // As TypedArray.set() would: an entry beyond the table is an error, not a silent no-op.
  if (!(at >= 0 && at + IRTE_WORDS <= table.length)) throw new RangeError(`IRTE ${index} is beyond the table`);
  encodeIrteAt(irte, table, at);
}

/**
 * IRTE entries as the table holds them, four words per index, grown by doubling as entries are
 * written: an entry past the end reads as zero (not present), as a zeroed table's does. It is the IR
 * unit's table (ir_table) and the IR driver's cached images (irte_entry). Each entry is read back as
 * a new Irte; a plain remapped entry (pst 0, fields within their widths, no posted fields) reads back
 * as it was set.
 */
export class IrteArray {
  private w = new Uint32Array(0);

  /** The words: entry i at 4i (and nothing past the last entry written). */
  get words(): Uint32Array {
    return this.w;
  }

  get(index: number): Irte {
    return decodeIrte(this.w, index);
  }

  /** get(index) with another vector and destination: { ...get(index), vector, destId } for a remapped image, as one object. */
  retargeted(index: number, vector: number, destId: number): Irte {
    const o = index * IRTE_WORDS;
    const w0 = ((this.w[o] ?? 0) & ~(0xff << 16)) | ((vector & 0xff) << 16);
    return irteOf(w0 >>> 0, destId, this.w[o + 2] ?? 0, this.w[o + 3] ?? 0);
  }

  // mirrors set_irte_sid() on a stored image: only the source-id word changes
  setSid(index: number, svt: number, sq: number, sid: number): void {
    const at = index * IRTE_WORDS + 2;
    if (!(index >= 0 && at < this.w.length)) throw new RangeError(`IRTE ${index} was never set`);
    this.w[at] = ((sid & 0xffff) | ((sq & 3) << 16) | ((svt & 3) << 18)) >>> 0;
  }

  set(index: number, irte: Irte): void {
    if (!(Number.isInteger(index) && index >= 0)) throw new RangeError(`IRTE ${index} is not a table index`);
    const need = (index + 1) * IRTE_WORDS;
    if (need > this.w.length) this.w = grownFor(this.w, need, 64 * IRTE_WORDS);
    writeIrte(this.w, index, irte);
  }

  /** Zeroes an entry (clear_entries()); one past the end reads as zero already. */
  clear(index: number): void {
    clearIrte(this.w, index);
  }
}

// what clear_entries() and deactivation leave behind: an all-zero, non-present entry
export function clearIrte(table: Uint32Array, index: number): void {
  table.fill(0, index * IRTE_WORDS, (index + 1) * IRTE_WORDS);
}

export function irtePresent(table: Uint32Array, index: number): boolean {
  return bitOf(table[index * IRTE_WORDS] ?? 0, 0) === 1;
}

// mirrors IRTE_DEST()
export function irteDest(apicid: number, x2apic: boolean): number {
  return x2apic ? apicid >>> 0 : (apicid << 8) >>> 0;
}

/** The APIC destination an IRTE names (the inverse of IRTE_DEST()): all 32 bits in x2APIC mode, else bits 15:8. */
export function irteDestApicid(irte: Irte, x2apic: boolean): number {
  return x2apic ? irte.destId >>> 0 : (irte.destId & 0xff00) >>> 8;
}

// mirrors prepare_irte()
export function prepareIrte(vector: number, destApicid: number, x2apic: boolean, destModeLogical = false): Irte {
  // Every field spelled out in ZERO_IRTE's order (a spread of it per irq was a slow object clone).
  return {
    present: 1,
    fpd: 0,
    dstMode: destModeLogical ? 1 : 0,
    // Linux always lets the hardware redirect within the destination set
    redirHint: 1,
    triggerMode: 0,
    dlvryMode: 0,
    avail: 0,
    vector: vector & 0xff,
    destId: irteDest(destApicid, x2apic),
    sid: 0,
    sq: 0,
    svt: 0,
    pst: 0,
    urgent: 0,
    pdaL: 0,
    pdaH: 0,
  };
}

// mirrors set_irte_sid()
export function setIrteSid(irte: Irte, svt: number, sq: number, sid: number): Irte {
  return { ...irte, svt: svt & 3, sq: sq & 3, sid: sid & 0xffff };
}

const hex16 = (hi: number, lo: number) =>
  (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");

/** Bits 63:0 as 16 lowercase hex digits. */
export function irteLowHex(irte: Irte): string {
  const [w0, w1] = encodeIrte(irte);
  return hex16(w1, w0);
}

/** Bits 127:64 as 16 lowercase hex digits. */
export function irteHighHex(irte: Irte): string {
  const [, , w2, w3] = encodeIrte(irte);
  return hex16(w3, w2);
}

function sidName(sid: number): string {
  const h2 = (v: number) => v.toString(16).padStart(2, "0");
  return `${h2(sid >>> 8)}:${h2((sid >>> 3) & 0x1f)}.${sid & 7}`;
}

function sourceFields(irte: Irte): BitField[] {
  const svtMeaning = [
    "no source check",
    "requester ID must match sid under the sq mask",
    `requester bus must lie in ${irte.sid >>> 8}..${irte.sid & 0xff} (sid = start:end bus)`,
    "reserved: every request faults",
  ];
  const sqMeaning = ["compare all 16 bits", "ignore bit 2", "ignore bits 2:1", "ignore bits 2:0"];
  return [
    field(
      "sid",
      79,
      64,
      irte.sid,
      irte.svt === SVT_VERIFY_BUS ? "start bus (15:8), end bus (7:0)" : `source id ${sidName(irte.sid)}`,
    ),
    field("sq", 81, 80, irte.sq, sqMeaning[irte.sq & 3] ?? ""),
    field("svt", 83, 82, irte.svt, svtMeaning[irte.svt & 3] ?? ""),
  ];
}

export function describeIrte(irte: Irte): BitField[] {
  const present = field(
    "present",
    0,
    0,
    irte.present,
    irte.present ? "valid entry" : "not present: requests fault (0x22)",
  );
  const fpd = field(
    "fpd",
    1,
    1,
    irte.fpd,
    irte.fpd ? "faults through this entry are not recorded" : "faults are recorded",
  );
  const avail = field("avail", 11, 8, irte.avail, "free for software");
  if (irte.pst) {
    const pda = irte.pdaH * 2 ** 32 + irte.pdaL * 64;
    return [
      present,
      fpd,
      field("p_res0", 7, 2, 0, "reserved (0)"),
      avail,
      field("p_res1", 13, 12, 0, "reserved (0)"),
      field("p_urgent", 14, 14, irte.urgent, irte.urgent ? "notify even when the vCPU is not running" : "not urgent"),
      field("p_pst", 15, 15, 1, "posted format: the interrupt is recorded in a posted-interrupt descriptor"),
      field("p_vector", 23, 16, irte.vector, `vector ${hex(irte.vector)} to post into the descriptor`),
      field("p_res2", 37, 24, 0, "reserved (0)"),
      field("pda_l", 63, 38, irte.pdaL, `descriptor address bits 31:6 (descriptor at ${hex(pda)})`),
      ...sourceFields(irte),
      field("p_res3", 95, 84, 0, "reserved (0)"),
      field("pda_h", 127, 96, irte.pdaH, "descriptor address bits 63:32"),
    ];
  }
  return [
    present,
    fpd,
    field("dst_mode", 2, 2, irte.dstMode, irte.dstMode ? "logical destination" : "physical destination (an APIC ID)"),
    field(
      "redir_hint",
      3,
      3,
      irte.redirHint,
      irte.redirHint ? "may redirect within the destination set" : "no redirection",
    ),
    field("trigger_mode", 4, 4, irte.triggerMode, irte.triggerMode ? "level" : "edge (Linux always writes edge)"),
    field("dlvry_mode", 7, 5, irte.dlvryMode, irte.dlvryMode ? `delivery mode ${irte.dlvryMode}` : "fixed"),
    avail,
    field("r_res0", 14, 12, 0, "reserved (0)"),
    field("pst", 15, 15, 0, "remapped format"),
    field("vector", 23, 16, irte.vector, `IDT vector ${hex(irte.vector)} on the destination CPU`),
    field("r_res1", 31, 24, 0, "reserved (0)"),
    field(
      "dest_id",
      63,
      32,
      irte.destId,
      `destination: APIC ${irte.destId >>> 0} in x2APIC (EIM) mode, APIC ${(irte.destId >>> 8) & 0xff} in xAPIC mode (ID << 8)`,
    ),
    ...sourceFields(irte),
    field("res3", 127, 84, 0, "reserved (0)"),
  ];
}

/** The requester-ID bits compared for each SQ value. */
const SQ_MASKS = [0xffff, 0xfffb, 0xfff9, 0xfff8] as const;

/** Source validation with the VT-d/Linux SVT = 2 layout (start bus in 15:8, end bus in 7:0). */
// mirrors the source-id check of QEMU's vtd_irte_get()
export function vtdCheckSid(irte: Irte, requesterId: number): boolean {
  switch (irte.svt) {
    case SVT_NO_VERIFY:
      return true;
    case SVT_VERIFY_SID: {
      const mask = SQ_MASKS[irte.sq & 3];
      return (irte.sid & mask) === (requesterId & mask);
    }
    case SVT_VERIFY_BUS: {
      const bus = (requesterId >>> 8) & 0xff;
      return bus >= irte.sid >>> 8 && bus <= (irte.sid & 0xff);
    }
    default:
      return false;
  }
}

export const VTD_FAULT_NAMES = {
  32: "VTD_FR_IR_REQ_RSVD",
  33: "VTD_FR_IR_INDEX_OVER",
  34: "VTD_FR_IR_ENTRY_P",
  35: "VTD_FR_IR_ROOT_INVAL",
  36: "VTD_FR_IR_IRTE_RSVD",
  37: "VTD_FR_IR_REQ_COMPAT",
  38: "VTD_FR_IR_SID_ERR",
} as const;

export type VtdFaultCode = keyof typeof VTD_FAULT_NAMES;
export type VtdFaultName = (typeof VTD_FAULT_NAMES)[VtdFaultCode];

export interface VtdFault {
  readonly kind: "fault";
  readonly code: VtdFaultCode;
  readonly name: VtdFaultName;
  readonly reason: string;
  readonly index?: number;
}

export interface VtdRemapped {
  readonly kind: "remapped";
  readonly index: number;
  readonly irte: Irte;
  readonly destApicid: number;
  /** The IRTE's dst_mode: `destApicid` is a logical destination. */
  readonly destModeLogical: boolean;
  readonly vector: number;
  readonly trigger: "edge" | "level";
  /** The compatibility-format message delivered to the local APICs (vtd_generate_msi_message()). */
  readonly msg: MsiMsg;
  /** IO-APIC path (SHV = 0): QEMU only traces a vector or trigger mismatch. */
  readonly warnings: readonly string[];
}

/** A posted entry (pst = 1): the interrupt goes into the descriptor, not to an APIC. */
export interface VtdPosted {
  readonly kind: "posted";
  readonly index: number;
  readonly irte: Irte;
  readonly vector: number;
  readonly descriptorAddress: number;
}

export interface VtdCompatPassthrough {
  readonly kind: "compat-passthrough";
  readonly msg: MsiMsg;
  readonly destApicid: number;
  readonly destModeLogical: boolean;
  readonly vector: number;
}

export type VtdTranslation = VtdRemapped | VtdPosted | VtdCompatPassthrough | VtdFault;

export interface VtdTranslateOpts {
  /** Compatibility-format requests fault (0x25) instead of passing through; Linux clears CFI, so default true. */
  readonly blockCompat?: boolean;
}

function fault(code: VtdFaultCode, reason: string, index?: number): VtdFault {
  const f = { kind: "fault" as const, code, name: VTD_FAULT_NAMES[code], reason };
  return index === undefined ? f : { ...f, index };
}

/** Reserved bits per word, for the remapped and the posted view. */
const RSVD_REMAPPED: IrteWords = [0xff007000, 0, 0xfff00000, 0xffffffff];
const RSVD_POSTED: IrteWords = [0xff0030fc, 0x3f, 0xfff00000, 0];

/**
 * What the remapping unit does with one interrupt write. requesterId undefined = no source id
 * known (QEMU skips the check then). The index is held in 16 bits, as QEMU does.
 */
// mirrors QEMU vtd_interrupt_remap_msi()
export function vtdTranslate(
  table: Uint32Array,
  tableEntries: number,
  msg: MsiMsg,
  requesterId: number | undefined,
  x2apic: boolean,
  opts: VtdTranslateOpts = {},
): VtdTranslation {
  const lo = msg.addressLo >>> 0;
  const data = msg.data >>> 0;
  if (msg.addressHi >>> 0 !== 0) {
    return fault(0x20, `address bits 63:32 are ${hex(msg.addressHi)}; an interrupt request must have them zero`);
  }
  if (bitsOf(lo, 31, 20) !== 0xfee) {
    return fault(0x20, `address ${hex(lo)} is outside the 0xfee00000 interrupt window`);
  }
  if (bitOf(lo, 4) === 0) {
    if (opts.blockCompat ?? true) {
      return fault(0x25, "compatibility-format interrupt while the unit blocks them (CFI clear or x2APIC mode)");
    }
    const vector = bitsOf(data, 7, 0);
    const destModeLogical = msiMsgDestModeLogical(msg);
    return { kind: "compat-passthrough", msg, destApicid: bitsOf(lo, 19, 12), destModeLogical, vector };
  }
  const shv = bitOf(lo, 3) === 1;
  const handle = (bitOf(lo, 2) << 15) | bitsOf(lo, 19, 5);
  const index = (handle + (shv ? data & 0xffff : 0)) & 0xffff;
  if (index >= tableEntries) {
    return fault(0x21, `index ${hex(index)} is beyond the ${tableEntries}-entry table`, index);
  }
  const words = irteWords(table, index);
  const irte = irteFromWords(words);
  if (!irte.present) return fault(0x22, `IRTE ${hex(index)} is not present`, index);
  const rsvd = irte.pst ? RSVD_POSTED : RSVD_REMAPPED;
  if (words.some((w, i) => (w & (rsvd[i] ?? 0)) !== 0)) {
    return fault(0x24, `IRTE ${hex(index)} has reserved bits set`, index);
  }
  if (requesterId !== undefined && !vtdCheckSid(irte, requesterId)) {
    const why = `requester ${hex(requesterId)} fails the source check of IRTE ${hex(index)}`;
    return fault(0x26, `${why} (svt ${irte.svt}, sq ${irte.sq}, sid ${hex(irte.sid)})`, index);
  }
  if (shv && data >>> 16 !== 0) {
    return fault(0x20, `data bits 31:16 are ${hex(data >>> 16)} with SHV set; they must be zero`, index);
  }
  if (irte.pst) {
    const descriptorAddress = irte.pdaH * 2 ** 32 + irte.pdaL * 64;
    return { kind: "posted", index, irte, vector: irte.vector, descriptorAddress };
  }
  const warnings: string[] = [];
  if (!shv) {
    if (bitsOf(data, 7, 0) !== irte.vector) {
      warnings.push(`IO-APIC vector ${hex(bitsOf(data, 7, 0))} differs from IRTE vector ${hex(irte.vector)}`);
    }
    if (bitOf(data, 15) !== irte.triggerMode) {
      warnings.push(`IO-APIC trigger ${bitOf(data, 15)} differs from IRTE trigger ${irte.triggerMode}`);
    }
  }
  const destApicid = irteDestApicid(irte, x2apic);
  return {
    kind: "remapped",
    index,
    irte,
    destApicid,
    destModeLogical: irte.dstMode === 1,
    vector: irte.vector,
    trigger: irte.triggerMode ? "level" : "edge",
    msg: deliveredMsg(irte, destApicid, lo),
    warnings,
  };
}

// mirrors QEMU vtd_generate_msi_message(): keeps the two low address bits of the request
function deliveredMsg(irte: Irte, dest: number, requestLo: number): MsiMsg {
  const addressLo = 0xfee00000 | ((dest & 0xff) << 12) | (irte.redirHint << 3) | (irte.dstMode << 2) | (requestLo & 3);
  const data = irte.vector | (irte.dlvryMode << 8) | (1 << 14) | (irte.triggerMode << 15);
  return { addressLo: addressLo >>> 0, addressHi: (dest & 0xffffff00) >>> 0, data: data >>> 0 };
}
