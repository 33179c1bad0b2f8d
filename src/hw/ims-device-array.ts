import type { MsiMsg } from "../kernel/irq/msi-msg";
import { ENTRY_CTRL, ENTRY_SIZE, EntryArray, type EntryWord, type FunctionBlock } from "./entry-array";
import { type Emission, sent } from "./message-store";
import { checkIndex } from "./slot-range";

// ctrl word of an IDXD IMS entry (tglx's irq-pci-intel-idxd.c, Nov 2022, not merged).
export const IMS_CTRL_PASID_ENABLE = 0x8; // CTRL_PASID_ENABLE, bit 3
export const IMS_CTRL_PASID_SHIFT = 12; // CTRL_PASID_SHIFT
export const IMS_PASID_MAX = 0xfffff; // 20-bit PASID
/** Bits a PASID update leaves alone: everything below the PASID field except PASID enable. */
const CTRL_KEEP = ((1 << IMS_CTRL_PASID_SHIFT) - 1) & ~IMS_CTRL_PASID_ENABLE;

export interface ImsDeviceArrayConfig {
  /** Number of entries (IDXD: max_ims_mult × 256); must be > 0. */
  readonly size: number;
}

/**
 * Device-memory IMS (IDXD style): 16-byte entries {address_lo, address_hi, data, ctrl} with a mask bit
 * and an optional PASID the device tags its interrupt write with. No function-wide enable or mask.
 * A masked entry latches its event and sends it on unmask, like MSI-X (the entry mirrors MSI-X; unverified).
 */
export class ImsDeviceArray extends EntryArray {
  readonly kind = "ims-device" as const;

  constructor(config: ImsDeviceArrayConfig) {
    if (!Number.isInteger(config.size) || config.size < 1) {
      throw new RangeError(`IMS array size ${config.size} must be a positive integer (hwsize > 0)`);
    }
    super(config.size, "ctrl");
  }

  /** Byte offset of an entry word inside the IMS array. */
  entryOffset(index: number, word: EntryWord): number {
    this.readEntryWord(index, word); // validates index and word
    return index * ENTRY_SIZE + word;
  }

  /** Program (or clear, with undefined) the PASID in ctrl, keeping the mask bit. One ctrl write. */
  setPasid(index: number, pasid: number | undefined): Emission | undefined {
    if (pasid !== undefined) checkIndex(pasid, IMS_PASID_MAX + 1, "PASID");
    const keep = this.readEntryWord(index, ENTRY_CTRL) & CTRL_KEEP;
    const field = pasid === undefined ? 0 : IMS_CTRL_PASID_ENABLE | (pasid << IMS_CTRL_PASID_SHIFT);
    return this.writeEntryWord(index, ENTRY_CTRL, (keep | field) >>> 0);
  }

  /** The PASID the entry tags its writes with, or undefined when PASID enable is clear. */
  pasid(index: number): number | undefined {
    const ctrl = this.readEntryWord(index, ENTRY_CTRL);
    return ctrl & IMS_CTRL_PASID_ENABLE ? ctrl >>> IMS_CTRL_PASID_SHIFT : undefined;
  }

  protected block(): FunctionBlock | undefined {
    return undefined;
  }

  protected override deliver(slot: number, msg: MsiMsg): Emission {
    return sent(msg, this.pasid(slot));
  }
}
