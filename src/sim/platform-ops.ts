/**
 * The device-level operations of scenarios (scenario-format.md ops) applied to a Platform: each
 * calls the kernel API a driver would (pci_alloc_irq_vectors(), pci_msix_alloc_irq_at(),
 * pci_ims_alloc_irq(), request_irq(), …) and reports the kernel's result.
 */
import type { Emission } from "../hw/message-store";
import { hpetAssignIrq } from "../kernel/arch/x86/hpet";
import { commonInterrupt } from "../kernel/arch/x86/irq";
import { deliverMessage, type MessageDelivery } from "../kernel/arch/x86/msi-delivery";
import { msiMsgDestModeLogical, msiMsgGetDestid } from "../kernel/arch/x86/msi-format";
import { CpuMask } from "../kernel/cpumask";
import {
  type PciIrqType,
  pciAllocIrqVectors,
  pciFreeIrqVectors,
  pciImsAllocIrq,
  pciImsFreeIrq,
  pciIrqVector,
  pciMsixAllocIrqAt,
  pciMsixFreeIrq,
} from "../kernel/drivers/pci/msi/api";
import type { PciDev } from "../kernel/drivers/pci/pci-dev";
import { type ErrnoName, type KernelError, kernelError } from "../kernel/errno";
import { MSI_ANY_INDEX, MSI_SECONDARY_DOMAIN } from "../kernel/irq/msi-desc";
import { formatMsiMsg } from "../kernel/irq/msi-msg";
import type { HpetBlock, Platform } from "../kernel/platform";
import { locateIrq } from "./irq-source";

/** An interrupt named by number, or by device + index (+ store). */
export type IrqRef =
  | { readonly irq: number }
  | { readonly device: string; readonly index: number; readonly store?: "msi" | "msix" | "ims" | "intx" | "peer" };

export type PlatformStep =
  | {
      readonly op: "alloc";
      readonly device: string;
      readonly types: readonly PciIrqType[];
      readonly min: number;
      readonly max: number;
      readonly affinity: "none" | "managed";
    }
  | { readonly op: "alloc_at"; readonly device: string; readonly index: number | "any" }
  | { readonly op: "free_at"; readonly device: string; readonly index: number }
  | { readonly op: "alloc_ims"; readonly device: string; readonly count: number; readonly pasid?: number }
  | { readonly op: "free_ims"; readonly device: string; readonly index: number }
  | { readonly op: "free_vectors"; readonly device: string; readonly store?: string };

/** What a device-level step produced. */
export type OpResult =
  | {
      readonly ok: true;
      readonly summary: string;
      readonly irqs?: readonly number[];
      /** Set when the kernel reports success but the interrupt never reaches its handler. */
      readonly silent?: string;
      readonly delivery?: MessageDelivery;
    }
  | { readonly ok: false; readonly errno: ErrnoName; readonly reason: string };

const fail = (e: KernelError): OpResult => ({ ok: false, errno: e.errno, reason: e.reason });

function pciDevice(p: Platform, name: string): PciDev | KernelError {
  const hw = p.devices.get(name)?.hw;
  if (!hw) return kernelError("ENODEV", `no device named "${name}"`);
  return hw.kind === "pci" ? hw.dev : kernelError("EINVAL", `"${name}" is not a PCI function`);
}

/** Resolves a reference to a Linux irq number. */
export function resolveIrq(p: Platform, ref: IrqRef): number | KernelError {
  if ("irq" in ref) {
    return p.machine.descs.desc(ref.irq) ? ref.irq : kernelError("EINVAL", `irq ${ref.irq} is not allocated`);
  }
  const hw = p.devices.get(ref.device)?.hw;
  if (hw?.kind === "line")
    return ref.index === 0 ? hw.line.irq : kernelError("EINVAL", `${ref.device} has one interrupt (index 0)`);
  if (hw?.kind === "hpet")
    return hw.block.irqs.get(ref.index) ?? kernelError("EINVAL", `HPET timer ${ref.index} has no irq assigned`);
  const dev = pciDevice(p, ref.device);
  if ("ok" in dev) return dev;
  if (ref.store === "peer") {
    const irq = p.drivers.get(ref.device)?.driver.irqOf?.("peer", ref.index);
    return irq ?? kernelError("EINVAL", `${ref.device} has no peer host copies (only ntb-switchtec does)`);
  }
  if (ref.store === "ims") {
    const desc = dev.msi.slots[MSI_SECONDARY_DOMAIN].store.get(ref.index);
    return desc?.irq ? desc.irq : kernelError("EINVAL", `${ref.device} has no IMS vector at index ${ref.index}`);
  }
  // A named store must be the one in use: index 1 of MSI-X is not vector 1 of an MSI block.
  const inUse = dev.msixEnabled ? "msix" : dev.msiEnabled ? "msi" : "intx";
  if (ref.store !== undefined && ref.store !== inUse) {
    return kernelError(
      "EINVAL",
      `${ref.device} has no ${ref.store.toUpperCase()} vectors now (it uses ${inUse.toUpperCase()})`,
    );
  }
  return pciIrqVector(dev, ref.index);
}

