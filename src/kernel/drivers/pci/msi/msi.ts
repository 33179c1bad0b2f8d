/**
 * PCI MSI and MSI-X enabling (drivers/pci/msi/msi.c): the capability set-up, the descriptors, the
 * writes to the capability or the table (__pci_write_msi_msg()), per-vector masking, and disable.
 */
import type { Emission } from "../../../../hw/message-store";
import type { CpuMask } from "../../../cpumask";
import { type KernelError, kernelError } from "../../../errno";
import { irqCreateAffinityMasks } from "../../../irq/affinity";
import type { IrqAffinityDesc } from "../../../irq/irqdomain";
import { msiDomainAllocIrqsRange, msiDomainFreeIrqsRange, msiRangeHasAction } from "../../../irq/msi";
import { MSI_DEFAULT_DOMAIN, MSIX_ATTRIB, MSIX_VIRTUAL_ATTRIB, MsiDesc, type MsiDescHw } from "../../../irq/msi-desc";
import { MSI_FLAG } from "../../../irq/msi-domain";
import type { MsiMsg } from "../../../irq/msi-msg";
import type { PciDev } from "../pci-dev";
import { type PciMsiPlatform, pciMsiDomainSupports, pciSetupDeviceDomain } from "./irqdomain";

/**
 * struct irq_affinity: the first `preVectors` and last `postVectors` irqs keep the default affinity
 * (a driver's admin or config vector); the rest are managed and spread over `cpus` (the possible CPUs).
 */
export interface IrqAffinity {
  readonly cpus: CpuMask;
  readonly preVectors?: number;
  readonly postVectors?: number;
}

/** Where an interrupt that the device sends on unmask (a pending bit) goes. */
export type EmissionSink = (dev: PciDev, emission: Emission) => void;

/** __pci_write_msi_msg() and the mask helpers, bound to one device. */
export function pciMsiDescHw(dev: PciDev, sink: EmissionSink | undefined): MsiDescHw {
  return {
    pci: { domainNr: dev.address.domain, devid: dev.devid },
    write: (desc, irq, msg) => pciWriteMsiMsg(dev, desc, irq, msg),
    mask: (desc, irq, masked) => {
      const e = pciMsiMask(dev, desc, irq, masked);
      if (e && sink) sink(dev, e);
    },
  };
}

/**
 * mirrors pci_msi_domain_write_msg() + __pci_write_msi_msg(): only the first irq of a multi-MSI block
 * writes; an unmasked MSI-X entry is masked around the write; virtual entries touch no hardware.
 */
function pciWriteMsiMsg(dev: PciDev, desc: MsiDesc, irq: number, msg: MsiMsg): void {
  if (desc.irq !== irq) return;
  const attr = desc.pci;
  if (attr?.isMsix) {
    const table = dev.msixCap;
    if (table && !attr.isVirtual) {
      const unmasked = !table.isEntryMasked(desc.msiIndex);
      if (unmasked) table.setEntryMask(desc.msiIndex, true);
      table.writeMessage(desc.msiIndex, msg);
      if (unmasked) table.setEntryMask(desc.msiIndex, false);
    }
  } else if (attr && dev.msiCap) {
    dev.msiCap.setMultipleEnable(attr.multiple);
    dev.msiCap.writeMessage(msg);
  }
  desc.msg = msg;
  desc.writeMsiMsg?.(desc);
}

/** mirrors pci_msi_mask()/pci_msix_mask() and the unmask side: the entry's bit, or MSI's per-vector mask bit. */
function pciMsiMask(dev: PciDev, desc: MsiDesc, irq: number, masked: boolean): Emission | undefined {
  const attr = desc.pci;
  if (!attr) return undefined;
  if (attr.isMsix) {
    if (attr.isVirtual || !dev.msixCap) return undefined;
    desc.maskBits = masked ? 1 : 0;
    return dev.msixCap.setEntryMask(desc.msiIndex, masked);
  }
  if (!attr.canMask || !dev.msiCap) return undefined;
  const bit = irq - desc.irq;
  desc.maskBits = masked ? desc.maskBits | (1 << bit) : desc.maskBits & ~(1 << bit);
  return dev.msiCap.setMaskBit(bit, masked);
}

/**
 * mirrors irq_calc_affinity_vectors(): the reserved (pre + post) vectors plus at most one spread
 * vector per possible CPU; 0 when the reserved ones alone exceed `minvec`.
 */
export function irqCalcAffinityVectors(minvec: number, maxvec: number, affd: IrqAffinity): number {
  const resv = (affd.preVectors ?? 0) + (affd.postVectors ?? 0);
  if (resv > minvec) return 0;
  const n = resv + Math.min(affd.cpus.weight(), maxvec - resv);
  return n < minvec ? 0 : n;
}

function affinityDescs(nvec: number, affd: IrqAffinity | undefined): IrqAffinityDesc[] | undefined {
  return affd ? irqCreateAffinityMasks(nvec, affd.cpus, affd.preVectors ?? 0, affd.postVectors ?? 0) : undefined;
}

