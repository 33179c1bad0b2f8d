/**
 * The generic irqdomain hierarchy (kernel/irq/irqdomain.c): domains with a parent and an ops table,
 * one IrqData per level linked by `parent`, allocation that recurses to the parent first and unwinds
 * on failure, activation root→leaf and deactivation leaf→root.
 */
import type { CpuMask } from "../cpumask";
import { type KernelError, kernelError } from "../errno";
import { IRQD, type IrqDesc, type IrqDescTable } from "./irqdesc";
import type { MsiMsg } from "./msi-msg";

/** One level of one Linux irq (struct irq_data). */
export class IrqData {
  /**
   * The hwirq in two 16-bit halves: an interrupt-remapping hwirq is index << 16 and passes 2^30, where
   * a number stops being a small integer, so one field would keep a boxed number per irq.
   */
  private hwirqHigh = 0;
  private hwirqLow = 0;
  /** The irq_chip's name at this level ("APIC", "INTEL-IR", "IR-PCI-MSIX-…"). */
  chip = "";
  constructor(
    readonly domain: IrqDomain,
    readonly desc: IrqDesc,
    readonly parent: IrqData | undefined,
  ) {}

  /** The Linux irq (irq_data.irq): its descriptor's, not a field per level (three levels an irq). */
  get irq(): number {
    return this.desc.irq;
  }

  get hwirq(): number {
    return this.hwirqHigh * 0x10000 + this.hwirqLow;
  }

  set hwirq(hwirq: number) {
    // Integer operations: a float result stored here would box every field it is stored in.
    this.hwirqHigh = (hwirq / 0x10000) | 0;
    this.hwirqLow = hwirq & 0xffff;
  }
}

/** struct vcpu_data: where a posted interrupt goes (the vCPU's posted-interrupt descriptor and guest vector). */
export interface VcpuInfo {
  readonly piDescAddr: number;
  readonly vector: number;
}

/** A failure the kernel reports, or undefined for success. */
export type Err = KernelError | undefined;

/**
 * What an allocation asks for, handed unchanged down the hierarchy (x86 struct irq_alloc_info).
 * Each domain reads the fields it knows.
 */
export interface IrqAllocInfo {
  /** X86_IRQ_ALLOC_TYPE_*: who allocates (PCI_MSIX, IOAPIC, HPET, DMAR, …). */
  readonly type?: string;
  /** A fixed target: the vector is allocated at once on these CPUs (info->mask). */
  readonly mask?: CpuMask;
  /** X86_IRQ_ALLOC_LEGACY: the IO-APIC takes over an ISA irq that owns vector 0x30+irq on CPU 0. */
  readonly legacy?: boolean;
  /** The hwirq the outermost domain gives the first irq (msi_alloc_info hwirq, the IO-APIC pin, …). */
  readonly hwirq?: number;
  /** PCI requester id (bus << 8 | devfn) of the device, for the IRTE source-id (set_msi_sid()). */
  readonly requesterId?: number;
  /** IO-APIC / HPET id, for the IR unit's device scope lookup (ioapic_id / hpet_id). */
  readonly devId?: number;
}

/** struct irq_affinity_desc: one per irq of an allocation. */
export interface IrqAffinityDesc {
  readonly mask: CpuMask;
  readonly isManaged: boolean;
}

/** What an irq_chip's irq_set_affinity() returns on success (include/linux/irq.h). */
export const IRQ_SET_MASK_OK = 0;
/** Success, and the chip already copied the mask: the core must not. */
export const IRQ_SET_MASK_OK_NOCOPY = 1;
/** Success, and the levels above need not update anything (interrupt remapping). */
export const IRQ_SET_MASK_OK_DONE = 2;
export type SetAffinityResult = typeof IRQ_SET_MASK_OK | typeof IRQ_SET_MASK_OK_NOCOPY | typeof IRQ_SET_MASK_OK_DONE;
/** What a chip's irq_set_affinity() answers: one of the IRQ_SET_MASK_OK codes, or the error. */
export type AffinityAnswer = SetAffinityResult | KernelError;

