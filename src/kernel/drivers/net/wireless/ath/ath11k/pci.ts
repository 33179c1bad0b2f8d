/**
 * ath11k's PCI glue (ath11k/pci.c, pcic.c): multi-MSI of every vector the chip's layout names, or the
 * one-MSI fallback where the MSI domain refuses multi-MSI (x86 without interrupt remapping); the MHI,
 * CE and DP interrupts; and the address and base data the firmware is given once and writes itself.
 */
import { CpuMask } from "../../../../../cpumask";
import type { KernelError } from "../../../../../errno";
import { IRQD } from "../../../../../irq/irqdesc";
import type { Err } from "../../../../../irq/irqdomain";
import { irqSetAffinityLocked, requestIrq } from "../../../../../irq/manage";
import type { MsiMsg } from "../../../../../irq/msi-msg";
import type { Platform } from "../../../../../platform";
import { type DeviceDriver, firstError, freeDriverVectors, type HeldCopy } from "../../../../driver";
import { pciAllocIrqVectors, pciIrqVector } from "../../../../pci/msi/api";
import type { PciDev } from "../../../../pci/pci-dev";
import { ath11kMhiRegister } from "./mhi";
import { type Ath11kChip, CE_WITH_IRQ, DP_GROUPS, MSI_CONFIG, ONE_MSI_CONFIG, userMsi } from "./msi-config";

/** What the firmware was given: the MSI address and the endpoint's base data (ab->pci.msi). */
interface FirmwareCopy {
  addressLo: number;
  addressHi: number;
  baseData: number;
}

export function ath11kPciDriver(p: Platform, dev: PciDev, chip: Ath11kChip): DeviceDriver {
  const core = p.machine.core;
  const names = new Set<string>();
  let multi = true;
  let fw: FirmwareCopy | undefined;
  const firstIrq = () => dev.msi.slots[0].store.get(0)?.irq ?? 0;

  /** request_irq() with IRQF_SHARED, plus IRQF_NOBALANCING in one-MSI mode (__setup_irq() marks the irq). */
  const request = (vector: number, name: string): Err => {
    const irq = pciIrqVector(dev, vector);
    if (typeof irq !== "number") return irq;
    const err = requestIrq(core, irq, name, true, false, true);
    if (err) return err;
    names.add(name);
    if (!multi) core.descs.desc(irq)?.set(IRQD.NO_BALANCING);
    return undefined;
  };

  /** mirrors ath11k_pci_alloc_msi(): every vector of the layout, else the one-MSI fallback. */
  const allocMsi = (): KernelError | undefined => {
    const cfg = MSI_CONFIG[chip];
    const msi = p.pciMsiPlatform();
    const all = pciAllocIrqVectors(msi, dev, { min: cfg.total, max: cfg.total, types: ["msi"] });
    if (!("errno" in all)) {
      multi = true;
      return undefined;
    }
    // "failed to get %d MSI vectors, only -28 allocated": ask for one and share it.
    const one = pciAllocIrqVectors(msi, dev, { min: 1, max: 1, types: ["msi"] });
    if ("errno" in one) return one;
    multi = false;
    p.machine.core.log.warn(`ath11k_pci ${dev.bdf}: multi-MSI refused (${all.reason}); one MSI vector for everything`);
    return undefined;
  };

  const config = () => (multi ? MSI_CONFIG[chip] : ONE_MSI_CONFIG);

  /** mirrors ath11k_pcic_config_irq() (CE) and ath11k_pcic_ext_irq_config() (DP groups). */
  const configIrq = (): Err => {
    const cfg = config();
    const ce = userMsi(cfg, "CE");
    const dp = userMsi(cfg, "DP");
    if (!ce || !dp) return { ok: false, errno: "EINVAL", reason: "no CE or DP vectors in the MSI config" };
    const ceReqs = CE_WITH_IRQ[chip].map((pipe, idx) => () => request(ce.base + (idx % ce.vectors), `ce${pipe}`));
    const dpReqs = DP_GROUPS[chip].map((grp) => () => request(dp.base + (grp % dp.vectors), "DP_EXT_IRQ"));
    return firstError(...ceReqs, ...dpReqs);
  };

  /** The message the kernel holds now for the first vector (msi_desc->msg). */
  const kernelMsg = (): MsiMsg | undefined => dev.msi.slots[0].store.get(0)?.msg;

  return {
    name: "ath11k_pci",
    probe(): Err {
      const err = allocMsi();
      if (err) return err;
      const msg = kernelMsg();
      // ath11k_pci_alloc_msi(): address and base data read once, for the firmware's rings.
      fw = msg ? { addressLo: msg.addressLo, addressHi: msg.addressHi, baseData: msg.data } : undefined;
      // ath11k_pci_set_irq_affinity_hint(cpumask_of(0)), before any request_irq(): the one-MSI irq
      // starts on CPU 0, where the message read above already points ("by pure luck" without IR).
      if (!multi) {
        const desc = core.descs.desc(firstIrq());
        if (desc) irqSetAffinityLocked(core, desc, CpuMask.of(p.machine.config.cpus, [0]), false);
      }
      const ce = configIrq();
      if (ce) return ce;
      // mirrors ath11k_pci_config_msi_data(): the base data again, now that request_irq() gave a real vector.
      const now = kernelMsg();
      if (fw && now) fw.baseData = now.data;
      // ath11k_core_init() → power up → mhi_init_irq_setup(): the MHI irqs are requested last.
      return ath11kMhiRegister(dev, config(), multi, request);
    },
    remove(): Err {
      const err = freeDriverVectors(p, dev, names);
      names.clear();
      fw = undefined;
      return err;
    },
    heldCopy(irq): HeldCopy | undefined {
      const first = firstIrq();
      const desc = dev.msi.slots[0].store.get(0);
      if (!fw || !desc || irq < first || irq >= first + desc.nvecUsed) return undefined;
      // The firmware writes base data + k for vector k; the kernel's message for k is the block's plus k.
      const k = irq - first;
      const msg = { addressLo: fw.addressLo, addressHi: fw.addressHi, data: (fw.baseData + k) >>> 0 };
      const current = { ...desc.msg, data: (desc.msg.data + k) >>> 0 };
      return { who: "the ath11k firmware", msg, current };
    },
  };
}
