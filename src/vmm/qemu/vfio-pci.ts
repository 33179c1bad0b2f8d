/**
 * QEMU's vfio-pci interrupt emulation (hw/vfio/pci.c) for the old scheme: the guest's MSI-X table
 * and MSI capability are emulated, every write is trapped, and the host backs a guest vector when
 * the guest unmasks it (vfio_msix_vector_do_use()). Growing past the enabled count disables and
 * re-enables MSI-X on the host unless VFIO can add vectors (v6.5+ with QEMU 8.2+).
 */

import type { PciDev } from "../../kernel/drivers/pci/pci-dev";
import type { VfioIrqCtx, VfioPciIntrs } from "../../kernel/drivers/vfio/pci/vfio_pci_intrs";
import { formatMsiMsg, type MsiMsg } from "../../kernel/irq/msi-msg";
import { type GuestBacking, type GuestStore, newBacking, type VmmContext } from "../vmm-context";
import { qemuRouteMessage } from "./vtd-translate";

const same = (a: MsiMsg | undefined, b: MsiMsg): boolean =>
  a !== undefined && a.addressLo === b.addressLo && a.addressHi === b.addressHi && a.data === b.data;

/** mirrors kvm_irqchip_add_msi_route() + the irqfd QEMU binds to it (kvm_irqchip_add_irqfd_notifier_gsi()). */
export function addKvmRoute(ctx: VmmContext, b: GuestBacking, routeMsg: MsiMsg, devid: number): void {
  b.route = ctx.kvm.routing.addMsiRoute(routeMsg, devid);
  b.eventfd = ctx.kvm.irqfds.newEventfd();
  ctx.kvm.irqfds.assign(b.eventfd, b.route.gsi);
  ctx.emit({
    kind: "route",
    device: b.device,
    ...(b.guestIrq === undefined ? {} : { irq: b.guestIrq }),
    text: `kvm: KVM_SET_GSI_ROUTING gsi ${b.route.gsi} = MSI ${formatMsiMsg(routeMsg)}; KVM_IRQFD eventfd ${b.eventfd.id} → gsi ${b.route.gsi} (${b.key})`,
  });
}

/** mirrors kvm_irqchip_update_msi_route(): the route follows the guest; the host irq stays where it is. */
export function updateKvmRoute(ctx: VmmContext, b: GuestBacking, routeMsg: MsiMsg, why: string): void {
  if (!b.route) return;
  if (same(b.route.msg, routeMsg)) return;
  ctx.kvm.routing.updateMsiRoute(b.route.gsi, routeMsg);
  ctx.emit({
    kind: "route",
    device: b.device,
    ...(b.guestIrq === undefined ? {} : { irq: b.guestIrq }),
    text: `kvm: gsi ${b.route.gsi} updated to MSI ${formatMsiMsg(routeMsg)} (${why}); host irq ${b.vfio?.hostIrq ?? "-"} does not move`,
  });
  const irqfd = b.eventfd ? ctx.kvm.irqfds.byEventfd.get(b.eventfd.id) : undefined;
  if (irqfd) ctx.kvm.irqfds.updatePosting(irqfd, b.route, ctx.kvm.singleVcpu);
}

/** mirrors kvm_irqchip_release_virq() and the irqfd's removal. */
export function dropKvmRoute(ctx: VmmContext, b: GuestBacking): void {
  if (b.eventfd) ctx.kvm.irqfds.deassign(b.eventfd);
  if (b.route) ctx.kvm.routing.releaseRoute(b.route.gsi);
  b.route = undefined;
  b.eventfd = undefined;
}

/** The route QEMU installs for a guest message, or the reason it cannot. */
function routeFor(ctx: VmmContext, dev: PciDev, msg: MsiMsg): { msg: MsiMsg } | { why: string } {
  const r = qemuRouteMessage(ctx.guest, msg, dev.devid);
  return r.ok ? { msg: r.msg } : { why: r.why };
}

