/**
 * The MSI core's allocation and free loops (kernel/irq/msi.c): __msi_domain_alloc_irqs() with
 * msi_init_virq() and reservation mode, msi_domain_alloc_irq_at() for one index, and the free side.
 */
import { type KernelError, kernelError } from "../errno";
import type { IrqCore } from "./core";
import { IRQD } from "./irqdesc";
import {
  DOMAIN_BUS,
  irqDomainActivateIrq,
  irqDomainAllocIrqs,
  irqDomainDeactivateIrq,
  irqDomainFreeIrqs,
} from "./irqdomain";
import { MSI_ANY_INDEX, type MsiDesc, type MsiDomainSlot } from "./msi-desc";
import { MSI_FLAG, type MsiDomain } from "./msi-domain";

/** 0 = done; an error; or (PCI only) "retry with this many" as msi_handle_pci_fail() asks. */
export type MsiAllocResult = undefined | KernelError | { readonly retry: number };

/** What the bus layer adds to every allocation of a device (the msi_alloc_info it prepared). */
export interface MsiAllocCtx {
  readonly requesterId?: number;
  /** The device's NUMA node. */
  readonly node?: number;
  readonly devName: string;
}

/**
 * mirrors msi_check_reservation_mode(): only PCI MSI domains that must reactivate, and only when the
 * device can mask the vector (MSI-X always can).
 */
function msiCheckReservationMode(md: MsiDomain, first: MsiDesc | undefined): boolean {
  const t = md.template;
  const pciToken =
    t.busToken === DOMAIN_BUS.PCI_MSI ||
    t.busToken === DOMAIN_BUS.PCI_DEVICE_MSI ||
    t.busToken === DOMAIN_BUS.PCI_DEVICE_MSIX;
  if (!pciToken || !(t.flags & MSI_FLAG.MUST_REACTIVATE) || !first) return false;
  return t.canMask(first);
}

/**
 * mirrors msi_handle_pci_fail(): a PCI multi-MSI block may retry with fewer vectors (1), other PCI
 * allocations report what they got; non-PCI domains just fail with -ENOSPC.
 */
function msiHandlePciFail(md: MsiDomain, desc: MsiDesc, allocated: number, cause: KernelError): MsiAllocResult {
  const t = md.template.busToken;
  const pci = t === DOMAIN_BUS.PCI_MSI || t === DOMAIN_BUS.PCI_DEVICE_MSI || t === DOMAIN_BUS.PCI_DEVICE_MSIX;
  const reason = `${cause.reason} (${cause.errno})`;
  if (!pci) return kernelError("ENOSPC", reason);
  if (desc.nvecUsed > 1) return { retry: 1 };
  return allocated ? { retry: allocated } : kernelError("ENOSPC", reason);
}

/**
 * mirrors msi_init_virq(): without reservation mode the can-reserve bit goes; early activation parks
 * a reservable irq on the dummy vector and drops ACTIVATED so that request_irq() activates it again;
 * a managed irq whose CPUs are all offline stays in managed shutdown.
 */
function msiInitVirq(core: IrqCore, md: MsiDomain, irq: number, canReserve: boolean): KernelError | undefined {
  const data = md.levelData(irq);
  if (!data) return undefined;
  const desc = data.desc;
  if (!canReserve) desc.clear(IRQD.CAN_RESERVE);
  if (!(md.template.flags & MSI_FLAG.ACTIVATE_EARLY)) return undefined;
  if (desc.has(IRQD.AFFINITY_MANAGED) && !desc.affinity.intersects(core.online)) {
    desc.set(IRQD.MANAGED_SHUTDOWN);
    return undefined;
  }
  const err = irqDomainActivateIrq(data, canReserve);
  if (err) return err;
  if (canReserve) desc.clear(IRQD.ACTIVATED);
  return undefined;
}

/**
 * mirrors __msi_domain_alloc_irqs(): every unassociated descriptor of [first, last] gets its irqs
 * (a block of nvec_used for multi-MSI), each initialised by msi_init_virq(). Any failure frees the
 * whole range again.
 */
