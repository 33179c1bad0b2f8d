/**
 * vfio-pci's MSI/MSI-X interrupts on the host (drivers/vfio/pci/vfio_pci_intrs.c): the physical
 * function's vectors, each requested as `vfio-msix[k](BDF)` with an eventfd as trigger and
 * registered as an irq bypass producer for KVM. Growth is dynamic (v6.5+: pci_msix_alloc_irq_at())
 * or impossible (the VMM must disable and re-enable with more vectors). IMS backing follows the
 * 2023 RFC "vfio/pci: Back guest interrupts from Interrupt Message Store" (never merged).
 */
import { type KernelError, kernelError } from "../../../errno";
import type { Err } from "../../../irq/irqdomain";
import { freeIrq, requestIrq } from "../../../irq/manage";
import type { Platform } from "../../../platform";
import type { Eventfd } from "../../../virt/kvm/irqfd";
import {
  pciAllocIrqVectors,
  pciFreeIrqVectors,
  pciImsAllocIrq,
  pciImsFreeIrq,
  pciIrqVector,
  pciMsixAllocIrqAt,
  pciMsixCanAllocDyn,
  pciMsixFreeIrq,
} from "../../pci/msi/api";
import type { PciDev } from "../../pci/pci-dev";

export type VfioIrqIndex = "msi" | "msix" | "ims";

/** struct vfio_pci_irq_ctx: one vector's trigger and name. */
export interface VfioIrqCtx {
  readonly index: VfioIrqIndex;
  /** The vector number VFIO was given (MSI vector, MSI-X entry, or the guest's IMS slot). */
  readonly vector: number;
  /** The host Linux irq behind it. */
  readonly hostIrq: number;
  /** Where the host holds its message: the MSI-X entry, MSI vector or host IMS slot. */
  readonly hostSlot: number;
  readonly name: string;
  trigger: Eventfd | undefined;
}

/** What irq bypass does with a producer (KVM's consumer is wired by whoever runs the pair). */
export interface IrqBypass {
  register(trigger: Eventfd, hostIrq: number): void;
  unregister(trigger: Eventfd): void;
}

export class VfioPciIntrs {
  /** Allocated host vectors per index, by vector number (the cache v6.5+ keeps after detach). */
  readonly ctx = {
    msi: new Map<number, VfioIrqCtx>(),
    msix: new Map<number, VfioIrqCtx>(),
    ims: new Map<number, VfioIrqCtx>(),
  };
  /** Vectors enabled by VFIO_DEVICE_SET_IRQS (vfio_msi_enable(nvec)), per index; 0 when disabled. */
  readonly nvec = { msi: 0, msix: 0 };

  constructor(
    private readonly host: Platform,
    readonly dev: PciDev,
    private readonly bypass: IrqBypass,
    /** VFIO of v6.5+ (dynamic MSI-X); false for the older VFIO that cannot grow an enabled MSI-X. */
    private readonly dynamic: boolean,
  ) {}

  /** mirrors vfio_msi_enable()'s has_dyn_msix = pci_msix_can_alloc_dyn() (v6.5+ VFIO only). */
  get hasDynMsix(): boolean {
    return this.dynamic && pciMsixCanAllocDyn(this.host.pciMsiPlatform(), this.dev);
  }

  /**
   * mirrors vfio_msi_enable(): pci_alloc_irq_vectors(1, nvec); fewer than asked is given back and
   * the count that exists is reported (the VMM then retries smaller or gives up).
   */
  msiEnable(index: "msi" | "msix", nvec: number): Err {
    if (this.nvec.msi || this.nvec.msix)
      return kernelError("EINVAL", `${this.dev.bdf}: MSI or MSI-X is already enabled`);
    const pm = this.host.pciMsiPlatform();
    const r = pciAllocIrqVectors(pm, this.dev, { min: 1, max: nvec, types: [index] });
    if ("errno" in r) return r;
    if (r.count < nvec) {
      pciFreeIrqVectors(pm, this.dev);
      return kernelError(
        "ENOSPC",
        `the host has only ${r.count} of ${nvec} ${index.toUpperCase()} vectors for ${this.dev.bdf}`,
      );
    }
    this.nvec[index] = nvec;
    for (let v = 0; v < nvec; v++) {
      const irq = pciIrqVector(this.dev, v);
      if (typeof irq === "number") this.ctx[index].set(v, this.newCtx(index, v, irq, v));
    }
    return undefined;
  }