/** Applies one device-level step. */
export function applyPlatformStep(p: Platform, step: PlatformStep, sink: (d: PciDev, e: Emission) => void): OpResult {
  const pm = p.pciMsiPlatform();
  const hw = p.devices.get(step.device)?.hw;
  if (step.op === "alloc" && hw?.kind === "hpet") return allocHpet(hw.block, step.min, step.max);
  if (step.op === "alloc" && hw?.kind === "line") {
    const l = hw.line;
    return { ok: true, summary: `GSI ${l.gsi} is irq ${l.irq} (IO-APIC pin)`, irqs: [l.irq] };
  }
  const dev = pciDevice(p, step.device);
  if ("ok" in dev) return fail(dev);
  switch (step.op) {
    case "alloc": {
      const affinity = step.affinity === "managed" ? { cpus: CpuMask.all(p.machine.config.cpus) } : undefined;
      const r = pciAllocIrqVectors(pm, dev, { min: step.min, max: step.max, types: step.types, affinity }, sink);
      if ("ok" in r) return fail(r);
      const first = pciIrqVector(dev, 0);
      const irqs = typeof first === "number" ? (r.type === "intx" ? [first] : collectIrqs(dev)) : [];
      return {
        ok: true,
        summary: `${r.count} ${r.type.toUpperCase()} vector${r.count === 1 ? "" : "s"}: irq ${span(irqs)}`,
        irqs,
      };
    }
    case "alloc_at": {
      const m = pciMsixAllocIrqAt(pm, dev, step.index === "any" ? MSI_ANY_INDEX : step.index, sink);
      if ("ok" in m) return fail(m);
      return { ok: true, summary: `MSI-X index ${m.index}: irq ${m.virq}`, irqs: [m.virq] };
    }
    case "free_at": {
      const err = pciMsixFreeIrq(pm, dev, step.index);
      return err ? fail(err) : { ok: true, summary: `MSI-X index ${step.index} freed` };
    }
    case "alloc_ims": {
      const irqs: number[] = [];
      for (let i = 0; i < step.count; i++) {
        const m = pciImsAllocIrq(pm, dev, step.pasid);
        if ("ok" in m) {
          const done = irqs.length ? ` (after ${irqs.length} allocated: irq ${span(irqs)})` : "";
          return { ok: false, errno: m.errno, reason: `${m.reason}${done}` };
        }
        irqs.push(m.virq);
      }
      return { ok: true, summary: `${irqs.length} IMS vector${irqs.length === 1 ? "" : "s"}: irq ${span(irqs)}`, irqs };
    }
    case "free_ims": {
      const err = pciImsFreeIrq(pm, dev, step.index);
      return err ? fail(err) : { ok: true, summary: `IMS index ${step.index} freed` };
    }
    case "free_vectors": {
      if (step.store === "ims") {
        const slot = dev.msi.slots[MSI_SECONDARY_DOMAIN];
        for (const desc of slot.descs("associated")) {
          const err = pciImsFreeIrq(pm, dev, desc.msiIndex);
          if (err) return fail(err);
        }
        return { ok: true, summary: "IMS vectors freed" };
      }
      const err = pciFreeIrqVectors(pm, dev);
      return err ? fail(err) : { ok: true, summary: "MSI/MSI-X vectors freed" };
    }
  }
}