/** Flags a backing that cannot carry anything, at the step that caused it. */
function silent(ctx: VmmContext, b: GuestBacking, reason: string): void {
  if (b.silent === reason) return;
  b.silent = reason;
  ctx.flagSilent(reason);
  ctx.emit({
    kind: "silent",
    device: b.device,
    ...(b.guestIrq === undefined ? {} : { irq: b.guestIrq }),
    text: `SILENT FAILURE: ${b.key}: ${reason}`,
  });
}

/** Attaches the backing's eventfd as the host vector's trigger (vfio_msi_set_vector_signal()). */
function signal(ctx: VmmContext, vfio: VfioPciIntrs, b: GuestBacking, c: VfioIrqCtx): void {
  const err = vfio.setVectorSignal(c, b.eventfd);
  if (err) {
    silent(ctx, b, `the host could not request ${c.name}: ${err.reason}`);
    return;
  }
  b.vfio = c;
  b.silent = undefined;
  ctx.emit({
    kind: "vfio",
    device: b.device,
    ...(b.guestIrq === undefined ? {} : { irq: b.guestIrq }),
    text: `vfio: host irq ${c.hostIrq} "${c.name}" → eventfd ${b.eventfd?.id ?? "-"}`,
  });
}

/** The guest irq behind a slot of an assigned function, if the guest kernel has one there. */
function guestIrqOf(dev: PciDev, store: GuestStore, slot: number): number | undefined {
  const domid = store === "ims" ? 1 : 0;
  const s = dev.msi.slots[domid];
  if (!s) return undefined;
  if (store === "msi") {
    const d = s.store.get(0);
    return d?.irq ? d.irq + slot : undefined;
  }
  const d = s.store.get(slot);
  return d?.irq ? d.irq : undefined;
}

/**
 * mirrors vfio_msix_vector_do_use(): a KVM route for the guest's message, then a host vector with
 * the route's eventfd as trigger: by pci_msix_alloc_irq_at() where VFIO can, otherwise by disabling
 * MSI-X and enabling it again with nr + 1 vectors (every host vector torn down in between).
 */
function msixVectorDoUse(
  ctx: VmmContext,
  dev: PciDev,
  vfio: VfioPciIntrs,
  slot: number,
  msg: MsiMsg,
  legacy: boolean,
): void {
  const key = `${dev.name}/msix/${slot}`;
  let b = ctx.backs.get(key);
  const guestIrq = guestIrqOf(dev, "msix", slot);
  if (b?.route && b.vfio) {
    // Unmasked again after a release: the trigger goes back to KVM's eventfd.
    b.released = false;
    signal(ctx, vfio, b, b.vfio);
    return;
  }
  if (!b) {
    b = newBacking(dev.name, "msix", slot, "trap");
    b.guestIrq = guestIrq;
    ctx.backs.set(key, b);
  }
  ctx.emit({
    kind: "trap",
    device: dev.name,
    ...(guestIrq === undefined ? {} : { irq: guestIrq }),
    text: `qemu: trapped unmask of MSI-X entry ${slot} (${formatMsiMsg(msg)}): vfio_msix_vector_do_use`,
  });
  const r = routeFor(ctx, dev, msg);
  if ("why" in r) {
    silent(ctx, b, r.why);
    return;
  }
  b.guestMsg = msg;
  addKvmRoute(ctx, b, r.msg, dev.devid);
  if (legacy && slot + 1 > vfio.nvec.msix) {
    resizeMsix(ctx, dev, vfio, slot + 1);
    return;
  }
  const c = vfio.allocIrq("msix", slot);
  if ("errno" in c) {
    silent(
      ctx,
      b,
      `the host cannot back MSI-X entry ${slot}: ${c.reason} (QEMU only logs it; the guest was told nothing)`,
    );
    return;
  }
  signal(ctx, vfio, b, c);
}

/**
 * The legacy growth: vfio_disable_irqindex() then vfio_enable_vectors(nr_vectors): every host vector
 * of the function is freed and allocated again; an interrupt the device raises in between is lost.
 */