  /** mirrors vfio_msi_disable(): every trigger detached and freed, then pci_free_irq_vectors(). */
  msiDisable(index: "msi" | "msix"): VfioIrqCtx[] {
    const gone = [...this.ctx[index].values()];
    for (const c of gone) this.detach(c);
    this.ctx[index].clear();
    if (this.nvec[index]) pciFreeIrqVectors(this.host.pciMsiPlatform(), this.dev);
    this.nvec[index] = 0;
    return gone;
  }

  /**
   * mirrors vfio_msi_alloc_irq(): the vector's irq if it has one; otherwise, for MSI-X with
   * has_dyn_msix, pci_msix_alloc_irq_at() that entry; else -EINVAL (the VMM must resize).
   */
  allocIrq(index: "msi" | "msix", vector: number): VfioIrqCtx | KernelError {
    const have = this.ctx[index].get(vector);
    if (have) return have;
    if (index !== "msix" || !this.hasDynMsix)
      return kernelError(
        "EINVAL",
        `${this.dev.bdf}: vector ${vector} is beyond the ${this.nvec[index]} enabled and VFIO cannot add one`,
      );
    const m = pciMsixAllocIrqAt(this.host.pciMsiPlatform(), this.dev, vector);
    if ("errno" in m) return m;
    const c = this.newCtx("msix", vector, m.virq, m.index);
    this.ctx.msix.set(vector, c);
    return c;
  }

  /**
   * mirrors vfio_msi_set_vector_signal(): a previous trigger is detached (bypass producer
   * unregistered, free_irq()); with a new eventfd the irq is requested under the vfio name and
   * registered as a bypass producer.
   */
  setVectorSignal(c: VfioIrqCtx, trigger: Eventfd | undefined): Err {
    this.detach(c);
    if (!trigger) return undefined;
    const err = requestIrq(this.host.machine.core, c.hostIrq, c.name, false);
    if (err) return err;
    c.trigger = trigger;
    this.bypass.register(trigger, c.hostIrq);
    return undefined;
  }

  /** The IMS RFC's vfio_pci_ims_set_vector_signal(): a host IMS entry backs guest slot `vector`. */
  imsBack(vector: number, trigger: Eventfd | undefined): VfioIrqCtx | KernelError {
    const pm = this.host.pciMsiPlatform();
    const m = pciImsAllocIrq(pm, this.dev, undefined);
    if ("errno" in m) return m;
    const c = this.newCtx("ims", vector, m.virq, m.index);
    const err = this.setVectorSignal(c, trigger);
    if (err) {
      pciImsFreeIrq(pm, this.dev, m.index);
      return err;
    }
    this.ctx.ims.set(vector, c);
    return c;
  }

  /** Gives back one vector: its trigger, then the dynamic MSI-X entry or the host IMS entry. */
  release(c: VfioIrqCtx): void {
    this.detach(c);
    const pm = this.host.pciMsiPlatform();
    if (c.index === "ims") pciImsFreeIrq(pm, this.dev, c.hostSlot);
    else if (c.index === "msix" && this.hasDynMsix && c.vector !== 0) pciMsixFreeIrq(pm, this.dev, c.hostSlot);
    else return;
    this.ctx[c.index].delete(c.vector);
  }

  private detach(c: VfioIrqCtx): void {
    if (!c.trigger) return;
    this.bypass.unregister(c.trigger);
    freeIrq(this.host.machine.core, c.hostIrq, c.name);
    c.trigger = undefined;
  }

  private newCtx(index: VfioIrqIndex, vector: number, hostIrq: number, hostSlot: number): VfioIrqCtx {
    // mirrors the kasprintf() of vfio_msi_set_vector_signal(): "vfio-msix[%d](%s)".
    return { index, vector, hostIrq, hostSlot, name: `vfio-${index}[${vector}](${this.dev.bdf})`, trigger: undefined };
  }
}