/**
 * struct irq_domain_ops, plus the irq_chip callbacks of the chip this domain installs (the model
 * keeps one chip per domain). `alloc` calls irqDomainAllocIrqsParent() itself, as kernel domains do.
 */
export interface IrqDomainOps {
  alloc(domain: IrqDomain, virq: number, nrIrqs: number, info: IrqAllocInfo): Err;
  free(domain: IrqDomain, virq: number, nrIrqs: number): void;
  activate?(domain: IrqDomain, data: IrqData, reserve: boolean): Err;
  deactivate?(domain: IrqDomain, data: IrqData): void;
  /** irq_chip.irq_set_affinity: `mask` holds only online CPUs unless `force`. */
  setAffinity?(domain: IrqDomain, data: IrqData, mask: CpuMask, force: boolean): SetAffinityResult | KernelError;
  /**
   * irq_chip.irq_set_vcpu_affinity: post the interrupt to a vCPU (`info`), or back to the host's
   * remapped delivery (`undefined`). KVM's irq bypass calls it for assigned devices.
   */
  setVcpuAffinity?(domain: IrqDomain, data: IrqData, info: VcpuInfo | undefined): Err;
  /** irq_chip.irq_ack, run when the interrupt arrives on `cpu` (the flow handler's ack). */
  ack?(domain: IrqDomain, data: IrqData, cpu: number): void;
  /** irq_chip.irq_force_complete_move (fixup_irqs() on the outgoing `cpu`). */
  forceCompleteMove?(domain: IrqDomain, data: IrqData, cpu: number): void;
  /** irq_chip.irq_compose_msi_msg: the first level implementing it composes (irq_chip_compose_msi_msg()). */
  composeMsiMsg?(domain: IrqDomain, data: IrqData): MsiMsg;
  /** irq_chip.irq_mask / irq_unmask of the outermost chip (the device's own mask, if it has one). */
  mask?(domain: IrqDomain, data: IrqData): void;
  unmask?(domain: IrqDomain, data: IrqData): void;
  /** irq_chip.irq_bus_lock/irq_bus_sync_unlock: a slow store commits buffered writes here. */
  busSyncUnlock?(domain: IrqDomain, data: IrqData): void;
  /**
   * debugfs: with `data`, this level's own lines of `irqs/N`; without, the domain's lines of
   * `domains/NAME`. `ind` is the indent the kernel passes.
   */
  debugShow?(domain: IrqDomain, data: IrqData | undefined, ind: number): string[];
}

/** irq_chip flags the core reads (include/linux/irq.h IRQCHIP_*). */
export const IRQCHIP = {
  SKIP_SET_WAKE: 1 << 4,
  ONESHOT_SAFE: 1 << 5,
  AFFINITY_PRE_STARTUP: 1 << 10,
  /** The chip cannot move the irq from process context: moves wait for the next interrupt. */
  MOVE_DEFERRED: 1 << 11,
} as const;

export const IRQ_DOMAIN_FLAG = {
  HIERARCHY: 1 << 0,
  NAME_ALLOCATED: 1 << 1,
  MSI: 1 << 4,
  ISOLATED_MSI: 1 << 5,
  MSI_PARENT: 1 << 8,
  MSI_DEVICE: 1 << 9,
} as const;

/** enum irq_domain_bus_token (include/linux/irqdomain_defs.h): the "-N" suffix of domain names. */
export const DOMAIN_BUS = {
  ANY: 0,
  PCI_MSI: 3,
  PCI_DEVICE_MSI: 11,
  PCI_DEVICE_MSIX: 12,
  DMAR: 13,
  PCI_DEVICE_IMS: 15,
} as const;

