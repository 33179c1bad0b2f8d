/** Starting and stopping an irq (kernel/irq/chip.c): irq_startup(), the managed variant, irq_shutdown(). */

import type { IrqCore } from "./core";
import { IRQD, type IrqDesc } from "./irqdesc";
import type { Err } from "./irqdomain";
import { irqDomainActivateIrq, irqDomainDeactivateIrq } from "./irqdomain";
import { irqDoSetAffinity, irqSetupAffinity } from "./manage";

type StartupKind = "normal" | "managed" | "abort";

/**
 * mirrors __irq_startup_managed(): a managed irq with no online CPU in its mask is not started but
 * parked in managed shutdown until a CPU of the mask comes up; otherwise it is activated here.
 */
function irqStartupManaged(core: IrqCore, desc: IrqDesc, force: boolean): StartupKind {
  if (!desc.has(IRQD.AFFINITY_MANAGED)) return "normal";
  desc.clear(IRQD.MANAGED_SHUTDOWN);
  if (desc.affinity.and(core.online).isEmpty()) {
    if (force) core.log.warn(`WARNING: __irq_startup_managed: forced startup of managed irq ${desc.irq}`);
    return "abort";
  }
  const data = desc.data;
  const err = data ? irqDomainActivateIrq(data, false) : undefined;
  if (err) {
    core.log.warn(`WARNING: __irq_startup_managed: irq ${desc.irq} activation failed (${err.errno})`);
    return "abort";
  }
  return "managed";
}

/** mirrors __irq_startup(): the chip is enabled and the irq counts as started. */
function irqStartupChip(core: IrqCore, desc: IrqDesc): void {
  if (!desc.has(IRQD.ACTIVATED)) core.log.warn(`WARNING: __irq_startup: irq ${desc.irq} is not activated`);
  desc.clear(IRQD.IRQ_DISABLED | IRQD.IRQ_MASKED);
  desc.set(IRQD.STARTED);
  // irq_enable() → the outermost chip's irq_unmask (the device's own mask bit).
  const data = desc.data;
  data?.domain.ops.unmask?.(data.domain, data);
}

/** mirrors irq_startup(). Returns the chip's startup error, if any. */
export function irqStartup(core: IrqCore, desc: IrqDesc, force: boolean): Err {
  desc.depth = 0;
  if (desc.has(IRQD.STARTED)) {
    desc.clear(IRQD.IRQ_DISABLED | IRQD.IRQ_MASKED);
    return undefined;
  }
  switch (irqStartupManaged(core, desc, force)) {
    case "normal":
      irqStartupChip(core, desc);
      irqSetupAffinity(core, desc);
      return undefined;
    case "managed":
      irqDoSetAffinity(core, desc, desc.affinity, false);
      irqStartupChip(core, desc);
      return undefined;
    case "abort":
      desc.set(IRQD.MANAGED_SHUTDOWN);
      return undefined;
  }
}

/** mirrors irq_shutdown(): a started irq is masked, disabled and no longer started. */
export function irqShutdown(desc: IrqDesc): void {
  if (!desc.has(IRQD.STARTED)) return;
  desc.depth = 1;
  desc.set(IRQD.IRQ_DISABLED | IRQD.IRQ_MASKED);
  desc.clear(IRQD.STARTED);
  const data = desc.data;
  data?.domain.ops.mask?.(data.domain, data);
}

/** mirrors irq_shutdown_and_deactivate(): deactivation runs even if the irq never started. */
export function irqShutdownAndDeactivate(desc: IrqDesc): void {
  irqShutdown(desc);
  if (desc.data) irqDomainDeactivateIrq(desc.data);
}
