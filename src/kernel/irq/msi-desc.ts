/**
 * MSI descriptors and their per-device storage (include/linux/msi.h struct msi_desc, struct
 * msi_device_data): one xarray-like store per device MSI domain, indexed by msi_index.
 */
import type { IrqAffinityDesc } from "./irqdomain";
import type { MsiMsg } from "./msi-msg";

/** enum msi_domain_ids: MSI or MSI-X in the default slot, IMS in the secondary one (6.2–6.9). */
export const MSI_DEFAULT_DOMAIN = 0;
export const MSI_SECONDARY_DOMAIN = 1;
/** MSI_MAX_INDEX + 1: the index space of one store (u16 msi_index). */
export const MSI_XA_DOMAIN_SIZE = 0x10000;
/** MSI_ANY_INDEX: the lowest free index. */
export const MSI_ANY_INDEX = 0xffffffff;

/** struct pci_msi_desc msi_attrib. */
export interface PciMsiAttrib {
  readonly isMsix: boolean;
  /** log2 of the vectors enabled (MSI Multiple Message Enable). */
  multiple: number;
  /** log2 of the vectors the capability offers (MSI Multiple Message Capable). */
  readonly multiCap: number;
  readonly canMask: boolean;
  readonly is64: boolean;
  /** An MSI-X index beyond the table (PCI_IRQ_VIRTUAL): never written to hardware. */
  readonly isVirtual: boolean;
}

/**
 * The msi_attrib of an MSI-X descriptor: a table entry, or a PCI_IRQ_VIRTUAL index beyond the table.
 * Shared (frozen) rather than one per descriptor: nothing changes an MSI-X descriptor's attributes.
 */
export const MSIX_ATTRIB: PciMsiAttrib = Object.freeze({
  isMsix: true,
  multiple: 0,
  multiCap: 0,
  canMask: true,
  is64: true,
  isVirtual: false,
});
export const MSIX_VIRTUAL_ATTRIB: PciMsiAttrib = Object.freeze({ ...MSIX_ATTRIB, canMask: false, isVirtual: true });

export class MsiDesc {
  /** First Linux irq, 0 while not associated. */
  irq = 0;
  /** Irqs behind this descriptor: a multi-MSI block has one descriptor for all of them. */
  nvecUsed = 1;
  /**
   * The message last written (desc->msg), also kept while the device is not writable. Held as three
   * int32 words, not an object: 0xfee… fits a small integer as int32 and not as u32, and a full table's
   * 65,536 descriptors would otherwise keep a message and a boxed number each.
   */
  private msgAddressLo = 0;
  private msgAddressHi = 0;
  private msgData = 0;
  /** MSI-X: the cached vector control word (desc->pci.msix_ctrl); MSI: the mask bits. */
  maskBits = 0;
  /** IMS: the instance cookie (e.g. a PASID), handed to the device's prepare_desc. */
  icookie: number | undefined;
  /** The device's store behind this descriptor: how its chip writes and masks (set by the bus layer). */
  hw: MsiDescHw | undefined;
  /** Called after each message write (desc->write_msi_msg): someone keeps a copy of the message. */
  writeMsiMsg: ((desc: MsiDesc) => void) | undefined;
  constructor(
    readonly msiIndex: number,
    readonly pci: PciMsiAttrib | undefined,
    readonly affinity: readonly IrqAffinityDesc[] | undefined,
  ) {}

  get msg(): MsiMsg {
    return { addressLo: this.msgAddressLo >>> 0, addressHi: this.msgAddressHi >>> 0, data: this.msgData >>> 0 };
  }

  set msg(msg: MsiMsg) {
    this.msgAddressLo = msg.addressLo | 0;
    this.msgAddressHi = msg.addressHi | 0;
    this.msgData = msg.data | 0;
  }
}

