/**
 * The driver-facing PCI/MSI API (drivers/pci/msi/api.c, irqdomain.c): pci_alloc_irq_vectors() with
 * its MSI-X → MSI → INTx fallback, pci_irq_vector(), dynamic MSI-X, IMS, pci_free_irq_vectors().
 */
import type { ImsDeviceArray } from "../../../../hw/ims-device-array";
import { type KernelError, kernelError } from "../../../errno";
import { type MsiMap, msiDomainAllocIrqAt, msiDomainFreeIrqsRange, msiRangeHasAction } from "../../../irq/msi";
import { MSI_ANY_INDEX, MSI_DEFAULT_DOMAIN, MSI_SECONDARY_DOMAIN, MSIX_ATTRIB, MsiDesc } from "../../../irq/msi-desc";
import { MSI_FLAG } from "../../../irq/msi-domain";
import type { PciDev } from "../pci-dev";
import { type PciMsiPlatform, pciCreateImsDomain, pciMsiDomainSupports } from "./irqdomain";
import {
  type EmissionSink,
  type IrqAffinity,
  pciDisableMsi,
  pciDisableMsix,
  pciEnableMsiRange,
  pciEnableMsixRange,
  pciMsiDescHw,
} from "./msi";

export type PciIrqType = "msix" | "msi" | "intx";

export interface PciAllocRequest {
  readonly min: number;
  readonly max: number;
  /** Tried in order (PCI_IRQ_MSIX | PCI_IRQ_MSI | PCI_IRQ_INTX). */
  readonly types: readonly PciIrqType[];
  /** PCI_IRQ_AFFINITY: managed spreading over these CPUs. */
  readonly affinity?: IrqAffinity;
  /** PCI_IRQ_VIRTUAL. */
  readonly virtual?: boolean;
}

/** What pci_alloc_irq_vectors() produced: the count and which mechanism. */
export interface PciAllocResult {
  readonly count: number;
  readonly type: PciIrqType;
}

/**
 * mirrors pci_alloc_irq_vectors_affinity(): MSI-X, then MSI, then INTx (only for min 1 and a routed
 * INTx line); the last error otherwise (initially -ENOSPC).
 */
export function pciAllocIrqVectors(
  p: PciMsiPlatform,
  dev: PciDev,
  req: PciAllocRequest,
  sink?: EmissionSink,
): PciAllocResult | KernelError {
  let err: KernelError = kernelError("ENOSPC", "no interrupt type of the request is available");
  if (req.types.includes("msix") && dev.msixCap) {
    const n = pciEnableMsixRange(p, dev, req.min, req.max, req.affinity, { virtual: req.virtual }, sink);
    if (typeof n === "number") return { count: n, type: "msix" };
    err = n;
  }
  if (req.types.includes("msi") && dev.msiCap) {
    const n = pciEnableMsiRange(p, dev, req.min, req.max, req.affinity, sink);
    if (typeof n === "number") return { count: n, type: "msi" };
    err = n;
  }
  if (req.types.includes("intx") && req.min === 1 && dev.irq !== 0) {
    dev.intxEnabled = true;
    return { count: 1, type: "intx" };
  }
  if (req.types.includes("intx") && req.types.length === 1) {
    return kernelError("ENOSPC", req.min !== 1 ? "INTx gives 1 vector: min must be 1" : `${dev.bdf} has no INTx line`);
  }
  return err;
}

/** mirrors pci_irq_vector(): the irq of MSI-X table index `nr`, MSI vector `nr`, or INTx 0. */
export function pciIrqVector(dev: PciDev, nr: number): number | KernelError {
  const slot = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  if (dev.msixEnabled) {
    const desc = slot.store.get(nr);
    return desc?.irq ? desc.irq : kernelError("EINVAL", `${dev.bdf} has no MSI-X vector at index ${nr}`);
  }
  if (dev.msiEnabled) {
    const desc = slot.store.get(0);
    if (desc && nr < desc.nvecUsed) return desc.irq + nr;
    return kernelError("EINVAL", `${dev.bdf} has ${desc?.nvecUsed ?? 0} MSI vectors, no vector ${nr}`);
  }
  if (nr === 0 && dev.irq) return dev.irq;
  return kernelError("EINVAL", `${dev.bdf} has neither MSI nor MSI-X enabled`);
}

/** mirrors pci_msix_can_alloc_dyn(): an MSI-X capability under a domain that allows it. */
export function pciMsixCanAllocDyn(p: PciMsiPlatform, dev: PciDev): boolean {
  return dev.msixCap !== undefined && pciMsiDomainSupports(p, dev, MSI_FLAG.PCI_MSIX_ALLOC_DYN);
}

