/**
 * mlx5's irq table (drivers/net/ethernet/mellanox/mlx5/core/pci_irq.c) for a NIC of this model: the
 * async (control) vector and one completion vector per channel in the PF pool, then the sub-functions'
 * pools; each vector after the first by dynamic MSI-X where the MSI domain allows it. A sub-function's
 * completion vectors may instead come from an IMS store in queue memory (Jason Gunthorpe's 2021 idea,
 * never upstream), where the IR parent offers IMS.
 */
import { CpuMask } from "../../../../../../cpumask";
import type { KernelError } from "../../../../../../errno";
import type { Err } from "../../../../../../irq/irqdomain";
import { freeIrq, irqSetAffinityLocked, requestIrq } from "../../../../../../irq/manage";
import { MSI_ANY_INDEX } from "../../../../../../irq/msi-desc";
import type { Platform } from "../../../../../../platform";
import { type DeviceDriver, freeVectorsOnRemove, irqHasAction, possibleCpus } from "../../../../../driver";
import {
  pciAllocIrqVectors,
  pciImsAllocIrq,
  pciImsFreeIrq,
  pciIrqVector,
  pciMsixAllocIrqAt,
  pciMsixCanAllocDyn,
  pciMsixFreeIrq,
} from "../../../../../pci/msi/api";
import type { PciDev } from "../../../../../pci/pci-dev";

/** SFs sharing one control irq (MLX5_SFS_PER_CTRL_IRQ) and the cap on control irqs (MLX5_IRQ_CTRL_SF_MAX). */
const SFS_PER_CTRL_IRQ = 64;
const CTRL_SF_MAX = 8;
/** Fewer SF vectors than this and SFs use the PF's irqs (MLX5_IRQ_VEC_COMP_BASE_SF). */
const VEC_COMP_BASE_SF = 2;
/** Completion EQs per SF (MLX5_COMP_EQS_PER_SF). */
const COMP_EQS_PER_SF = 8;

export interface Mlx5Options {
  /** Completion channels; undefined: one per possible CPU. */
  readonly channels: number | undefined;
  readonly sfs: number;
  /** Sub-functions' completion vectors from the IMS queue store, where IMS is available. */
  readonly sfIms: boolean;
}

interface Held {
  readonly irq: number;
  readonly name: string;
  readonly ims?: number;
  readonly msixIndex?: number;
}

