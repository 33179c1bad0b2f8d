/**
 * The Dec 2021 proposal's vIRTE hypercall (tglx, 5 and 10 Dec 2021; never implemented for KVM): the
 * guest's vIOMMU update is where the host allocates the interrupt that backs a guest vector and its
 * host IRTE, and returns a message valid on the host, which the guest writes into the (mapped)
 * device store. A refusal is an errno the guest's request_irq() sees: nothing fails silently.
 */

import { locateIrq } from "../../sim/irq-source";
import { addKvmRoute, dropKvmRoute, updateKvmRoute } from "../../vmm/qemu/vfio-pci";
import { type GuestBacking, newBacking, type VmmContext } from "../../vmm/vmm-context";
import { irqMsiComposeMsg } from "../arch/x86/msi-format";
import type { IntelIommu } from "../drivers/iommu/intel/irq-remapping";
import { type Irte, irteDestApicid } from "../drivers/iommu/intel/irte";
import type { VfioIrqCtx } from "../drivers/vfio/pci/vfio_pci_intrs";
import { type KernelError, kernelError } from "../errno";
import { formatMsiMsg, type MsiMsg } from "../irq/msi-msg";

const PROPOSAL = "hypercall (Dec 2021 proposal)";

/** The host side of one vIRTE update: back the guest slot (first time) or retarget it. */
function vIrteUpdate(
  ctx: VmmContext,
  vir: IntelIommu,
  irq: number,
  irte: Irte,
): undefined | KernelError | { hostMsg: MsiMsg } {
  const src = locateIrq(ctx.guest, irq);
  if (!src?.pci || (src.store !== "msi" && src.store !== "msix" && src.store !== "ims")) return undefined;
  const vfio = ctx.vfio(src.device);
  if (!vfio) return undefined;
  // The route carries the vIRTE's destination with its dst_mode, as QEMU's vtd_generate_msi_message()
  // does for a remapped guest message: a flat-logical guest (xAPIC, <= 8 CPUs, before v6.9) names CPU n as 1 << n.
  const dest = irteDestApicid(irte, vir.config.x2apic);
  const logical = irte.dstMode === 1;
  const routeMsg = irqMsiComposeMsg(irte.vector, dest, { destModeLogical: logical }).msg;
  const vcpu = ctx.guest.machine.vector.cpuOfDest(dest, logical);
  const virte = vir.irqs.get(irq);
  const where = `vIRTE ${virte ? virte.index + virte.subHandle : "?"} of ${src.device} ${src.store} ${src.slot}`;
  const key = `${src.device}/${src.store}/${src.slot}`;
  const have = ctx.backs.get(key);
  if (have?.vfio && have.hostMsg) {
    ctx.emit({
      kind: "hypercall",
      device: src.device,
      irq,
      text: `${PROPOSAL}: ${where} now vCPU ${vcpu} vector ${irte.vector}: the host retargets the route; host irq ${have.vfio.hostIrq} and the device message stay`,
    });
    updateKvmRoute(ctx, have, routeMsg, "vIRTE hypercall");
    return { hostMsg: have.hostMsg };
  }
  const b = newBacking(src.device, src.store, src.slot, "hypercall");
  b.guestIrq = irq;
  ctx.backs.set(key, b);
  addKvmRoute(ctx, b, routeMsg, src.pci.devid);
  const c = hostBacking(ctx, b, src.store, src.slot, src.desc?.nvecUsed ?? 1);
  const err = "errno" in c ? c : vfio.setVectorSignal(c, b.eventfd);
  if (err) {
    dropKvmRoute(ctx, b);
    ctx.backs.delete(key);
    ctx.emit({
      kind: "hypercall",
      device: src.device,
      irq,
      text: `${PROPOSAL}: ${where}: the host refuses (${err.reason}); the guest gets -${err.errno}`,
    });
    return kernelError(err.errno, `the host refused the vIRTE hypercall: ${err.reason}`);
  }
  if ("errno" in c) return c;
  b.vfio = c;
  const hs = locateIrq(ctx.host, c.hostIrq);
  const hostMsg = hs?.hw ? hs.hw.storedMessage(hs.slot) : (hs?.desc?.msg ?? routeMsg);
  b.hostMsg = hostMsg;
  const hostIrte = ctx.host.iommu?.irqs.get(c.hostIrq);
  ctx.emit({
    kind: "hypercall",
    device: src.device,
    irq,
    text: `${PROPOSAL}: ${where} (vCPU ${vcpu} vector ${irte.vector}): the host allocated irq ${c.hostIrq} "${c.name}"${hostIrte ? `, host IRTE ${hostIrte.index + hostIrte.subHandle}` : ""}, and returned the host-valid message ${formatMsiMsg(hostMsg)}`,
  });
  return { hostMsg };
}

/** The host interrupt for a guest slot: the same MSI-X entry (dynamic), a host IMS entry, or MSI vector k. */
function hostBacking(
  ctx: VmmContext,
  b: GuestBacking,
  store: "msi" | "msix" | "ims",
  slot: number,
  nvec: number,
): VfioIrqCtx | KernelError {
  const vfio = ctx.vfio(b.device);
  if (!vfio || !b.eventfd) return kernelError("ENODEV", `${b.device} is not assigned`);
  if (store === "ims") {
    return vfio.imsBack(slot, undefined);
  }
  if (vfio.nvec[store] === 0) {
    const err = vfio.msiEnable(store, store === "msi" ? nvec : 1);
    if (err) return err;
  }
  return vfio.allocIrq(store, slot);
}

/** The guest freed the vIRTE: the host gives back what backed it. */
function vIrteRelease(ctx: VmmContext, irq: number): void {
  const b = [...ctx.backs.values()].find((x) => x.guestIrq === irq && x.via === "hypercall");
  if (!b) return;
  const vfio = ctx.vfio(b.device);
  dropKvmRoute(ctx, b);
  if (b.vfio && vfio) vfio.release(b.vfio);
  ctx.backs.delete(b.key);
  ctx.emit({
    kind: "hypercall",
    device: b.device,
    irq,
    text: `${PROPOSAL}: vIRTE of ${b.key} freed: the host released irq ${b.vfio?.hostIrq ?? "-"}`,
  });
  if (vfio && b.store !== "ims" && ![...ctx.backs.values()].some((x) => x.device === b.device && x.store === b.store))
    vfio.msiDisable(b.store);
}

/** Makes the guest's vIOMMU call the host at every vIRTE update. */
export function installVirHypercall(ctx: VmmContext, vir: IntelIommu): void {
  vir.virtHooks = {
    update: (irq, irte) => vIrteUpdate(ctx, vir, irq, irte),
    release: (irq) => vIrteRelease(ctx, irq),
  };
}
