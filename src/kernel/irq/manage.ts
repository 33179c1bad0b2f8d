/**
 * Affinity and handlers (kernel/irq/manage.c): irq_do_set_affinity() and its callers, irq_setup_affinity(),
 * request_irq() and free_irq().
 */
import { CpuMask } from "../cpumask";
import { kernelError } from "../errno";
import { irqShutdown, irqStartup } from "./chip";
import type { IrqCore } from "./core";
import { IRQD, type IrqDesc } from "./irqdesc";
import {
  type Err,
  IRQ_SET_MASK_OK,
  IRQ_SET_MASK_OK_DONE,
  irqDomainActivateIrq,
  irqDomainDeactivateIrq,
  type VcpuInfo,
} from "./irqdomain";

/** mirrors __irq_can_set_affinity(): balancing allowed and a chip that can set affinity. */
export function irqCanSetAffinity(desc: IrqDesc): boolean {
  if (desc.has(IRQD.PER_CPU | IRQD.NO_BALANCING)) return false;
  return desc.data?.domain.ops.setAffinity !== undefined;
}

/** mirrors irq_can_set_affinity_usr(): user space may not touch managed irqs. */
export function irqCanSetAffinityUsr(desc: IrqDesc): boolean {
  return irqCanSetAffinity(desc) && !desc.has(IRQD.AFFINITY_MANAGED);
}

/** mirrors irq_can_move_pcntxt(): only irqs flagged IRQD_MOVE_PCNTXT move from process context (6.12). */
export function irqCanMovePcntxt(desc: IrqDesc): boolean {
  return desc.has(IRQD.MOVE_PCNTXT);
}

/**
 * mirrors irq_do_set_affinity(): the chip gets only the online CPUs of `mask` (all of it when
 * `force`); on success the mask becomes the irq's affinity.
 */
export function irqDoSetAffinity(core: IrqCore, desc: IrqDesc, mask: CpuMask, force: boolean): Err {
  const data = desc.data;
  const set = data?.domain.ops.setAffinity;
  if (!data || !set) return kernelError("EINVAL", `irq ${desc.irq} has no chip that can set its affinity`);
  const onlineTargets = mask.and(core.online);
  let ret: ReturnType<typeof set>;
  if (!force && !onlineTargets.isEmpty()) ret = set(data.domain, data, onlineTargets, false);
  else if (force) ret = set(data.domain, data, mask, true);
  else return kernelError("EINVAL", `no CPU of ${mask.toList() || "(none)"} is online`);
  if (typeof ret !== "number") return ret;
  if (ret === IRQ_SET_MASK_OK || ret === IRQ_SET_MASK_OK_DONE) desc.affinity = mask.copy();
  return undefined;
}

/** mirrors irq_set_affinity_pending(): keep the mask for the next interrupt to apply. */
function irqSetMovePending(desc: IrqDesc, mask: CpuMask): void {
  desc.set(IRQD.SETAFFINITY_PENDING);
  desc.pendingMask = mask.copy();
}

/** mirrors irq_try_set_affinity(): a busy vector domain (-EBUSY) turns into a pending move, not an error. */
function irqTrySetAffinity(core: IrqCore, desc: IrqDesc, mask: CpuMask, force: boolean): Err {
  const err = irqDoSetAffinity(core, desc, mask, force);
  if (err?.errno === "EBUSY" && !force) {
    irqSetMovePending(desc, mask);
    return undefined;
  }
  return err;
}

/**
 * mirrors irq_set_affinity_deactivated(): an irq that applies its affinity on activation only stores
 * the mask while it is not activated.
 */
function irqSetAffinityDeactivated(desc: IrqDesc, mask: CpuMask): boolean {
  if (desc.has(IRQD.ACTIVATED) || !desc.has(IRQD.AFFINITY_ON_ACTIVATE)) return false;
  desc.affinity = mask.copy();
  desc.effective = mask.copy();
  desc.set(IRQD.AFFINITY_SET);
  return true;
}

/**
 * mirrors irq_set_affinity_locked(): stored for inactive irqs, applied now when the irq can move
 * from process context, otherwise left pending for the next interrupt (GENERIC_PENDING_IRQ).
 */
export function irqSetAffinityLocked(core: IrqCore, desc: IrqDesc, mask: CpuMask, force: boolean): Err {
  if (!desc.data?.domain.ops.setAffinity) {
    return kernelError("EINVAL", `irq ${desc.irq} has no chip that can set its affinity`);
  }
  if (irqSetAffinityDeactivated(desc, mask)) return undefined;
  let err: Err;
  if (irqCanMovePcntxt(desc) && !desc.has(IRQD.SETAFFINITY_PENDING)) err = irqTrySetAffinity(core, desc, mask, force);
  else irqSetMovePending(desc, mask);
  desc.set(IRQD.AFFINITY_SET);
  return err;
}