export function mlx5IrqDriver(p: Platform, dev: PciDev, opts: Mlx5Options): DeviceDriver {
  const core = p.machine.core;
  const held: Held[] = [];
  const bdf = dev.bdf;
  const msi = p.pciMsiPlatform();
  let dynamic = false;

  /** mirrors mlx5_irq_alloc(): index 0 from the initial enable, the rest by pci_msix_alloc_irq_at(MSI_ANY_INDEX). */
  const vector = (i: number): { irq: number; index: number } | KernelError => {
    if (i === 0 || !dynamic) {
      const irq = pciIrqVector(dev, i);
      return typeof irq === "number" ? { irq, index: i } : irq;
    }
    const m = pciMsixAllocIrqAt(msi, dev, MSI_ANY_INDEX);
    return "ok" in m ? m : { irq: m.virq, index: m.index };
  };

  /** mirrors irq_request(): "<name>@pci:<BDF>", request_irq(), the affinity hint. */
  const request = (v: { irq: number; index?: number; ims?: number }, name: string, cpu: number | undefined): Err => {
    const full = `${name}@pci:${bdf}`;
    const err = requestIrq(core, v.irq, full, false);
    if (err) return err;
    held.push({ irq: v.irq, name: full, msixIndex: v.index, ims: v.ims });
    const desc = core.descs.desc(v.irq);
    if (cpu !== undefined && desc) irqSetAffinityLocked(core, desc, CpuMask.of(p.machine.config.cpus, [cpu]), false);
    return undefined;
  };

  const pfPool = (pfVec: number): Err => {
    // Vector 0 is the async (control) EQ's, "mlx5_async0"; completion vector i is "mlx5_comp<i>".
    const async = vector(0);
    if ("ok" in async) return async;
    const err = request(async, "mlx5_async0", undefined);
    if (err) return err;
    const cpus = [...possibleCpus(p)];
    for (let i = 0; i < pfVec - 1; i++) {
      const v = vector(i + 1);
      if ("ok" in v) return v;
      // mlx5_cpumask_default_spread(): channel i on the i-th CPU.
      const e = request(v, `mlx5_comp${i}`, cpus[i % cpus.length]);
      if (e) return e;
    }
    return undefined;
  };

  /** The SF pools: control irqs shared by up to 64 SFs, one completion vector per SF. */
  const sfPools = (sfVec: number): Err => {
    if (opts.sfs === 0 || sfVec < VEC_COMP_BASE_SF) return undefined;
    const nCtrl = Math.min(Math.ceil(sfVec / COMP_EQS_PER_SF), Math.ceil(opts.sfs / SFS_PER_CTRL_IRQ), CTRL_SF_MAX);
    const ctrl: number[] = [];
    for (let c = 0; c < nCtrl; c++) {
      const v = vector(-1);
      if ("ok" in v) return v;
      const e = request(v, `mlx5_sf_ctrl${v.index}`, undefined);
      if (e) return e;
      ctrl.push(v.irq);
    }
    const useIms = opts.sfIms && p.imsSupported && dev.ims !== undefined;
    if (opts.sfIms && !useIms) {
      core.log.warn(`mlx5_core ${bdf}: no IMS here (it needs interrupt remapping): SF vectors by dynamic MSI-X`);
    }
    const compRoom = sfVec - nCtrl;
    for (let sf = 0; sf < opts.sfs; sf++) {
      if (useIms) {
        // pci_ims_alloc_irq() with the SF's EQ id as the cookie; the message is committed at bus unlock.
        const m = pciImsAllocIrq(msi, dev, sf);
        if ("ok" in m) return m;
        const e = request({ irq: m.virq, ims: m.index }, `mlx5_sf_comp${m.index}`, undefined);
        if (e) return e;
        continue;
      }
      if (sf >= compRoom) break; // the pool is full: later SFs share the existing irqs
      const v = vector(-1);
      if ("ok" in v) return v;
      const e = request(v, `mlx5_sf_comp${v.index}`, undefined);
      if (e) return e;
    }
    return undefined;
  };

  return {
    name: "mlx5_core",
    probe(): Err {
      const table = dev.msixCap?.slots ?? 0;
      const channels = opts.channels ?? possibleCpus(p).weight();
      const pfWanted = Math.min(channels + 1, table);
      // mirrors mlx5_irq_table_create(): with dynamic MSI-X one vector first, else all of them at once.
      dynamic = pciMsixCanAllocDyn(msi, dev);
      const r = pciAllocIrqVectors(msi, dev, { min: 1, max: dynamic ? 1 : table, types: ["msix"] });
      if ("errno" in r) return r;
      const total = dynamic ? table : r.count;
      const pfVec = Math.min(pfWanted, total);
      return pfPool(pfVec) ?? sfPools(total - pfVec);
    },
    remove(): Err {
      // mirrors mlx5_irq_table_destroy(): irq_release() of each, then pci_free_irq_vectors().
      for (const h of held.splice(0).reverse()) {
        const err = freeIrq(core, h.irq, h.name);
        if (err) return err;
        // A step's handler beside ours: the irq goes with the function's release (freeVectorsOnRemove()).
        if (irqHasAction(p, h.irq)) continue;
        // pci_ims_free_irq(), or pci_msix_free_irq() of a dynamically allocated index.
        const e =
          h.ims !== undefined
            ? pciImsFreeIrq(msi, dev, h.ims)
            : dynamic && h.msixIndex
              ? pciMsixFreeIrq(msi, dev, h.msixIndex)
              : undefined;
        if (e) return e;
      }
      return freeVectorsOnRemove(p, dev);
    },
  };
}
