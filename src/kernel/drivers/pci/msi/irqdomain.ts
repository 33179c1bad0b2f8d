/**
 * PCI/MSI irqdomains (drivers/pci/msi/irqdomain.c, kernel/irq/msi.c msi_create_device_irq_domain()):
 * the per-device MSI, MSI-X and IMS domains under an MSI parent (6.2+), and the global PCI-MSI /
 * INTEL-IR-MSI domain of older kernels with its encoded hwirq.
 */
import { type MsiParentOps, type MsiParents, msiSetAffinity } from "../../../arch/x86/msi";
import type { KernelRelease } from "../../../arch/x86/vector";
import type { X86VectorDomain } from "../../../arch/x86/vector-domain";
import type { IrqCore } from "../../../irq/core";
import { DOMAIN_BUS, IRQ_DOMAIN_FLAG, IRQCHIP, type IrqDomain } from "../../../irq/irqdomain";
import { MSI_DEFAULT_DOMAIN, MSI_SECONDARY_DOMAIN, type MsiDesc } from "../../../irq/msi-desc";
import { MSI_FLAG, MsiDomain, type MsiDomainTemplate } from "../../../irq/msi-domain";
import { X86_IRQ_ALLOC_TYPE } from "../../iommu/intel/irq-remapping";
import type { PciDev } from "../pci-dev";
import { pciMsiDomainCalcHwirq } from "./hwirq";

/** MSI_COMMON_FLAGS of the PCI templates. */
const MSI_COMMON_FLAGS =
  MSI_FLAG.FREE_MSI_DESCS | MSI_FLAG.ACTIVATE_EARLY | MSI_FLAG.DEV_SYSFS | MSI_FLAG.MUST_REACTIVATE;
/** The flags every parent requires (msi_parent_ops.required_flags on x86). */
const REQUIRED_FLAGS = MSI_FLAG.USE_DEF_DOM_OPS | MSI_FLAG.USE_DEF_CHIP_OPS;
/** irq_chip flags of the PCI/MSI and IMS chips: SKIP_SET_WAKE | ONESHOT_SAFE | AFFINITY_PRE_STARTUP. */
const PCI_MSI_CHIP_FLAGS = IRQCHIP.SKIP_SET_WAKE | IRQCHIP.ONESHOT_SAFE | IRQCHIP.AFFINITY_PRE_STARTUP;

/** What the domain code needs of the machine. */
export interface PciMsiPlatform {
  readonly core: IrqCore;
  readonly vector: X86VectorDomain;
  readonly parents: MsiParents;
  readonly kernel: KernelRelease;
}

export type PciMsiKind = "msi" | "msix";

const canMaskDesc = (desc: MsiDesc) => desc.pci?.isMsix === true || desc.pci?.canMask === true;

/** pci_msi_template / pci_msix_template. */
function pciTemplate(kind: PciMsiKind): { chip: string; template: MsiDomainTemplate } {
  if (kind === "msi") {
    return {
      chip: "PCI-MSI",
      template: {
        flags: MSI_COMMON_FLAGS | MSI_FLAG.MULTI_PCI_MSI,
        busToken: DOMAIN_BUS.PCI_DEVICE_MSI,
        chipFlags: PCI_MSI_CHIP_FLAGS,
        allocType: X86_IRQ_ALLOC_TYPE.PCI_MSI,
        hwirq: (desc) => desc.msiIndex,
        canMask: canMaskDesc,
      },
    };
  }
  return {
    chip: "PCI-MSIX",
    template: {
      flags: MSI_COMMON_FLAGS | MSI_FLAG.PCI_MSIX | MSI_FLAG.PCI_MSIX_ALLOC_DYN,
      busToken: DOMAIN_BUS.PCI_DEVICE_MSIX,
      chipFlags: PCI_MSI_CHIP_FLAGS,
      allocType: X86_IRQ_ALLOC_TYPE.PCI_MSIX,
      hwirq: (desc) => desc.msiIndex,
      canMask: canMaskDesc,
    },
  };
}

/**
 * mirrors msi_create_device_irq_domain() + x86_init_dev_msi_info(): name = prefix + chip + "-" +
 * device, the template's flags filtered by the parent, and on a VECTOR parent the two-step
 * msi_set_affinity().
 */
function createDeviceDomain(
  p: PciMsiPlatform,
  dev: PciDev,
  parent: IrqDomain,
  pops: MsiParentOps,
  chip: string,
  template: MsiDomainTemplate,
): MsiDomain {
  const fullChip = `${pops.prefix}${chip}-${dev.bdf}`;
  const flags = (template.flags & pops.supportedFlags) | REQUIRED_FLAGS;
  const setAffinity = pops.kind === "vector" ? msiSetAffinity(p.vector, p.kernel, p.core.log) : undefined;
  return new MsiDomain(
    `${fullChip}-${template.busToken}`,
    fullChip,
    parent,
    { ...template, flags },
    IRQ_DOMAIN_FLAG.HIERARCHY | IRQ_DOMAIN_FLAG.NAME_ALLOCATED | IRQ_DOMAIN_FLAG.MSI | IRQ_DOMAIN_FLAG.MSI_DEVICE,
    p.core.descs,
    setAffinity,
  );
}