/** The device side of a descriptor: irq_write_msi_msg and irq_mask/irq_unmask of its chip. */
export interface MsiDescHw {
  /** `irq` is the Linux irq being written or masked (a multi-MSI block shares one descriptor). */
  write(desc: MsiDesc, irq: number, msg: MsiMsg): void;
  mask(desc: MsiDesc, irq: number, masked: boolean): void;
  /** irq_bus_sync_unlock: commit buffered writes (a store in queue memory). */
  commit?(desc: MsiDesc): void;
  /** The PCI function behind the descriptor (desc->dev), for the ≤ 6.1 global domain's hwirq. */
  readonly pci?: { readonly domainNr: number; readonly devid: number };
}

/**
 * The descriptor xarray of one domain slot: descriptors by msi_index, iterated in index order as
 * xa_for_each() walks them. An array by index, not a Map: a device's 2,048 descriptors held a hash
 * table of three words an entry, and its rehashes as it grew.
 */
export class MsiDescStore {
  private byIndex: (MsiDesc | undefined)[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(index: number): MsiDesc | undefined {
    return Number.isInteger(index) && index >= 0 ? this.byIndex[index] : undefined;
  }

  has(index: number): boolean {
    return this.get(index) !== undefined;
  }

  set(index: number, desc: MsiDesc): void {
    if (!(Number.isInteger(index) && index >= 0 && index < MSI_XA_DOMAIN_SIZE))
      throw new RangeError(`msi_index ${index} is outside the store`);
    if (this.byIndex[index] === undefined) this.count++;
    this.byIndex[index] = desc;
  }

  delete(index: number): boolean {
    if (!this.has(index)) return false;
    this.byIndex[index] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.byIndex = [];
    this.count = 0;
  }

  /** The descriptors with an index in [first, last], ascending (xa_for_each_range()). */
  forEachIn(first: number, last: number, f: (desc: MsiDesc) => void): void {
    const end = Math.min(last, this.byIndex.length - 1);
    for (let i = Math.max(0, first); i <= end; i++) {
      const desc = this.byIndex[i];
      if (desc !== undefined) f(desc);
    }
  }

  forEach(f: (desc: MsiDesc) => void): void {
    this.forEachIn(0, this.byIndex.length - 1, f);
  }

  *values(): IterableIterator<MsiDesc> {
    for (const desc of this.byIndex) if (desc !== undefined) yield desc;
  }
}

/** One device domain slot of msi_device_data: the descriptor store and its domain. */
export class MsiDomainSlot<D> {
  readonly store = new MsiDescStore();
  domain: D | undefined;
  hwsize = MSI_XA_DOMAIN_SIZE;

  /** Descriptors in index order (msi_for_each_desc). */
  descs(filter: "all" | "associated" | "notassociated" = "all", first = 0, last = MSI_XA_DOMAIN_SIZE - 1): MsiDesc[] {
    const out: MsiDesc[] = [];
    this.store.forEachIn(first, last, (d) => {
      if (filter === "associated" && d.irq === 0) return;
      if (filter === "notassociated" && d.irq !== 0) return;
      out.push(d);
    });
    return out;
  }

  /** mirrors msi_insert_desc(): a fixed index must be free and inside hwsize; MSI_ANY_INDEX takes the lowest free. */
  insert(desc: MsiDesc): "ERANGE" | "EBUSY" | undefined {
    if (desc.msiIndex >= this.hwsize) return "ERANGE";
    if (this.store.has(desc.msiIndex)) return "EBUSY";
    this.store.set(desc.msiIndex, desc);
    return undefined;
  }

  /** The lowest free index below hwsize, or undefined when the store is full. */
  lowestFree(): number | undefined {
    for (let i = 0; i < this.hwsize; i++) if (!this.store.has(i)) return i;
    return undefined;
  }
}

/** struct msi_device_data: per device, the stores of its MSI domains. */
export class MsiDeviceData<D> {
  readonly slots: [MsiDomainSlot<D>, MsiDomainSlot<D>] = [new MsiDomainSlot<D>(), new MsiDomainSlot<D>()];
}