function collectIrqs(dev: PciDev): number[] {
  const out: number[] = [];
  for (const desc of dev.msi.slots[0].descs("associated"))
    for (let i = 0; i < desc.nvecUsed; i++) out.push(desc.irq + i);
  return out;
}

/** "25-28" for a run, "25,27" otherwise. */
export function span(irqs: readonly number[]): string {
  if (irqs.length === 0) return "(none)";
  const first = irqs[0] ?? 0;
  const last = irqs[irqs.length - 1] ?? 0;
  return irqs.every((v, i) => v === first + i) && irqs.length > 1 ? `${first}-${last}` : irqs.join(",");
}

/** hpet_assign_irq() for timers [0, max): the driver takes what it can get, at least min. */
function allocHpet(h: HpetBlock, min: number, max: number): OpResult {
  const irqs: number[] = [];
  for (let t = 0; t < h.hw.slots && irqs.length < max; t++) {
    if (h.irqs.has(t)) continue;
    const irq = hpetAssignIrq(h.domain, h.hw, t);
    if (typeof irq !== "number") return fail(irq);
    h.irqs.set(t, irq);
    irqs.push(irq);
  }
  if (irqs.length < min)
    return { ok: false, errno: "ENOSPC", reason: `only ${irqs.length} HPET timers free, min is ${min}` };
  return { ok: true, summary: `${irqs.length} HPET timer irq${irqs.length === 1 ? "" : "s"}: irq ${span(irqs)}`, irqs };
}

/**
 * raise: the device fires `irq`'s slot; the store decides whether a message goes out, the IR unit
 * or the compat decode routes it, the CPU's vector_irq names the handler. A message that lands on
 * another irq than the one raised is a silent failure.
 */
export function raiseIrqFromDevice(p: Platform, irq: number): OpResult {
  const src = locateIrq(p, irq);
  if (!src) return { ok: false, errno: "EINVAL", reason: `irq ${irq} has no device message store behind it` };
  let emission: Emission;
  if (src.hw) emission = src.hw.emit(src.slot);
  else if (src.desc) emission = { sent: true, msg: src.desc.msg };
  else return { ok: false, errno: "EINVAL", reason: `irq ${irq} has no store` };
  if (!emission.sent) {
    return { ok: true, summary: `not sent: ${emission.reason}`, silent: undefined };
  }
  // The unit's own fault event (FEDATA/FEADDR/FEUADDR) is not subject to remapping: it goes straight to the APIC.
  const delivery: MessageDelivery =
    src.store === "dmar"
      ? commonInterrupt(
          p.machine,
          p.machine.vector.cpuOfDest(msiMsgGetDestid(emission.msg, true), msiMsgDestModeLogical(emission.msg)),
          emission.msg.data & 0xff,
        )
      : deliverMessage(p, emission.msg, src.requesterId);
  if (src.store === "ioapic") {
    // handle_fasteoi_irq(): the handler quiets the device, the EOI clears Remote IRR.
    p.ioapic.hw.deassert(src.slot);
    p.ioapic.hw.eoi(p.ioapic.hw.readRte(src.slot).lo & 0xff);
  }
  const sent = `${src.device} ${src.store}[${src.slot}] wrote ${formatMsiMsg(emission.msg)}`;
  if (delivery.kind === "fault") {
    return {
      ok: true,
      summary: `${sent} -> IR fault 0x${delivery.code.toString(16)}: ${delivery.reason}`,
      silent: `IR fault 0x${delivery.code.toString(16)} (${delivery.name})`,
      delivery,
    };
  }
  if (delivery.kind !== "handled") {
    const why = "why" in delivery ? delivery.why : "masked";
    return { ok: true, summary: `${sent} -> lost: ${why}`, silent: why, delivery };
  }
  const got = p.machine.vector.vectorIrq[delivery.cpu]?.[delivery.vector];
  const via = delivery.irte === undefined ? "" : ` via IRTE ${delivery.irte}`;
  const where = `CPU ${delivery.cpu} vector ${delivery.vector}${via}`;
  if (got !== undefined && got !== irq && got >= 0) {
    return {
      ok: true,
      summary: `${sent} -> ${where}: irq ${got}, not irq ${irq}`,
      silent: `misdelivered to irq ${got}`,
      delivery,
    };
  }
  return { ok: true, summary: `${sent} -> ${where}: handled`, delivery };
}
