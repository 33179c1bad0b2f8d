/**
 * raise for an interrupt whose message someone else holds a copy of (ath11k's firmware, an NTB peer
 * host): that copy is written, whatever the kernel has written to the device since, and the result
 * says in plain words where a stale copy now leads.
 */
import { deliverMessage, type MessageDelivery } from "../kernel/arch/x86/msi-delivery";
import type { HeldCopy } from "../kernel/drivers/driver";
import { formatMsiMsg, msiMsgEqual } from "../kernel/irq/msi-msg";
import type { Platform } from "../kernel/platform";
import { pciIrqSources } from "./irq-source";
import type { OpResult } from "./platform-ops";

/** The driver of the device behind `irq` says who writes its message, if not the device's store. */
export function heldCopyOf(p: Platform, device: string, irq: number, store: string | undefined): HeldCopy | undefined {
  return p.drivers.get(device)?.driver.heldCopy?.(irq, store);
}

/** One copy someone else holds: the store index a step names it by (queue pair, vector) and its irq. */
export interface HeldCopyEntry {
  readonly index: number;
  readonly irq: number;
  readonly copy: HeldCopy;
}

/**
 * Every copy of `device`'s messages held by someone else: the NTB peer host's per queue pair (store
 * "peer"), or a firmware's per vector of the device's own store.
 */
export function heldCopies(p: Platform, device: string): HeldCopyEntry[] {
  const bound = p.drivers.get(device)?.driver;
  const hw = p.devices.get(device)?.hw;
  if (!bound?.heldCopy || hw?.kind !== "pci") return [];
  const out: HeldCopyEntry[] = [];
  for (let index = 0; bound.irqOf; index++) {
    const irq = bound.irqOf("peer", index);
    if (typeof irq !== "number") break;
    const copy = bound.heldCopy(irq, "peer");
    if (copy) out.push({ index, irq, copy });
  }
  if (out.length > 0) return out;
  for (const [irq, src] of pciIrqSources(hw.dev)) {
    const copy = bound.heldCopy(irq, src.store);
    if (copy) out.push({ index: src.slot, irq, copy });
  }
  return out;
}

/** Who is at `cpu`/`vector` now, in words, for a write that did not reach `irq`. */
function handlerName(p: Platform, irq: number): string {
  const names = p.machine.descs.desc(irq)?.actions.map((a) => a.name) ?? [];
  return names.length ? `irq ${irq} (${names.join(", ")})` : `irq ${irq}`;
}

/** The copy is written: through the IR unit or the compat decode to a CPU, like any device write. */
export function raiseHeldCopy(p: Platform, irq: number, copy: HeldCopy, requesterId: number | undefined): OpResult {
  const delivery: MessageDelivery = deliverMessage(p, copy.msg, requesterId);
  const stale = !msiMsgEqual(copy.msg, copy.current);
  const via = copy.via ? ` through ${copy.via}` : "";
  const wrote = `${copy.who} wrote its copy ${formatMsiMsg(copy.msg)}${via}`;
  const staleWords = stale
    ? `; the kernel has since rewritten the message to ${formatMsiMsg(copy.current)}, so the copy is stale`
    : "";
  if (delivery.kind === "fault") {
    const why = `IR fault 0x${delivery.code.toString(16)} (${delivery.name}): ${delivery.reason}`;
    return { ok: true, summary: `${wrote}${staleWords} -> ${why}`, silent: why, delivery };
  }
  if (delivery.kind !== "handled") {
    const why = "why" in delivery ? delivery.why : "masked at the device";
    return { ok: true, summary: `${wrote}${staleWords} -> lost: ${why}`, silent: `lost: ${why}`, delivery };
  }
  const via2 = delivery.irte === undefined ? "" : ` via IRTE ${delivery.irte}`;
  const where = `CPU ${delivery.cpu} vector ${delivery.vector}${via2}`;
  const got = p.machine.vector.vectorIrq[delivery.cpu]?.[delivery.vector];
  if (got !== undefined && got >= 0 && got !== irq) {
    const why = `the stale copy hit ${handlerName(p, got)}, not irq ${irq}`;
    return { ok: true, summary: `${wrote}${staleWords} -> ${where}: ${why}`, silent: why, delivery };
  }
  const still = stale ? " (the old vector is still kept for the move in progress)" : "";
  return { ok: true, summary: `${wrote}${staleWords} -> ${where}: handled${still}`, delivery };
}