/**
 * mirrors pci_setup_msi_device_domain() / pci_setup_msix_device_domain(): reuse the domain of the
 * same kind, replace the other kind. Returns undefined on the legacy (global domain) path.
 */
export function pciSetupDeviceDomain(p: PciMsiPlatform, dev: PciDev, kind: PciMsiKind): MsiDomain | undefined {
  const pops = p.parents.get(dev.msiParent);
  if (!dev.msiParent || !pops) return dev.globalDomain;
  const slot = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  const token = kind === "msi" ? DOMAIN_BUS.PCI_DEVICE_MSI : DOMAIN_BUS.PCI_DEVICE_MSIX;
  if (slot.domain?.template.busToken === token) return slot.domain;
  const { chip, template } = pciTemplate(kind);
  slot.domain = createDeviceDomain(p, dev, dev.msiParent, pops, chip, template);
  return slot.domain;
}

/** Whether the device's MSI domain (or its parent) allows `flag` (pci_msi_domain_supports()). */
export function pciMsiDomainSupports(p: PciMsiPlatform, dev: PciDev, flag: number): boolean {
  const pops = p.parents.get(dev.msiParent);
  if (pops) return (pops.supportedFlags & flag) !== 0;
  return dev.globalDomain ? (dev.globalDomain.template.flags & flag) !== 0 : false;
}

/**
 * mirrors pci_create_ims_domain(): only under an MSI parent that supports PCI_IMS (interrupt
 * remapping), in the secondary slot; IMS never uses reservation mode and needs no early activation.
 * Returns the reason when it cannot be created.
 */
export function pciCreateImsDomain(p: PciMsiPlatform, dev: PciDev, hwsize: number): MsiDomain | string {
  const slot = dev.msi.slots[MSI_SECONDARY_DOMAIN];
  if (slot.domain) return slot.domain;
  const pops = p.parents.get(dev.msiParent);
  if (!dev.msiParent || !pops) return "this kernel has no per-device MSI domains (IMS came with them in 6.2)";
  if (!(pops.supportedFlags & MSI_FLAG.PCI_IMS)) {
    if (pops.imsRefusal) return pops.imsRefusal;
    if (pops.kind === "hv") return "IMS is not offered under Hyper-V's PCI MSI parent (pci-hyperv)";
    return pops.kind === "vector"
      ? "IMS needs interrupt remapping: the VECTOR parent does not support MSI_FLAG_PCI_IMS"
      : "the interrupt-remapping parent of this kernel does not support IMS (removed in 6.10)";
  }
  const template: MsiDomainTemplate = {
    flags: MSI_FLAG.ALLOC_SIMPLE_MSI_DESCS | MSI_FLAG.FREE_MSI_DESCS | REQUIRED_FLAGS,
    busToken: DOMAIN_BUS.PCI_DEVICE_IMS,
    chipFlags: PCI_MSI_CHIP_FLAGS,
    // x86_msi_prepare() of 6.2–6.9 treats IMS like MSI-X.
    allocType: X86_IRQ_ALLOC_TYPE.PCI_MSIX,
    hwirq: (desc) => desc.msiIndex,
    canMask: () => false,
  };
  slot.hwsize = hwsize === 0 ? 0x10000 : hwsize;
  slot.domain = createDeviceDomain(p, dev, dev.msiParent, pops, dev.imsChipName, template);
  return slot.domain;
}

/**
 * mirrors pci_msi_create_irq_domain() of ≤ 6.1: the one PCI/MSI domain all devices share, under
 * VECTOR ("PCI-MSI") or an IR unit ("INTEL-IR-MSI-n", chip "IR-PCI-MSI"), hwirq encoding the device.
 */
export function createGlobalPciMsiDomain(p: PciMsiPlatform, parent: IrqDomain, irSeqId: number | undefined): MsiDomain {
  const ir = irSeqId !== undefined;
  const base = ir ? `INTEL-IR-MSI-${irSeqId}` : "PCI-MSI";
  const template: MsiDomainTemplate = {
    flags:
      REQUIRED_FLAGS |
      MSI_FLAG.ACTIVATE_EARLY |
      MSI_FLAG.MUST_REACTIVATE |
      MSI_FLAG.PCI_MSIX |
      (ir ? MSI_FLAG.MULTI_PCI_MSI : 0),
    busToken: DOMAIN_BUS.PCI_MSI,
    chipFlags: IRQCHIP.SKIP_SET_WAKE,
    allocType: X86_IRQ_ALLOC_TYPE.PCI_MSI,
    hwirq: (desc) => {
      const pci = desc.hw?.pci;
      return pci ? pciMsiDomainCalcHwirq(pci.domainNr, pci.devid, desc.msiIndex) : desc.msiIndex;
    },
    canMask: canMaskDesc,
  };
  const setAffinity = ir ? undefined : msiSetAffinity(p.vector, p.kernel, p.core.log);
  return new MsiDomain(
    `${base}-${DOMAIN_BUS.PCI_MSI}`,
    ir ? "IR-PCI-MSI" : "PCI-MSI",
    parent,
    template,
    IRQ_DOMAIN_FLAG.HIERARCHY | IRQ_DOMAIN_FLAG.NAME_ALLOCATED | IRQ_DOMAIN_FLAG.MSI,
    p.core.descs,
    setAffinity,
  );
}