/** The outcome of one *_capability_init(): 0 done, an error, or "try again with this many". */
type InitResult = 0 | KernelError | { readonly retry: number };

/**
 * mirrors msi_capability_init(): one descriptor for the whole block; multi-MSI only where the domain
 * supports it (interrupt remapping on x86), otherwise "retry with 1".
 */
function msiCapabilityInit(
  p: PciMsiPlatform,
  dev: PciDev,
  nvec: number,
  affd: IrqAffinity | undefined,
  sink: EmissionSink | undefined,
): InitResult {
  const cap = dev.msiCap;
  if (!cap) return kernelError("EINVAL", `${dev.bdf} has no MSI capability`);
  if (nvec > 1 && !pciMsiDomainSupports(p, dev, MSI_FLAG.MULTI_PCI_MSI)) return { retry: 1 };
  const md = pciSetupDeviceDomain(p, dev, "msi");
  if (!md) return kernelError("ENODEV", `${dev.bdf} has no MSI domain`);
  cap.setEnable(false);
  const multiple = Math.ceil(Math.log2(nvec));
  const desc = new MsiDesc(
    0,
    {
      isMsix: false,
      multiple,
      multiCap: Math.log2(cap.slots),
      canMask: cap.maskable,
      is64: cap.addr64,
      isVirtual: false,
    },
    affinityDescs(nvec, affd),
  );
  desc.nvecUsed = nvec;
  desc.hw = pciMsiDescHw(dev, sink);
  // msi_setup_msi_desc() + pci_msi_mask(): every vector starts masked when the device can mask.
  if (cap.maskable) for (let v = 0; v < nvec; v++) cap.setMaskBit(v, true);
  desc.maskBits = cap.maskable ? (1 << nvec) - 1 : 0;
  const slot = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  slot.store.clear();
  slot.insert(desc);
  const ret = msiDomainAllocIrqsRange(p.core, md, slot, 0, 0, {
    requesterId: dev.devid,
    devName: dev.bdf,
    node: dev.node,
  });
  if (ret !== undefined) {
    slot.store.clear();
    return ret;
  }
  cap.setEnable(true);
  dev.intxEnabled = false;
  dev.msiEnabled = true;
  return 0;
}

/** mirrors __pci_enable_msi_range(). Returns the vectors enabled. */
export function pciEnableMsiRange(
  p: PciMsiPlatform,
  dev: PciDev,
  minvec: number,
  maxvec: number,
  affd: IrqAffinity | undefined,
  sink?: EmissionSink,
): number | KernelError {
  if (!dev.msiCap) return kernelError("EINVAL", `${dev.bdf} has no MSI capability`);
  if (dev.msixEnabled) return kernelError("EINVAL", `${dev.bdf}: can't enable MSI (MSI-X already enabled)`);
  if (dev.msiEnabled) return kernelError("EINVAL", `${dev.bdf}: MSI is already enabled`);
  if (maxvec < minvec) return kernelError("ERANGE", `min ${minvec} > max ${maxvec}`);
  let nvec = dev.msiCap.slots;
  if (nvec < minvec)
    return kernelError("ENOSPC", `the MSI capability offers ${nvec} vectors, fewer than min ${minvec}`);
  if (nvec > maxvec) nvec = maxvec;
  for (;;) {
    if (affd) {
      nvec = irqCalcAffinityVectors(minvec, nvec, affd);
      if (nvec < minvec) return kernelError("ENOSPC", `fewer than ${minvec} CPUs to spread managed vectors over`);
    }
    const rc = msiCapabilityInit(p, dev, nvec, affd, sink);
    if (rc === 0) return nvec;
    if ("ok" in rc) return rc;
    if (rc.retry < minvec) {
      return kernelError(
        "ENOSPC",
        rc.retry === 1 && nvec > 1 && !pciMsiDomainSupports(p, dev, MSI_FLAG.MULTI_PCI_MSI)
          ? `multi-MSI needs interrupt remapping on x86: only 1 vector possible, min is ${minvec}`
          : `only ${rc.retry} vectors could be allocated, min is ${minvec}`,
      );
    }
    nvec = rc.retry;
  }
}

/**
 * mirrors msix_capability_init(): enable with the function masked, one descriptor per entry (those
 * past the table are virtual), every entry masked, the irqs allocated, then the function unmasked.
 */
