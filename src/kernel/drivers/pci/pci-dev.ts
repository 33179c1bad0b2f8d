/**
 * A PCI function as the MSI code sees it (struct pci_dev): its address, its interrupt capabilities
 * (the hardware registers live in src/hw), the MSI state bits and its MSI domains.
 */
import type { ImsDeviceArray } from "../../../hw/ims-device-array";
import type { ImsQueueStore } from "../../../hw/ims-queue-store";
import type { MsiCapability } from "../../../hw/msi-capability";
import type { MsixTable } from "../../../hw/msix-table";
import type { IrqDomain } from "../../irq/irqdomain";
import { MsiDeviceData } from "../../irq/msi-desc";
import type { MsiDomain } from "../../irq/msi-domain";

/** "dddd:bb:dd.f" split into its numbers. */
export interface PciAddress {
  readonly domain: number;
  readonly bus: number;
  readonly dev: number;
  readonly fn: number;
}

export function parseBdf(bdf: string): PciAddress | undefined {
  const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(bdf);
  if (!m) return undefined;
  const [, d, b, s, f] = m;
  const dev = Number.parseInt(s ?? "", 16);
  if (dev > 0x1f) return undefined;
  return { domain: Number.parseInt(d ?? "", 16), bus: Number.parseInt(b ?? "", 16), dev, fn: Number(f) };
}

export function formatBdf(a: PciAddress): string {
  const h = (v: number, n: number) => v.toString(16).padStart(n, "0");
  return `${h(a.domain, 4)}:${h(a.bus, 2)}:${h(a.dev, 2)}.${a.fn}`;
}

/** The IMS store a device may have beside its MSI-X table (§7.7 of the spec; v6.2–v6.9 kernels). */
export type ImsStore = ImsDeviceArray | ImsQueueStore;

export class PciDev {
  readonly address: PciAddress;
  /** pci_dev_id(): bus << 8 | devfn, the requester id. */
  readonly devid: number;
  readonly msi = new MsiDeviceData<MsiDomain>();
  msiEnabled = false;
  msixEnabled = false;
  /** dev->irq: the INTx Linux irq (0 when the function has no INTx routing). */
  irq = 0;
  intxEnabled = true;
  /** dev_to_node(): 0 on the model's one-node servers, -1 (NUMA_NO_NODE) where firmware gives none (q35). */
  node = 0;
  /** The INTx pin the function implements (0 = INTA), if any: routed at pci_enable_device(). */
  intxPin: number | undefined;
  /** dev->msi.domain: the MSI parent (VECTOR or INTEL-IR) or, before 6.2, the global PCI/MSI domain. */
  msiParent: IrqDomain | undefined;
  /** Before 6.2: the global PCI-MSI / INTEL-IR-MSI domain every device shares. */
  globalDomain: MsiDomain | undefined;
  /** The IMS chip name of the device driver ("IDXD-IMS", "NIC-IMS"). */
  imsChipName = "IMS";

  constructor(
    readonly name: string,
    readonly bdf: string,
    readonly msiCap: MsiCapability | undefined,
    readonly msixCap: MsixTable | undefined,
    readonly ims: ImsStore | undefined,
  ) {
    const a = parseBdf(bdf);
    if (!a) throw new RangeError(`bad BDF ${bdf}`);
    this.address = a;
    this.devid = (a.bus << 8) | (a.dev << 3) | a.fn;
  }
}
