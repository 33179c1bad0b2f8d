import { ENTRY_SIZE, EntryArray, type EntryWord, type FunctionBlock } from "./entry-array";
import { type Emission, WHOLE_DEVICE } from "./message-store";
import { checkIndex, checkU32 } from "./slot-range";

export const PCI_CAP_ID_MSIX = 0x11;
// Message Control bits (include/uapi/linux/pci_regs.h).
export const PCI_MSIX_FLAGS_QSIZE = 0x07ff;
export const PCI_MSIX_FLAGS_MASKALL = 0x4000;
export const PCI_MSIX_FLAGS_ENABLE = 0x8000;
/** Table / PBA Offset registers: bits 2:0 BIR, bits 31:3 offset (PCI_MSIX_TABLE_BIR / _OFFSET). */
export const PCI_MSIX_TABLE_BIR = 0x7;
export const PCI_MSIX_TABLE_OFFSET = 0xfffffff8;
export const MSIX_MAX_ENTRIES = 2048;

export interface MsixTableConfig {
  /** Table size, 1..2048. */
  readonly size: number;
  /** BAR holding the table (0..5). */
  readonly tableBir: number;
  /** Byte offset of the table in that BAR (8-byte aligned). */
  readonly tableOffset: number;
  readonly pbaBir: number;
  readonly pbaOffset: number;
}

/** A location in a BAR. */
export interface BarAddress {
  readonly bar: number;
  readonly offset: number;
}

/** PCI MSI-X capability (cap ID 0x11) with its table and Pending Bit Array. */
export class MsixTable extends EntryArray {
  readonly kind = "msix" as const;
  readonly tableBir: number;
  readonly tableOffset: number;
  readonly pbaBir: number;
  readonly pbaOffset: number;
  private control: number;

  constructor(config: MsixTableConfig) {
    const { size, tableBir, tableOffset, pbaBir, pbaOffset } = config;
    checkIndex(size - 1, MSIX_MAX_ENTRIES, "MSI-X table size - 1");
    super(size, "vector_ctrl");
    this.tableBir = checkBar(tableBir);
    this.tableOffset = checkOffset(tableOffset);
    this.pbaBir = checkBar(pbaBir);
    this.pbaOffset = checkOffset(pbaOffset);
    this.control = size - 1;
  }

  get enabled(): boolean {
    return (this.control & PCI_MSIX_FLAGS_ENABLE) !== 0;
  }

  get functionMasked(): boolean {
    return (this.control & PCI_MSIX_FLAGS_MASKALL) !== 0;
  }

  /** Message Control: QSIZE (size − 1, read-only), MASKALL, ENABLE. */
  readControl(): number {
    return this.control;
  }

  /** Table Offset/BIR register (cap +0x04). */
  readTableOffsetBir(): number {
    return (this.tableOffset | this.tableBir) >>> 0;
  }

  /** PBA Offset/BIR register (cap +0x08). */
  readPbaOffsetBir(): number {
    return (this.pbaOffset | this.pbaBir) >>> 0;
  }

  /** One write of Message Control. Returns the pending messages sent because the function was unmasked. */
  writeControl(value: number): readonly Emission[] {
    const v = checkU32(value, "MSI-X control") & 0xffff;
    const wasLatched = this.functionMasked;
    const rw = PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL;
    this.control = (this.control & ~rw) | (v & rw);
    this.log.record(WHOLE_DEVICE, "control", v);
    if (!wasLatched || this.functionMasked) return [];
    const out: Emission[] = [];
    for (let i = 0; i < this.slots; i++) {
      const e = this.release(i);
      if (e) out.push(e);
    }
    return out;
  }

  setEnable(on: boolean): readonly Emission[] {
    return this.writeControl(on ? this.control | PCI_MSIX_FLAGS_ENABLE : this.control & ~PCI_MSIX_FLAGS_ENABLE);
  }

  /** Function Mask (MASKALL): masks every entry; events are latched in the PBA. */
  setFunctionMask(masked: boolean): readonly Emission[] {
    return this.writeControl(masked ? this.control | PCI_MSIX_FLAGS_MASKALL : this.control & ~PCI_MSIX_FLAGS_MASKALL);
  }

  /** Where a table word lives: table BAR, table offset + index × PCI_MSIX_ENTRY_SIZE + word. */
  entryAddress(index: number, word: EntryWord): BarAddress {
    this.readEntryWord(index, word); // validates index and word
    return { bar: this.tableBir, offset: this.tableOffset + index * ENTRY_SIZE + word };
  }

  /** The entry's pending bit: one bit per entry packed in 64-bit QWORDs. */
  pbaBit(index: number): { readonly qword: number; readonly bit: number } {
    checkIndex(index, this.slots, "MSI-X entry");
    return { qword: Math.floor(index / 64), bit: index % 64 };
  }

  /** Where the QWORD holding the entry's pending bit lives. */
  pbaAddress(index: number): BarAddress {
    return { bar: this.pbaBir, offset: this.pbaOffset + this.pbaBit(index).qword * 8 };
  }

  protected block(): FunctionBlock | undefined {
    if (!this.enabled) return { reason: "MSI-X disabled", latch: false };
    if (this.functionMasked) return { reason: "function masked (MASKALL): pending bit set", latch: true };
    return undefined;
  }
}

function checkBar(bir: number): number {
  checkIndex(bir, 6, "BAR indicator");
  return bir;
}

function checkOffset(offset: number): number {
  if (!Number.isInteger(offset) || offset < 0 || offset > PCI_MSIX_TABLE_OFFSET || offset % 8 !== 0) {
    throw new RangeError(`MSI-X table/PBA offset 0x${offset.toString(16)} is not an 8-byte aligned u32`);
  }
  return offset;
}
