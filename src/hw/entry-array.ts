import type { MsiMsg } from "../kernel/irq/msi-msg";
import { type Emission, type MessageStore, notSent, type StoreKind, type StoreWrite, sent } from "./message-store";
import { checkIndex, checkU32, inRange } from "./slot-range";
import { WriteLog } from "./write-log";

/** Bytes per entry (PCI_MSIX_ENTRY_SIZE; the IDXD IMS entry copies the layout). */
export const ENTRY_SIZE = 16;
// Word offsets inside an entry.
export const ENTRY_LOWER_ADDR = 0; // PCI_MSIX_ENTRY_LOWER_ADDR
export const ENTRY_UPPER_ADDR = 4; // PCI_MSIX_ENTRY_UPPER_ADDR
export const ENTRY_DATA = 8; // PCI_MSIX_ENTRY_DATA
export const ENTRY_CTRL = 12; // PCI_MSIX_ENTRY_VECTOR_CTRL
/** Bit 0 of the control word masks the entry (PCI_MSIX_ENTRY_CTRL_MASKBIT, IDXD CTRL_VECTOR_MASKBIT). */
export const ENTRY_CTRL_MASKBIT = 0x1;

export type EntryWord = typeof ENTRY_LOWER_ADDR | typeof ENTRY_UPPER_ADDR | typeof ENTRY_DATA | typeof ENTRY_CTRL;

/** Why the whole function refuses to send, and whether the event is latched as pending meanwhile. */
export interface FunctionBlock {
  readonly reason: string;
  readonly latch: boolean;
}

/**
 * An array of 16-byte message entries {address_lo, address_hi, data, ctrl} with a mask bit and a
 * pending bit per entry: the shape shared by the MSI-X table and device-memory IMS.
 */
export abstract class EntryArray implements MessageStore {
  abstract readonly kind: StoreKind;
  readonly slots: number;
  protected readonly log = new WriteLog();
  private readonly table: Uint32Array;
  private readonly pending: Uint8Array;
  private hazards = 0;

  constructor(
    size: number,
    private readonly ctrlName: string,
  ) {
    this.slots = size;
    this.table = new Uint32Array(size * 4);
    this.pending = new Uint8Array(size);
    // Reset state: every entry masked, zero message.
    for (let i = 0; i < size; i++) this.table[i * 4 + 3] = ENTRY_CTRL_MASKBIT;
  }

  get writes(): number {
    return this.log.total;
  }

  /** Address/data words written while the entry could fire: undefined behaviour per the PCI spec. */
  get unmaskedWrites(): number {
    return this.hazards;
  }

  recentWrites(): readonly StoreWrite[] {
    return this.log.recent();
  }

  readEntryWord(index: number, word: EntryWord): number {
    return this.table[this.wordIndex(index, word)] ?? 0;
  }

  /** One device write. Returns what the device sent if this unmasked an entry with a pending message. */
  writeEntryWord(index: number, word: EntryWord, value: number): Emission | undefined {
    const at = this.wordIndex(index, word);
    const v = checkU32(value, "entry word");
    const before = this.table[at] ?? 0;
    // Changing the message of an entry that can fire is undefined; Linux masks the entry first.
    if (word !== ENTRY_CTRL && !this.entryMasked(index) && this.block()?.latch !== true) this.hazards++;
    this.table[at] = v;
    this.log.record(index, this.wordName(word), v);
    const unmasked = word === ENTRY_CTRL && (before & ENTRY_CTRL_MASKBIT) !== 0 && (v & ENTRY_CTRL_MASKBIT) === 0;
    return unmasked ? this.release(index) : undefined;
  }

  /** Three word writes: address low, address high, data. */
  writeMessage(index: number, msg: MsiMsg): void {
    checkIndex(index, this.slots, "entry");
    this.writeEntryWord(index, ENTRY_LOWER_ADDR, msg.addressLo);
    this.writeEntryWord(index, ENTRY_UPPER_ADDR, msg.addressHi);
    this.writeEntryWord(index, ENTRY_DATA, msg.data);
  }

