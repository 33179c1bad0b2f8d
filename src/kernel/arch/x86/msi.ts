/**
 * The x86 MSI parents (arch/x86/kernel/apic/msi.c, irq_remapping.c dmar_msi_parent_ops): what each
 * parent lets a per-device MSI domain do (supported flags, the "IR-" prefix), and the
 * non-remapped msi_set_affinity() two-step for devices whose message is rewritten on every move.
 */
import type { KernelLog } from "../../irq/core";
import { IRQD } from "../../irq/irqdesc";
import { IRQ_SET_MASK_OK_DONE, type IrqDomain, irqChipSetAffinityParent } from "../../irq/irqdomain";
import { MSI_FLAG, MSI_GENERIC_FLAGS_MASK, type MsiSetAffinity } from "../../irq/msi-domain";
import { irqMsiComposeMsg } from "./msi-format";
import { type KernelRelease, kernelAtLeast, MANAGED_IRQ_SHUTDOWN_VECTOR } from "./vector";
import { VECTOR_RETRIGGERED, type X86VectorDomain } from "./vector-domain";

/** X86_VECTOR_MSI_FLAGS_SUPPORTED: no multi-MSI (no contiguous vector blocks), no IMS. */
export const X86_VECTOR_MSI_FLAGS_SUPPORTED = MSI_GENERIC_FLAGS_MASK | MSI_FLAG.PCI_MSIX | MSI_FLAG.PCI_MSIX_ALLOC_DYN;

/** struct msi_parent_ops, reduced to what the model's parents use. */
export interface MsiParentOps {
  readonly kind: "vector" | "dmar" | "hv";
  readonly supportedFlags: number;
  /** Prepended to the child's chip name ("IR-"). */
  readonly prefix: string;
  /** Why IMS is not offered, where the parent knows better than its kernel release (a guest's vIOMMU). */
  readonly imsRefusal?: string;
}

/** x86_vector_msi_parent_ops. */
export const VECTOR_MSI_PARENT_OPS: MsiParentOps = {
  kind: "vector",
  supportedFlags: X86_VECTOR_MSI_FLAGS_SUPPORTED,
  prefix: "",
};

/**
 * dmar_msi_parent_ops: multi-MSI on top; IMS only where the kernel has it (`ims`: v6.2–v6.9, or the
 * Dec 2021 proposal modelled by the "new" scheme).
 */
/** pci-hyperv's parent: the host composes the message, affinity is a retarget hypercall. */
export const HV_MSI_PARENT_OPS: MsiParentOps = {
  kind: "hv",
  supportedFlags: X86_VECTOR_MSI_FLAGS_SUPPORTED,
  prefix: "HV-",
};

export function dmarMsiParentOps(ims: boolean, imsRefusal?: string): MsiParentOps {
  return {
    kind: "dmar",
    supportedFlags: X86_VECTOR_MSI_FLAGS_SUPPORTED | MSI_FLAG.MULTI_PCI_MSI | (ims ? MSI_FLAG.PCI_IMS : 0),
    prefix: "IR-",
    ...(imsRefusal === undefined ? {} : { imsRefusal }),
  };
}

/** The MSI parents of a machine (domain->msi_parent_ops). */
export class MsiParents {
  private readonly ops = new Map<IrqDomain, MsiParentOps>();
  set(domain: IrqDomain, ops: MsiParentOps): void {
    this.ops.set(domain, ops);
  }
  get(domain: IrqDomain | undefined): MsiParentOps | undefined {
    return domain ? this.ops.get(domain) : undefined;
  }
}

/**
 * mirrors msi_set_affinity(). The direct, single write is enough in the cases the kernel lists;
 * otherwise the message goes first to (old CPU, new vector), then to (new CPU, new vector), so that a
 * torn write still lands on a CPU that expects it. Which irqs count as "maskable" follows the
 * release: ≥ 6.7 tests !irqd_can_reserve() (b56ebe7c896d, taken literally), before it the NOMASK
 * quirk bit that non-maskable MSI carried.
 */
export function msiSetAffinity(vector: X86VectorDomain, kernel: KernelRelease, log: KernelLog): MsiSetAffinity {
  return (md, data, mask, force) => {
    // apic_chip_data's hardware config before and after the parent moved the irq.
    const apicd = vector.apicd;
    const irq = data.irq;
    const known = apicd.has(irq);
    const old = { vector: apicd.hwVector[irq] ?? 0, cpu: apicd.hwCpu[irq] ?? 0 };
    const ret = irqChipSetAffinityParent(data, mask, force);
    if (typeof ret !== "number" || ret === IRQ_SET_MASK_OK_DONE || !known || !apicd.has(irq)) return ret;
    const cfg = { vector: apicd.hwVector[irq] ?? 0, cpu: apicd.hwCpu[irq] ?? 0 };
    const desc = data.desc;
    const canReserve = desc.has(IRQD.CAN_RESERVE);
    const maskableTest = kernelAtLeast(kernel, 6, 7) ? !canReserve : canReserve;
    const direct =
      maskableTest ||
      cfg.vector === old.vector ||
      old.vector === MANAGED_IRQ_SHUTDOWN_VECTOR ||
      !desc.has(IRQD.STARTED) ||
      cfg.cpu === old.cpu;
    const compose = (v: number, cpu: number) => irqMsiComposeMsg(v, vector.apicDest(cpu), vector.destOpts).msg;
    if (direct) {
      md.writeMsg(data, compose(cfg.vector, cfg.cpu));
      return ret;
    }
    // Runs on the old target CPU (a deferred move, or the dying CPU): a stray hit on the new vector
    // there is made harmless before the first write.
    const table = vector.vectorIrq[old.cpu];
    if (table && (table[cfg.vector] ?? -1) < 0) table[cfg.vector] = VECTOR_RETRIGGERED;
    md.writeMsg(data, compose(cfg.vector, old.cpu));
    md.writeMsg(data, compose(cfg.vector, cfg.cpu));
    log.debug(
      `msi_set_affinity: irq ${data.irq} two-step update: CPU ${old.cpu} vector ${old.vector} -> CPU ${old.cpu} vector ${cfg.vector} -> CPU ${cfg.cpu} vector ${cfg.vector}`,
    );
    return ret;
  };
}