export class IrqDomain {
  /** Number of irqs with a level in this domain (irq_domain.mapcount). */
  mapped = 0;
  /** IRQCHIP_* flags of the chip this domain installs. */
  chipFlags = 0;
  constructor(
    readonly name: string,
    readonly ops: IrqDomainOps,
    readonly parent: IrqDomain | undefined,
    readonly flags: number = IRQ_DOMAIN_FLAG.HIERARCHY | IRQ_DOMAIN_FLAG.NAME_ALLOCATED,
    readonly size = 0,
  ) {}

  /** Levels from this domain up to the root (inclusive), outermost first. */
  chain(): IrqDomain[] {
    const out: IrqDomain[] = [];
    for (let d: IrqDomain | undefined = this; d; d = d.parent) out.push(d);
    return out;
  }
}

/** The irq_data of `irq` at `domain`'s level (irq_domain_get_irq_data). */
export function irqDomainGetIrqData(descs: IrqDescTable, domain: IrqDomain, irq: number): IrqData | undefined {
  for (let d = descs.desc(irq)?.data; d; d = d.parent) if (d.domain === domain) return d;
  return undefined;
}

/** mirrors irq_domain_alloc_irq_data(): one IrqData per level, outermost in the descriptor. */
function allocIrqData(descs: IrqDescTable, domain: IrqDomain, virq: number, nrIrqs: number): void {
  for (let irq = virq; irq < virq + nrIrqs; irq++) {
    const desc = descs.desc(irq);
    if (!desc) throw new RangeError(`irq ${irq} has no descriptor`);
    desc.data = levelsFrom(domain, desc);
  }
}

/** The IrqData of `domain`'s level, its parents' made first (root first, without a per-irq array). */
function levelsFrom(domain: IrqDomain, desc: IrqDesc): IrqData {
  const parent = domain.parent ? levelsFrom(domain.parent, desc) : undefined;
  return new IrqData(domain, desc, parent);
}

/**
 * mirrors __irq_domain_alloc_irqs(): descriptors (first free number from the dynamic lower bound),
 * the IrqData chain, then the outermost domain's alloc, which recurses to its parents. On failure
 * everything made here is undone. Returns the first irq.
 */
export function irqDomainAllocIrqs(
  descs: IrqDescTable,
  domain: IrqDomain,
  nrIrqs: number,
  info: IrqAllocInfo = {},
  affinity?: readonly IrqAffinityDesc[],
  node = -1,
  irqBase = -1,
): number | KernelError {
  // irq_domain_alloc_descs() passes hwirq 0, so the search starts at 1, raised to the lower bound.
  // With irq_base and realloc (legacy irqs, GSIs), an existing descriptor without a chip is reused.
  const reuse = irqBase >= 0 && descs.desc(irqBase) !== undefined && !descs.desc(irqBase)?.data;
  const virq = reuse ? irqBase : descs.allocDescs(irqBase, irqBase >= 0 ? irqBase : 1, nrIrqs);
  if (typeof virq !== "number") return virq;
  // alloc_descs(): each descriptor takes its affinity descriptor's mask and managed flag.
  for (let i = 0; i < nrIrqs; i++) {
    const desc = descs.desc(virq + i);
    const a = affinity?.[i];
    // alloc_descs(): with an affinity mask the node is its first CPU's (one node here); a reused
    // legacy descriptor keeps the node early_irq_init() gave it.
    if (desc && !reuse) desc.node = a ? 0 : node;
    if (!desc || !a) continue;
    desc.affinity = a.mask.copy();
    // A managed irq starts out shut down until irq_startup(); any given mask counts as set.
    if (a.isManaged) desc.set(IRQD.AFFINITY_MANAGED | IRQD.MANAGED_SHUTDOWN);
    desc.set(IRQD.AFFINITY_SET);
  }
  allocIrqData(descs, domain, virq, nrIrqs);
  const err = domain.ops.alloc(domain, virq, nrIrqs, info);
  if (err) {
    for (let irq = virq; irq < virq + nrIrqs; irq++) {
      const desc = descs.desc(irq);
      if (desc) desc.data = undefined;
    }
    if (!reuse) descs.freeDescs(virq, nrIrqs);
    return err;
  }
  // irq_domain_insert_irq(): every level counts the irq as mapped.
  for (let d: IrqDomain | undefined = domain; d; d = d.parent) d.mapped += nrIrqs;
  return virq;
}

