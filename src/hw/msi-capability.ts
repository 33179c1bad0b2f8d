import type { MsiMsg } from "../kernel/irq/msi-msg";
import { type Emission, type MessageStore, notSent, type StoreWrite, sent, WHOLE_DEVICE } from "./message-store";
import { checkIndex, checkU32, inRange } from "./slot-range";
import { WriteLog } from "./write-log";

export const PCI_CAP_ID_MSI = 0x05;
// Capability-relative offsets (include/uapi/linux/pci_regs.h).
export const PCI_MSI_FLAGS = 0x02;
export const PCI_MSI_ADDRESS_LO = 0x04;
export const PCI_MSI_ADDRESS_HI = 0x08;
export const PCI_MSI_DATA_32 = 0x08;
export const PCI_MSI_MASK_32 = 0x0c;
export const PCI_MSI_PENDING_32 = 0x10;
export const PCI_MSI_DATA_64 = 0x0c;
export const PCI_MSI_MASK_64 = 0x10;
export const PCI_MSI_PENDING_64 = 0x14;
// Message Control bits.
export const PCI_MSI_FLAGS_ENABLE = 0x0001;
export const PCI_MSI_FLAGS_QMASK = 0x000e;
export const PCI_MSI_FLAGS_QSIZE = 0x0070;
export const PCI_MSI_FLAGS_64BIT = 0x0080;
export const PCI_MSI_FLAGS_MASKBIT = 0x0100;

export interface MsiCapabilityConfig {
  /** Multiple Message Capable: log2 of the vectors the function has (0..5). */
  readonly vectorsLog2: number;
  /** 64-bit address capable. */
  readonly addr64: boolean;
  /** Per-vector masking capable. */
  readonly maskable: boolean;
}

type MsiReg = "cap_header" | "control" | "address_lo" | "address_hi" | "data" | "mask_bits" | "pending_bits";

/** One register of the capability: where it sits and which bits software can change. */
interface RegDef {
  readonly name: MsiReg;
  readonly offset: number;
  readonly width: 2 | 4;
  readonly writable: number;
}

/** PCI MSI capability (cap ID 0x05): one address/data pair shared by up to 32 vectors. */
export class MsiCapability implements MessageStore {
  readonly kind = "msi" as const;
  readonly slots: number;
  readonly addr64: boolean;
  readonly maskable: boolean;
  /** Capability length in bytes: the registers present for this variant. */
  readonly length: number;
  private readonly mmc: number;
  private readonly reg: Record<MsiReg, number>;
  private readonly regs: readonly RegDef[];
  private readonly log = new WriteLog();

  constructor(config: MsiCapabilityConfig) {
    const { vectorsLog2, addr64, maskable } = config;
    if (!Number.isInteger(vectorsLog2) || vectorsLog2 < 0 || vectorsLog2 > 5) {
      throw new RangeError(`MSI vectorsLog2 ${vectorsLog2} out of range (0..5)`);
    }
    this.mmc = vectorsLog2;
    this.slots = 1 << vectorsLog2;
    this.addr64 = addr64;
    this.maskable = maskable;
    const control = (vectorsLog2 << 1) | (addr64 ? PCI_MSI_FLAGS_64BIT : 0) | (maskable ? PCI_MSI_FLAGS_MASKBIT : 0);
    this.reg = {
      cap_header: PCI_CAP_ID_MSI,
      control,
      address_lo: 0,
      address_hi: 0,
      data: 0,
      mask_bits: 0,
      pending_bits: 0,
    };
    this.regs = this.layout();
    this.length = Math.max(...this.regs.map((r) => r.offset + r.width));
  }

  get writes(): number {
    return this.log.total;
  }

  /** Writes the device had no register for (address_hi on a 32-bit capability, data bits 31:16). */
  get droppedWrites(): number {
    return this.log.dropped;
  }

  get enabled(): boolean {
    return (this.reg.control & PCI_MSI_FLAGS_ENABLE) !== 0;
  }