  /** Read-modify-write of the mask bit, other control bits kept. Returns the pending message sent on unmask. */
  setEntryMask(index: number, masked: boolean): Emission | undefined {
    const ctrl = this.readEntryWord(index, ENTRY_CTRL);
    const next = masked ? ctrl | ENTRY_CTRL_MASKBIT : ctrl & ~ENTRY_CTRL_MASKBIT;
    return this.writeEntryWord(index, ENTRY_CTRL, next >>> 0);
  }

  isEntryMasked(index: number): boolean {
    checkIndex(index, this.slots, "entry");
    return this.entryMasked(index);
  }

  isPending(index: number): boolean {
    checkIndex(index, this.slots, "entry");
    return this.pending[index] === 1;
  }

  /** Entry mask, or a function-wide mask that latches events. */
  isMasked(slot: number): boolean {
    checkIndex(slot, this.slots, "entry");
    return this.entryMasked(slot) || this.block()?.latch === true;
  }

  /**
   * What storedMessage() says for every entry at once: address low, address high and data of entry i
   * at out[i * width …], for a copy of a whole table (2,048 entries) without an object per entry.
   */
  copyMessages(out: Float64Array, width: number): void {
    for (let i = 0; i < this.slots; i++) {
      out[i * width] = this.table[i * 4] ?? 0;
      out[i * width + 1] = this.table[i * 4 + 1] ?? 0;
      out[i * width + 2] = this.table[i * 4 + 2] ?? 0;
    }
  }

  storedMessage(slot: number): MsiMsg {
    return {
      addressLo: this.readEntryWord(slot, ENTRY_LOWER_ADDR),
      addressHi: this.readEntryWord(slot, ENTRY_UPPER_ADDR),
      data: this.readEntryWord(slot, ENTRY_DATA),
    };
  }

  emit(slot: number): Emission {
    if (!inRange(slot, this.slots)) return notSent(`no entry ${slot}: the table has ${this.slots}`);
    const blocked = this.block();
    if (blocked) {
      if (blocked.latch) this.pending[slot] = 1;
      return notSent(blocked.reason);
    }
    if (this.entryMasked(slot)) {
      this.pending[slot] = 1;
      return notSent(`entry ${slot} masked: pending bit set`);
    }
    return this.deliver(slot, this.storedMessage(slot));
  }

  /** Function-level state that stops every entry (MSI-X enable / function mask), if any. */
  protected abstract block(): FunctionBlock | undefined;

  /** The emission for an unmasked entry; IMS adds the PASID. */
  protected deliver(_slot: number, msg: MsiMsg): Emission {
    return sent(msg);
  }

  /** After an unmask: send the pending message if nothing else still holds it back. */
  protected release(index: number): Emission | undefined {
    if (this.pending[index] !== 1 || this.entryMasked(index) || this.block()?.latch === true) return undefined;
    this.pending[index] = 0;
    return this.emit(index);
  }

  private entryMasked(index: number): boolean {
    return ((this.table[index * 4 + 3] ?? 0) & ENTRY_CTRL_MASKBIT) !== 0;
  }

  private wordIndex(index: number, word: number): number {
    checkIndex(index, this.slots, "entry");
    if (word !== ENTRY_LOWER_ADDR && word !== ENTRY_UPPER_ADDR && word !== ENTRY_DATA && word !== ENTRY_CTRL) {
      throw new RangeError(`entry word offset ${word} is not 0, 4, 8 or 12`);
    }
    return index * 4 + word / 4;
  }

  private wordName(word: EntryWord): string {
    if (word === ENTRY_LOWER_ADDR) return "address_lo";
    if (word === ENTRY_UPPER_ADDR) return "address_hi";
    if (word === ENTRY_DATA) return "data";
    return this.ctrlName;
  }
}