/** mirrors irq_domain_alloc_irqs_parent(): a domain's alloc asks its parent first. */
export function irqDomainAllocIrqsParent(domain: IrqDomain, virq: number, nrIrqs: number, info: IrqAllocInfo): Err {
  const parent = domain.parent;
  if (!parent) return undefined;
  return parent.ops.alloc(parent, virq, nrIrqs, info);
}

/** mirrors irq_domain_free_irqs_parent(). */
export function irqDomainFreeIrqsParent(domain: IrqDomain, virq: number, nrIrqs: number): void {
  const parent = domain.parent;
  if (parent) parent.ops.free(parent, virq, nrIrqs);
}

/** mirrors irq_domain_free_irqs(): the outermost domain frees (recursing to its parents), then the descriptors go. */
export function irqDomainFreeIrqs(descs: IrqDescTable, virq: number, nrIrqs: number): void {
  const domain = descs.desc(virq)?.data?.domain;
  if (!domain) return;
  domain.ops.free(domain, virq, nrIrqs);
  for (let irq = virq; irq < virq + nrIrqs; irq++) {
    for (let d: IrqDomain | undefined = domain; d; d = d.parent) d.mapped--;
    const desc = descs.desc(irq);
    if (desc) desc.data = undefined;
  }
  descs.freeDescs(virq, nrIrqs);
}

/** mirrors __irq_domain_activate_irq(): parents first; a failure deactivates the parents it activated. */
function activateLevel(data: IrqData, reserve: boolean): Err {
  if (data.parent) {
    const err = activateLevel(data.parent, reserve);
    if (err) return err;
  }
  const err = data.domain.ops.activate?.(data.domain, data, reserve);
  if (err && data.parent) deactivateLevel(data.parent);
  return err;
}

/** mirrors __irq_domain_deactivate_irq(): this level first, then its parents. */
function deactivateLevel(data: IrqData): void {
  data.domain.ops.deactivate?.(data.domain, data);
  if (data.parent) deactivateLevel(data.parent);
}

/** mirrors irq_domain_activate_irq(): only once; IRQD_ACTIVATED is set on success. */
export function irqDomainActivateIrq(data: IrqData, reserve: boolean): Err {
  if (data.desc.has(IRQD.ACTIVATED)) return undefined;
  const err = activateLevel(data, reserve);
  if (!err) data.desc.set(IRQD.ACTIVATED);
  return err;
}

/** mirrors irq_domain_deactivate_irq(): only when activated; clears IRQD_ACTIVATED. */
export function irqDomainDeactivateIrq(data: IrqData): void {
  if (!data.desc.has(IRQD.ACTIVATED)) return;
  deactivateLevel(data);
  data.desc.clear(IRQD.ACTIVATED);
}

/** mirrors irq_chip_compose_msi_msg(): the level nearest the device whose chip composes messages. */
export function irqChipComposeMsiMsg(data: IrqData): MsiMsg | KernelError {
  for (let d: IrqData | undefined = data; d; d = d.parent) {
    const compose = d.domain.ops.composeMsiMsg;
    if (compose) return compose(d.domain, d);
  }
  return kernelError("ENOSYS", `irq ${data.irq}: no level of its hierarchy composes an MSI message`);
}

/** mirrors irq_chip_set_affinity_parent(): a hierarchical chip passes the change to its parent. */
export function irqChipSetAffinityParent(data: IrqData, mask: CpuMask, force: boolean): AffinityAnswer {
  const parent = data.parent;
  const set = parent?.domain.ops.setAffinity;
  if (!parent || !set) return kernelError("ENOSYS", `irq ${data.irq}: no parent chip can set its affinity`);
  return set(parent.domain, parent, mask, force);
}