  /** Multiple Message Enable as written (log2 of the enabled vectors). */
  get multipleEnable(): number {
    return (this.reg.control & PCI_MSI_FLAGS_QSIZE) >>> 4;
  }

  /** Vectors the device may use: 2^MME, capped at what it has (MME > MMC is undefined in the PCI spec). */
  get enabledVectors(): number {
    return 1 << Math.min(this.multipleEnable, this.mmc);
  }

  /** Offset of the data register (PCI_MSI_DATA_32 / PCI_MSI_DATA_64). */
  get dataOffset(): number {
    return this.addr64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32;
  }

  /** Offset of the mask bits, or undefined when the capability is not maskable. */
  get maskOffset(): number | undefined {
    if (!this.maskable) return undefined;
    return this.addr64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32;
  }

  recentWrites(): readonly StoreWrite[] {
    return this.log.recent();
  }

  readConfig(offset: number, size: 1 | 2 | 4 = 4): number {
    this.checkAccess(offset, size);
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = (v << 8) | this.readByte(offset + i);
    return v >>> 0;
  }

  /** One config write (one device write). Returns the pending messages an unmask released. */
  writeConfig(offset: number, value: number, size: 2 | 4): readonly Emission[] {
    return this.writeAs(WHOLE_DEVICE, offset, value, size);
  }

  setEnable(on: boolean): void {
    const ctrl = on ? this.reg.control | PCI_MSI_FLAGS_ENABLE : this.reg.control & ~PCI_MSI_FLAGS_ENABLE;
    this.writeAs(WHOLE_DEVICE, PCI_MSI_FLAGS, ctrl, 2);
  }

  /** MME = log2 of the vectors Linux enables (msi_attrib.multiple). */
  setMultipleEnable(log2: number): void {
    checkIndex(log2, this.mmc + 1, "MSI multiple-enable log2");
    this.writeAs(WHOLE_DEVICE, PCI_MSI_FLAGS, (this.reg.control & ~PCI_MSI_FLAGS_QSIZE) | (log2 << 4), 2);
  }

  /** __pci_write_msi_msg: address lo, address hi (64-bit only), data (a 16-bit word). */
  writeMessage(msg: MsiMsg): void {
    const data = checkU32(msg.data, "MSI data");
    this.writeAs(0, PCI_MSI_ADDRESS_LO, checkU32(msg.addressLo, "MSI address_lo"), 4);
    if (this.addr64) this.writeAs(0, PCI_MSI_ADDRESS_HI, checkU32(msg.addressHi, "MSI address_hi"), 4);
    // A 32-bit capability has no address_hi register: the high half is lost.
    else if (msg.addressHi !== 0) this.log.drop(0, "address_hi", msg.addressHi);
    this.writeAs(0, this.dataOffset, data & 0xffff, 2);
    // No extended message data: bits 31:16 have nowhere to go.
    if (data >>> 16 !== 0) this.log.drop(0, "data[31:16]", data >>> 16);
  }

  /** Flip one mask bit. On unmask, returns what the device sent for a pending vector (if one was pending). */
  setMaskBit(vector: number, masked: boolean): Emission | undefined {
    checkIndex(vector, this.slots, "MSI vector");
    const offset = this.maskOffset;
    if (offset === undefined) throw new RangeError("MSI capability has no mask bits (not per-vector maskable)");
    const bit = 1 << vector;
    const bits = masked ? this.reg.mask_bits | bit : this.reg.mask_bits & ~bit;
    return this.writeAs(vector, offset, bits >>> 0, 4)[0];
  }

  isPending(vector: number): boolean {
    checkIndex(vector, this.slots, "MSI vector");
    return (this.reg.pending_bits & (1 << vector)) !== 0;
  }

  isMasked(slot: number): boolean {
    checkIndex(slot, this.slots, "MSI vector");
    return (this.reg.mask_bits & (1 << slot)) !== 0;
  }