function resizeMsix(ctx: VmmContext, dev: PciDev, vfio: VfioPciIntrs, nvec: number): void {
  const had = vfio.nvec.msix;
  const gone = vfio.msiDisable("msix");
  const live = [...ctx.backs.values()].filter((x) => x.device === dev.name && x.store === "msix" && x.route);
  for (const x of live) {
    if (x.vfio) {
      ctx.emit({
        kind: "lost",
        device: dev.name,
        ...(x.guestIrq === undefined ? {} : { irq: x.guestIrq }),
        text: `LOST WINDOW: ${x.key}: host irq ${x.vfio.hostIrq} freed while MSI-X is disabled on the host; an interrupt the device raises now is lost`,
      });
    }
    x.vfio = undefined;
  }
  ctx.emit({
    kind: "vfio",
    device: dev.name,
    text: `vfio: MSI-X disabled (${had} vector(s), ${gone.length} host irq(s) freed) and enabled again with ${nvec}: VFIO cannot add a vector to an enabled MSI-X (VFIO_IRQ_INFO_NORESIZE)`,
  });
  const err = vfio.msiEnable("msix", nvec);
  for (const x of live) {
    if (err) {
      silent(ctx, x, `the host could not enable ${nvec} MSI-X vectors again: ${err.reason}`);
      continue;
    }
    const c = vfio.ctx.msix.get(x.slot);
    if (c) signal(ctx, vfio, x, c);
  }
}

/** mirrors vfio_msix_vector_release(): QEMU takes the trigger back to emulate the pending bit; the host vector stays. */
function msixVectorRelease(ctx: VmmContext, vfio: VfioPciIntrs, b: GuestBacking): void {
  if (b.released || !b.vfio) return;
  b.released = true;
  vfio.setVectorSignal(b.vfio, undefined);
  ctx.emit({
    kind: "trap",
    device: b.device,
    ...(b.guestIrq === undefined ? {} : { irq: b.guestIrq }),
    text: `qemu: trapped mask of MSI-X entry ${b.slot}: vfio_msix_vector_release (host irq ${b.vfio.hostIrq} kept, QEMU sets the pending bit)`,
  });
}

/** Everything backing a store of the device goes away (MSI-X or MSI disabled by the guest). */
export function releaseStore(ctx: VmmContext, dev: string, store: GuestStore, vfio: VfioPciIntrs | undefined): void {
  for (const b of [...ctx.backs.values()]) {
    if (b.device !== dev || b.store !== store) continue;
    dropKvmRoute(ctx, b);
    if (b.vfio && vfio && store === "ims") vfio.release(b.vfio);
    ctx.backs.delete(b.key);
  }
  if (vfio && store !== "ims") vfio.msiDisable(store);
}