function msixCapabilityInit(
  p: PciMsiPlatform,
  dev: PciDev,
  nvec: number,
  affd: IrqAffinity | undefined,
  sink: EmissionSink | undefined,
): InitResult {
  const table = dev.msixCap;
  if (!table) return kernelError("EINVAL", `${dev.bdf} has no MSI-X capability`);
  table.setEnable(true);
  table.setFunctionMask(true);
  const md = pciSetupDeviceDomain(p, dev, "msix");
  if (!md) {
    table.setEnable(false);
    return kernelError("ENODEV", `${dev.bdf} has no MSI-X domain`);
  }
  const slot = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  slot.store.clear();
  slot.hwsize = Math.max(table.slots, nvec);
  const masks = affinityDescs(nvec, affd);
  const hw = pciMsiDescHw(dev, sink);
  for (let i = 0; i < nvec; i++) {
    const isVirtual = i >= table.slots;
    const mask = masks?.[i];
    const desc = new MsiDesc(i, isVirtual ? MSIX_VIRTUAL_ATTRIB : MSIX_ATTRIB, mask ? [mask] : undefined);
    desc.hw = hw;
    desc.maskBits = 1;
    slot.insert(desc);
  }
  // msix_mask_all(): every table entry, used or not.
  for (let i = 0; i < table.slots; i++) table.setEntryMask(i, true);
  const ret = msiDomainAllocIrqsRange(p.core, md, slot, 0, nvec - 1, {
    requesterId: dev.devid,
    devName: dev.bdf,
    node: dev.node,
  });
  if (ret !== undefined) {
    slot.store.clear();
    table.setEnable(false);
    return ret;
  }
  dev.intxEnabled = false;
  table.setFunctionMask(false);
  dev.msixEnabled = true;
  return 0;
}

/** PCI_IRQ_VIRTUAL: MSI-X vectors beyond the table are allowed (they exist only in software). */
export interface MsixOptions {
  readonly virtual?: boolean;
}

/** mirrors __pci_enable_msix_range(). Returns the vectors enabled. */
export function pciEnableMsixRange(
  p: PciMsiPlatform,
  dev: PciDev,
  minvec: number,
  maxvec: number,
  affd: IrqAffinity | undefined,
  opts: MsixOptions = {},
  sink?: EmissionSink,
): number | KernelError {
  if (maxvec < minvec) return kernelError("ERANGE", `min ${minvec} > max ${maxvec}`);
  if (!dev.msixCap) return kernelError("EINVAL", `${dev.bdf} has no MSI-X capability`);
  if (dev.msiEnabled) return kernelError("EINVAL", `${dev.bdf}: can't enable MSI-X (MSI already enabled)`);
  if (dev.msixEnabled) return kernelError("EINVAL", `${dev.bdf}: MSI-X is already enabled`);
  let nvec = maxvec;
  for (;;) {
    if (affd) {
      nvec = irqCalcAffinityVectors(minvec, nvec, affd);
      if (nvec < minvec) return kernelError("ENOSPC", `fewer than ${minvec} CPUs to spread managed vectors over`);
    }
    // __pci_enable_msix(): more than the table holds → "try the table size" (unless virtual).
    let rc: InitResult;
    if (nvec > dev.msixCap.slots && !opts.virtual) rc = { retry: dev.msixCap.slots };
    else rc = msixCapabilityInit(p, dev, nvec, affd, sink);
    if (rc === 0) return nvec;
    if ("ok" in rc) return rc;
    if (rc.retry < minvec) {
      return kernelError("ENOSPC", `only ${rc.retry} MSI-X vectors are possible, min is ${minvec}`);
    }
    nvec = rc.retry;
  }
}

/** The first irq still holding a handler, which the kernel would BUG() on when freeing. */
function busyIrq(p: PciMsiPlatform, dev: PciDev): KernelError | undefined {
  const irq = msiRangeHasAction(p.core, dev.msi.slots[MSI_DEFAULT_DOMAIN], 0, 0xffff);
  return irq === undefined
    ? undefined
    : kernelError("EBUSY", `irq ${irq} still has a handler: free_irq() it first (the kernel would BUG())`);
}

/** mirrors pci_disable_msix(): mask every entry, disable, INTx back on, free the irqs and descriptors. */
export function pciDisableMsix(p: PciMsiPlatform, dev: PciDev): KernelError | undefined {
  if (!dev.msixEnabled || !dev.msixCap) return undefined;
  const busy = busyIrq(p, dev);
  if (busy) return busy;
  const slot = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  for (let i = 0; i < dev.msixCap.slots; i++) dev.msixCap.setEntryMask(i, true);
  dev.msixCap.setEnable(false);
  const md = slot.domain ?? dev.globalDomain;
  if (md) msiDomainFreeIrqsRange(p.core, md, slot, 0, 0xffff);
  slot.store.clear();
  dev.intxEnabled = true;
  dev.msixEnabled = false;
  return undefined;
}

/** mirrors pci_disable_msi(): disable, unmask (reset state), INTx back on, free the irqs. */
export function pciDisableMsi(p: PciMsiPlatform, dev: PciDev): KernelError | undefined {
  if (!dev.msiEnabled || !dev.msiCap) return undefined;
  const busy = busyIrq(p, dev);
  if (busy) return busy;
  const slot = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  dev.msiCap.setEnable(false);
  if (dev.msiCap.maskable) for (let v = 0; v < dev.msiCap.slots; v++) dev.msiCap.setMaskBit(v, false);
  const md = slot.domain ?? dev.globalDomain;
  if (md) msiDomainFreeIrqsRange(p.core, md, slot, 0, 0xffff);
  slot.store.clear();
  dev.intxEnabled = true;
  dev.msiEnabled = false;
  return undefined;
}
