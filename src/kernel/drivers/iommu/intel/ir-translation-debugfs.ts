/** /sys/kernel/debug/iommu/intel/ir_translation_struct (drivers/iommu/intel/debugfs.c). */
import { type Irte, irteFromWords, irteWords } from "./irte";

export interface IrDebugfsUnit {
  /** "dmar0". */
  readonly name: string;
  /** Physical address of the table (printed without 0x). */
  readonly tableAddress: number;
  readonly table: Uint32Array;
  readonly entries: number;
  /** GSTS.IRES; false prints "Interrupt Remapping is not enabled". Default true. */
  readonly irEnabled?: boolean;
  /** cap_pi_support: the unit gets a posted section. QEMU's VT-d has none. Default false. */
  readonly postedSupported?: boolean;
}

const hexPad = (v: number, width: number) => (v >>> 0).toString(16).padStart(width, "0");

/** Present entries of one view, with the raw 64-bit halves as the kernel prints them. */
function* presentEntries(u: IrDebugfsUnit, posted: boolean): Generator<[number, Irte, string, string]> {
  for (let idx = 0; idx < u.entries; idx++) {
    const w = irteWords(u.table, idx);
    const e = irteFromWords(w);
    if (!e.present || (e.pst === 1) !== posted) continue;
    yield [idx, e, hexPad(w[3], 8) + hexPad(w[2], 8), hexPad(w[1], 8) + hexPad(w[0], 8)];
  }
}

/** "%02x:%02x.%01x" of a source id. */
function bdf(sid: number): string {
  return `${hexPad(sid >>> 8, 2)}:${hexPad((sid >>> 3) & 0x1f, 2)}.${(sid & 7).toString(16)}`;
}

// mirrors ir_tbl_remap_entry_show()
function remapEntries(u: IrDebugfsUnit): string {
  let out = " Entry SrcID   DstID    Vct IRTE_high\t\tIRTE_low\n";
  for (const [idx, e, high, low] of presentEntries(u, false)) {
    const cols = `${String(idx).padEnd(5)} ${bdf(e.sid)} ${hexPad(e.destId, 8)} ${hexPad(e.vector, 2)}`;
    out += ` ${cols}  ${high}\t${low}\n`;
  }
  return out;
}

// mirrors ir_tbl_posted_entry_show()
function postedEntries(u: IrDebugfsUnit): string {
  let out = " Entry SrcID   PDA_high PDA_low  Vct IRTE_high\t\tIRTE_low\n";
  for (const [idx, e, high, low] of presentEntries(u, true)) {
    const pda = `${hexPad(e.pdaH, 8)} ${hexPad((e.pdaL << 6) >>> 0, 8)}`;
    const cols = `${String(idx).padEnd(5)} ${bdf(e.sid)} ${pda} ${hexPad(e.vector, 2)}`;
    out += ` ${cols}  ${high}\t${low}\n`;
  }
  return out;
}

function tableAddress(u: IrDebugfsUnit): string {
  return ` IR table address:${u.tableAddress.toString(16)}\n`;
}

// mirrors ir_translation_struct_show()
export function irTranslationStructShow(units: readonly IrDebugfsUnit[]): string {
  let out = "";
  for (const u of units) {
    out += `Remapped Interrupt supported on IOMMU: ${u.name}\n`;
    out += (u.irEnabled ?? true) ? tableAddress(u) + remapEntries(u) : "Interrupt Remapping is not enabled\n";
    out += "\n";
  }
  out += "****\n\n";
  for (const u of units) {
    if (!u.postedSupported) continue;
    out += `Posted Interrupt supported on IOMMU: ${u.name}\n`;
    out += (u.irEnabled ?? true) ? tableAddress(u) + postedEntries(u) : "Interrupt Remapping is not enabled\n";
    out += "\n";
  }
  return out;
}