export function msiDomainAllocIrqsRange(
  core: IrqCore,
  md: MsiDomain,
  slot: MsiDomainSlot<MsiDomain>,
  first: number,
  last: number,
  ctx: MsiAllocCtx,
): MsiAllocResult {
  const todo = slot.descs("notassociated", first, last);
  const canReserve = msiCheckReservationMode(md, todo[0]);
  let allocated = 0;
  for (const desc of todo) {
    md.allocating = desc;
    const info = { type: md.template.allocType, hwirq: md.template.hwirq(desc), requesterId: ctx.requesterId };
    const virq = irqDomainAllocIrqs(core.descs, md.domain, desc.nvecUsed, info, desc.affinity, ctx.node ?? 0);
    md.allocating = undefined;
    if (typeof virq !== "number") {
      const ret = msiHandlePciFail(md, desc, allocated, virq);
      msiDomainFreeIrqsRange(core, md, slot, first, last);
      return ret;
    }
    desc.irq = virq;
    for (let i = 0; i < desc.nvecUsed; i++) {
      const d = core.descs.desc(virq + i);
      if (d) d.devName = ctx.devName;
      const err = msiInitVirq(core, md, virq + i, canReserve);
      if (err) {
        msiDomainFreeIrqsRange(core, md, slot, first, last);
        return err;
      }
    }
    allocated++;
  }
  return undefined;
}

/** Whether any irq of the range still has a handler (the kernel BUG()s on freeing those). */
export function msiRangeHasAction(
  core: IrqCore,
  slot: MsiDomainSlot<MsiDomain>,
  first: number,
  last: number,
): number | undefined {
  for (const desc of slot.descs("associated", first, last)) {
    for (let i = 0; i < desc.nvecUsed; i++) {
      if ((core.descs.desc(desc.irq + i)?.actions.length ?? 0) > 0) return desc.irq + i;
    }
  }
  return undefined;
}

/**
 * mirrors msi_domain_free_locked(): deactivate what is still activated, free the irqs of each
 * associated descriptor, and drop the descriptors when the domain owns them (FREE_MSI_DESCS).
 */
export function msiDomainFreeIrqsRange(
  core: IrqCore,
  md: MsiDomain,
  slot: MsiDomainSlot<MsiDomain>,
  first: number,
  last: number,
): void {
  for (const desc of slot.descs("associated", first, last)) {
    for (let i = 0; i < desc.nvecUsed; i++) {
      const data = md.levelData(desc.irq + i);
      if (data?.desc.has(IRQD.ACTIVATED)) irqDomainDeactivateIrq(data);
    }
    irqDomainFreeIrqs(core.descs, desc.irq, desc.nvecUsed);
    desc.irq = 0;
  }
  if (md.template.flags & MSI_FLAG.FREE_MSI_DESCS) {
    for (const desc of slot.descs("all", first, last)) slot.store.delete(desc.msiIndex);
  }
}

/** struct msi_map: the index and irq of one dynamically allocated vector, or the error. */
export type MsiMap = { readonly index: number; readonly virq: number } | KernelError;

/**
 * mirrors msi_domain_alloc_irq_at(): a descriptor at `index` (or the lowest free one), then its irq.
 * `makeDesc` builds the bus-specific descriptor; `prepareDesc` is the template's prepare_desc.
 */
export function msiDomainAllocIrqAt(
  core: IrqCore,
  md: MsiDomain | undefined,
  slot: MsiDomainSlot<MsiDomain>,
  index: number,
  makeDesc: (index: number) => MsiDesc,
  ctx: MsiAllocCtx,
  prepareDesc?: (desc: MsiDesc) => void,
): MsiMap {
  if (!md) return kernelError("ENODEV", `${ctx.devName} has no MSI domain for this store`);
  let at = index;
  if (index === MSI_ANY_INDEX) {
    const free = slot.lowestFree();
    if (free === undefined) return kernelError("EBUSY", `every index of ${md.domain.name} is in use (${slot.hwsize})`);
    at = free;
  }
  const desc = makeDesc(at);
  const bad = slot.insert(desc);
  if (bad === "ERANGE") return kernelError("ERANGE", `index ${at} is beyond the store's ${slot.hwsize} entries`);
  if (bad === "EBUSY") return kernelError("EBUSY", `index ${at} is already allocated`);
  prepareDesc?.(desc);
  const ret = msiDomainAllocIrqsRange(core, md, slot, at, at, ctx);
  if (ret !== undefined) {
    slot.store.delete(at);
    if ("retry" in ret) return kernelError("ENOSPC", `no interrupt could be allocated for index ${at}`);
    return ret;
  }
  return { index: at, virq: desc.irq };
}