/**
 * mirrors irq_setup_affinity(): at startup a managed or user-set affinity is kept if it has an
 * online CPU; otherwise the default (all CPUs). The model's machines have a single NUMA node.
 */
export function irqSetupAffinity(core: IrqCore, desc: IrqDesc): Err {
  if (!irqCanSetAffinity(desc)) return undefined;
  let set = CpuMask.all(core.online.nbits);
  if (desc.has(IRQD.AFFINITY_MANAGED) || desc.has(IRQD.AFFINITY_SET)) {
    if (!desc.affinity.and(core.online).isEmpty()) set = desc.affinity;
    else desc.clear(IRQD.AFFINITY_SET);
  }
  let mask = core.online.and(set);
  if (mask.isEmpty()) mask = core.online.copy();
  return irqDoSetAffinity(core, desc, mask, false);
}

/** mirrors irq_activate(): managed irqs are activated at startup instead. */
function irqActivate(desc: IrqDesc): Err {
  if (desc.has(IRQD.AFFINITY_MANAGED) || !desc.data) return undefined;
  return irqDomainActivateIrq(desc.data, false);
}

/**
 * mirrors request_irq() → __setup_irq(): the first handler activates the irq (its real vector, in
 * reservation mode) and starts it; further handlers need IRQF_SHARED on every side.
 */
export function requestIrq(
  core: IrqCore,
  irq: number,
  name: string,
  shared: boolean,
  oneshot = false,
  /** Another dev_id under the same name (a driver's per-ring handlers on one shared vector). */
  ownDevId = false,
): Err {
  const desc = core.descs.desc(irq);
  if (!desc) return kernelError("EINVAL", `irq ${irq} is not allocated`);
  if (!desc.data) return kernelError("ENOSYS", `irq ${irq} has no irq_chip in this model (no domain)`);
  if (!ownDevId && desc.actions.some((a) => a.name === name)) {
    return kernelError("EBUSY", `irq ${irq} already has a handler named "${name}"`);
  }
  const first = desc.actions[0];
  if (first) {
    if (!(shared && first.shared)) {
      core.log.warn(
        `genirq: Flags mismatch irq ${irq}. ${shared ? "00000080" : "00000000"} (${name}) vs. ${first.shared ? "00000080" : "00000000"} (${first.name})`,
      );
      return kernelError("EBUSY", `irq ${irq} is taken by "${first.name}" and the handlers are not both IRQF_SHARED`);
    }
    desc.addAction({ name, shared });
    return undefined;
  }
  const err = irqActivate(desc);
  if (err) return err;
  desc.addAction({ name, shared });
  // __setup_irq(): IRQF_ONESHOT of the first handler.
  desc.oneshot = oneshot;
  const ret = irqStartup(core, desc, false);
  chipBusSyncUnlock(desc);
  return ret;
}

/** mirrors chip_bus_sync_unlock(): a chip on a slow bus commits what it buffered. */
function chipBusSyncUnlock(desc: IrqDesc): void {
  const data = desc.data;
  data?.domain.ops.busSyncUnlock?.(data.domain, data);
}

/** mirrors free_irq() → __free_irq(): the last handler's removal shuts the irq down and deactivates it. */
export function freeIrq(core: IrqCore, irq: number, name: string | undefined): Err {
  const desc = core.descs.desc(irq);
  if (!desc) return kernelError("EINVAL", `irq ${irq} is not allocated`);
  const i = name === undefined ? desc.actions.length - 1 : desc.actions.findIndex((a) => a.name === name);
  if (i < 0) {
    core.log.warn(`WARNING: Trying to free already-free IRQ ${irq}`);
    return kernelError("EINVAL", `irq ${irq} has no handler${name === undefined ? "" : ` named "${name}"`} to free`);
  }
  desc.removeAction(i);
  if (desc.actions.length > 0) return undefined;
  irqShutdown(desc);
  if (desc.data) irqDomainDeactivateIrq(desc.data);
  chipBusSyncUnlock(desc);
  return undefined;
}

/**
 * mirrors irq_set_vcpu_affinity(): the first level of the hierarchy, from the device up, whose chip
 * has irq_set_vcpu_affinity does it; with none, -ENOSYS.
 */
export function irqSetVcpuAffinity(core: IrqCore, irq: number, info: VcpuInfo | undefined): Err {
  const desc = core.descs.desc(irq);
  if (!desc) return kernelError("EINVAL", `irq ${irq} is not allocated`);
  for (let data = desc.data; data; data = data.parent) {
    const op = data.domain.ops.setVcpuAffinity;
    if (op) return op(data.domain, data, info);
  }
  return kernelError("ENOSYS", `no chip of irq ${irq}'s hierarchy can post to a vCPU (no irq_set_vcpu_affinity)`);
}