/** QEMU's view of the guest's emulated MSI-X table after a guest step: enable, unmask, rewrite, mask. */
export function syncMsix(ctx: VmmContext, dev: PciDev, vfio: VfioPciIntrs, legacy: boolean): void {
  const table = dev.msixCap;
  if (!table) return;
  const on = table.enabled;
  const hostOn = vfio.nvec.msix > 0;
  if (on && !hostOn) {
    // mirrors vfio_msix_enable(): vector 0 enabled without a trigger, so the function is in MSI-X mode.
    const err = vfio.msiEnable("msix", 1);
    ctx.emit({
      kind: "trap",
      device: dev.name,
      text: `qemu: guest enabled MSI-X: vfio_msix_enable (host MSI-X on with 1 vector${err ? `, failed: ${err.reason}` : ""})`,
    });
  }
  if (!on) {
    if (hostOn) {
      ctx.emit({
        kind: "trap",
        device: dev.name,
        text: "qemu: guest disabled MSI-X: vfio_msix_disable (every host vector freed, routes released)",
      });
      releaseStore(ctx, dev.name, "msix", vfio);
    }
    return;
  }
  const fmask = table.functionMasked;
  for (let slot = 0; slot < table.slots; slot++) {
    const key = `${dev.name}/msix/${slot}`;
    const b = ctx.backs.get(key);
    const masked = fmask || table.isMasked(slot);
    if (masked) {
      if (b) msixVectorRelease(ctx, vfio, b);
      continue;
    }
    const msg = table.storedMessage(slot);
    if (!b?.route || b.released) {
      msixVectorDoUse(ctx, dev, vfio, slot, msg, legacy);
      continue;
    }
    if (same(b.guestMsg, msg)) {
      // The vIRTE behind it may have changed (guest IEC invalidation): QEMU translates again.
      const r = routeFor(ctx, dev, msg);
      if ("msg" in r) updateKvmRoute(ctx, b, r.msg, "vIRTE changed, IEC invalidation");
      continue;
    }
    ctx.emit({
      kind: "trap",
      device: dev.name,
      ...(b.guestIrq === undefined ? {} : { irq: b.guestIrq }),
      text: `qemu: trapped write of MSI-X entry ${slot}: ${formatMsiMsg(msg)}`,
    });
    b.guestMsg = msg;
    const r = routeFor(ctx, dev, msg);
    if ("why" in r) silent(ctx, b, r.why);
    else updateKvmRoute(ctx, b, r.msg, "guest rewrote the entry");
  }
}

/** QEMU's view of the MSI capability (vfio_msi_enable()/vfio_update_msi()): all vectors at enable. */
export function syncMsi(ctx: VmmContext, dev: PciDev, vfio: VfioPciIntrs): void {
  const cap = dev.msiCap;
  if (!cap) return;
  const on = cap.enabled;
  const hostOn = vfio.nvec.msi > 0;
  if (!on) {
    if (hostOn) {
      ctx.emit({ kind: "trap", device: dev.name, text: "qemu: guest disabled MSI: vfio_msi_disable" });
      releaseStore(ctx, dev.name, "msi", vfio);
    }
    return;
  }
  const nvec = cap.enabledVectors;
  if (!hostOn) {
    ctx.emit({
      kind: "trap",
      device: dev.name,
      text: `qemu: guest enabled MSI with ${nvec} vector(s): vfio_msi_enable`,
    });
    const err = vfio.msiEnable("msi", nvec);
    for (let v = 0; v < nvec; v++) {
      const b = newBacking(dev.name, "msi", v, "trap");
      b.guestIrq = guestIrqOf(dev, "msi", v);
      ctx.backs.set(b.key, b);
      const msg = cap.storedMessage(v);
      b.guestMsg = msg;
      const r = routeFor(ctx, dev, msg);
      if ("why" in r) {
        silent(ctx, b, r.why);
        continue;
      }
      addKvmRoute(ctx, b, r.msg, dev.devid);
      if (err) {
        silent(ctx, b, `the host cannot enable ${nvec} MSI vectors: ${err.reason}`);
        continue;
      }
      const c = vfio.ctx.msi.get(v);
      if (c) signal(ctx, vfio, b, c);
    }
    return;
  }
  for (let v = 0; v < nvec; v++) {
    const b = ctx.backs.get(`${dev.name}/msi/${v}`);
    if (!b) continue;
    const msg = cap.storedMessage(v);
    const r = routeFor(ctx, dev, msg);
    if (same(b.guestMsg, msg) && !("msg" in r)) continue;
    if (!same(b.guestMsg, msg))
      ctx.emit({
        kind: "trap",
        device: dev.name,
        ...(b.guestIrq === undefined ? {} : { irq: b.guestIrq }),
        text: `qemu: trapped MSI capability write, vector ${v}: ${formatMsiMsg(msg)}`,
      });
    b.guestMsg = msg;
    if ("msg" in r) updateKvmRoute(ctx, b, r.msg, "guest rewrote the MSI message");
    else silent(ctx, b, r.why);
  }
}