/** mirrors pci_msix_alloc_irq_at(): one more MSI-X vector while MSI-X stays enabled. */
export function pciMsixAllocIrqAt(p: PciMsiPlatform, dev: PciDev, index: number, sink?: EmissionSink): MsiMap {
  if (!dev.msixEnabled) return kernelError("ENOTSUPP", `MSI-X is not enabled on ${dev.bdf}`);
  if (!pciMsixCanAllocDyn(p, dev)) {
    return kernelError("ENOTSUPP", `the MSI domain of ${dev.bdf} cannot allocate MSI-X vectors after enable`);
  }
  const slot = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  const table = dev.msixCap;
  if (!table) return kernelError("ENOTSUPP", `${dev.bdf} has no MSI-X capability`);
  slot.hwsize = table.slots;
  const hw = pciMsiDescHw(dev, sink);
  // The MSI-X template's prepare_desc: the new entry starts masked.
  const makeDesc = (i: number) => {
    const desc = new MsiDesc(i, MSIX_ATTRIB, undefined);
    desc.hw = hw;
    desc.maskBits = 1;
    return desc;
  };
  const prepare = (desc: MsiDesc) => {
    table.setEntryMask(desc.msiIndex, true);
  };
  return msiDomainAllocIrqAt(
    p.core,
    slot.domain,
    slot,
    index,
    makeDesc,
    { requesterId: dev.devid, devName: dev.bdf },
    prepare,
  );
}

/** mirrors pci_msix_free_irq(): exactly that index; MSI-X stays enabled. */
export function pciMsixFreeIrq(p: PciMsiPlatform, dev: PciDev, index: number): KernelError | undefined {
  const slot = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  const desc = dev.msixEnabled ? slot.store.get(index) : undefined;
  if (!desc?.irq || !slot.domain) {
    return kernelError("EINVAL", `${dev.bdf} has no allocated MSI-X vector at index ${index}`);
  }
  if (msiRangeHasAction(p.core, slot, index, index) !== undefined) {
    return kernelError("EBUSY", `irq ${desc.irq} still has a handler: free_irq() it first`);
  }
  msiDomainFreeIrqsRange(p.core, slot.domain, slot, index, index);
  slot.store.delete(index);
  return undefined;
}

/**
 * mirrors pci_ims_alloc_irq(): the IMS domain is created on first use (pci_create_ims_domain()
 * refuses without interrupt remapping); the lowest free slot; the device's prepare_desc masks it
 * and stores the cookie (the PASID of an IDXD-style entry).
 */
export function pciImsAllocIrq(p: PciMsiPlatform, dev: PciDev, icookie: number | undefined): MsiMap {
  const ims = dev.ims;
  if (!ims) return kernelError("ENODEV", `${dev.bdf} has no IMS store`);
  const md = pciCreateImsDomain(p, dev, ims.kind === "ims-queue" ? 0 : ims.slots);
  if (typeof md === "string") return kernelError("ENOTSUPP", md);
  const slot = dev.msi.slots[MSI_SECONDARY_DOMAIN];
  const makeDesc = (i: number) => {
    const desc = new MsiDesc(i, undefined, undefined);
    desc.icookie = icookie;
    desc.hw = imsDescHw(dev);
    return desc;
  };
  const prepare = (desc: MsiDesc) => {
    if (ims.kind === "ims-queue") {
      ims.setMask(desc.msiIndex, true);
      return;
    }
    ims.setEntryMask(desc.msiIndex, true);
    (ims as ImsDeviceArray).setPasid(desc.msiIndex, icookie);
  };
  return msiDomainAllocIrqAt(
    p.core,
    md,
    slot,
    MSI_ANY_INDEX,
    makeDesc,
    { requesterId: dev.devid, devName: dev.bdf },
    prepare,
  );
}

/** The IMS chip's write/mask: straight to the device array, or buffered for a queue store until commit. */
function imsDescHw(dev: PciDev): MsiDesc["hw"] {
  return {
    write: (desc, _irq, msg) => {
      dev.ims?.writeMessage(desc.msiIndex, msg);
      desc.msg = msg;
    },
    mask: (desc, _irq, masked) => {
      const ims = dev.ims;
      if (ims?.kind === "ims-queue") ims.setMask(desc.msiIndex, masked);
      else ims?.setEntryMask(desc.msiIndex, masked);
    },
    commit: () => {
      const ims = dev.ims;
      if (ims?.kind === "ims-queue") ims.commit();
    },
  };
}

/** mirrors pci_ims_free_irq(). */
export function pciImsFreeIrq(p: PciMsiPlatform, dev: PciDev, index: number): KernelError | undefined {
  const slot = dev.msi.slots[MSI_SECONDARY_DOMAIN];
  const desc = slot.store.get(index);
  if (!desc?.irq || !slot.domain) return kernelError("EINVAL", `${dev.bdf} has no IMS vector at index ${index}`);
  if (msiRangeHasAction(p.core, slot, index, index) !== undefined) {
    return kernelError("EBUSY", `irq ${desc.irq} still has a handler: free_irq() it first`);
  }
  msiDomainFreeIrqsRange(p.core, slot.domain, slot, index, index);
  if (dev.ims?.kind === "ims-queue") dev.ims.release(index);
  return undefined;
}

/** mirrors pci_free_irq_vectors(): MSI-X, then MSI, disabled and freed. */
export function pciFreeIrqVectors(p: PciMsiPlatform, dev: PciDev): KernelError | undefined {
  if (!dev.msixEnabled && !dev.msiEnabled) {
    return kernelError("EINVAL", `${dev.bdf} has no MSI or MSI-X vectors to free`);
  }
  return pciDisableMsix(p, dev) ?? pciDisableMsi(p, dev);
}