  /** The shared message with vector `slot` folded into the low MME data bits. */
  storedMessage(slot: number): MsiMsg {
    checkIndex(slot, this.slots, "MSI vector");
    const low = this.enabledVectors - 1;
    return {
      addressLo: this.reg.address_lo,
      addressHi: this.addr64 ? this.reg.address_hi : 0,
      data: ((this.reg.data & ~low) | (slot & low)) >>> 0,
    };
  }

  emit(slot: number): Emission {
    if (!inRange(slot, this.slots)) return notSent(`no vector ${slot}: the function has ${this.slots}`);
    if (!this.enabled) return notSent("MSI disabled");
    if (slot >= this.enabledVectors) {
      return notSent(`vector ${slot} beyond the enabled count (${this.enabledVectors})`);
    }
    if (this.isMasked(slot)) {
      this.reg.pending_bits = (this.reg.pending_bits | (1 << slot)) >>> 0;
      return notSent(`vector ${slot} masked: pending bit set`);
    }
    return sent(this.storedMessage(slot));
  }

  private writeAs(slot: number, offset: number, value: number, size: 2 | 4): readonly Emission[] {
    this.checkAccess(offset, size);
    const v = checkU32(value, "config value");
    const touched = this.regs.filter((r) => r.offset < offset + size && offset < r.offset + r.width);
    this.log.record(slot, touched[0]?.name ?? "reserved", size === 2 ? v & 0xffff : v);
    const maskBefore = this.reg.mask_bits;
    for (const r of touched) {
      let next = this.reg[r.name];
      for (let i = 0; i < r.width; i++) {
        const at = r.offset + i - offset;
        if (at < 0 || at >= size) continue;
        next = (next & ~(0xff << (8 * i))) | (((v >>> (8 * at)) & 0xff) << (8 * i));
      }
      this.reg[r.name] = ((this.reg[r.name] & ~r.writable) | (next & r.writable)) >>> 0;
    }
    // The device sends a pending message once its vector is unmasked; the pending bit clears.
    const released = maskBefore & ~this.reg.mask_bits & this.reg.pending_bits;
    this.reg.pending_bits = (this.reg.pending_bits & ~released) >>> 0;
    const out: Emission[] = [];
    for (let k = 0; k < this.slots; k++) if (released & (1 << k)) out.push(this.emit(k));
    return out;
  }

  private readByte(offset: number): number {
    const r = this.regs.find((x) => offset >= x.offset && offset < x.offset + x.width);
    return r ? (this.reg[r.name] >>> (8 * (offset - r.offset))) & 0xff : 0;
  }

  private checkAccess(offset: number, size: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset % size !== 0 || offset + size > this.length) {
      throw new RangeError(`MSI config access of ${size} bytes at 0x${offset.toString(16)} outside the capability`);
    }
  }

  /** Register offsets of the 32/64-bit, maskable or not, variants (PCI Local Bus spec 6.8.1). */
  private layout(): RegDef[] {
    const regs: RegDef[] = [
      { name: "cap_header", offset: 0, width: 2, writable: 0 },
      { name: "control", offset: PCI_MSI_FLAGS, width: 2, writable: PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE },
      // Bits 1:0 are hardwired to 0 (DWORD-aligned address).
      { name: "address_lo", offset: PCI_MSI_ADDRESS_LO, width: 4, writable: 0xfffffffc },
    ];
    if (this.addr64) regs.push({ name: "address_hi", offset: PCI_MSI_ADDRESS_HI, width: 4, writable: 0xffffffff });
    regs.push({ name: "data", offset: this.dataOffset, width: 2, writable: 0xffff });
    const maskAt = this.maskOffset;
    if (maskAt !== undefined) {
      // Only implemented vectors have mask bits; pending bits are read-only.
      regs.push({ name: "mask_bits", offset: maskAt, width: 4, writable: (2 ** this.slots - 1) >>> 0 });
      regs.push({ name: "pending_bits", offset: maskAt + 4, width: 4, writable: 0 });
    }
    return regs;
  }
}
