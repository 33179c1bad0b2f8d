/**
 * A guest's IMS under the old scheme. IMS storage is device-specific, so the VMM can only trap it if
 * it emulates that very device (IDXD's IMS array in device memory is feasible; a NIC's IMS in queue
 * memory is not). Trapped: the VMM backs each unmasked entry with a host IMS entry. Not trapped: the
 * guest's address/data pair reaches the device as written, and it means nothing on the host.
 */
import { decodeMsiMsg } from "../../kernel/arch/x86/msi-format";
import type { PciDev } from "../../kernel/drivers/pci/pci-dev";
import type { VfioPciIntrs } from "../../kernel/drivers/vfio/pci/vfio_pci_intrs";
import { MSI_SECONDARY_DOMAIN } from "../../kernel/irq/msi-desc";
import { formatMsiMsg } from "../../kernel/irq/msi-msg";
import { newBacking, type VmmContext } from "../vmm-context";
import { addKvmRoute, dropKvmRoute, updateKvmRoute } from "./vfio-pci";
import { qemuRouteMessage } from "./vtd-translate";

function flag(ctx: VmmContext, key: string, reason: string, device: string, irq: number | undefined): void {
  ctx.flagSilent(reason);
  ctx.emit({
    kind: "silent",
    device,
    ...(irq === undefined ? {} : { irq }),
    text: `SILENT FAILURE: ${key}: ${reason}`,
  });
}

/** What the guest's IMS message means when it reaches the host as written. */
function fakeOnHost(msg: { addressLo: number; addressHi: number; data: number }): string {
  const m = decodeMsiMsg(msg);
  const said =
    m.format === "compat"
      ? `guest APIC ${m.destId} vector ${m.vector}`
      : m.format === "remappable"
        ? `guest vIRTE ${m.index}`
        : "nothing valid";
  return `the guest wrote ${formatMsiMsg(msg)} (${said}) into IMS storage the VMM neither traps nor emulates; on the host that address/data pair is fake, so the interrupt never reaches the guest`;
}

/** After a guest step: each IMS entry the guest set up, backed (trapped) or flagged silent. */
export function syncIms(ctx: VmmContext, dev: PciDev, vfio: VfioPciIntrs, trapped: boolean): void {
  const ims = dev.ims;
  if (!ims) return;
  const slot = dev.msi.slots[MSI_SECONDARY_DOMAIN];
  const live = new Set<number>();
  for (const desc of slot.store.values()) {
    if (!desc.irq) continue;
    const i = desc.msiIndex;
    live.add(i);
    const key = `${dev.name}/ims/${i}`;
    let b = ctx.backs.get(key);
    const masked = ims.isMasked(i);
    const msg = ims.storedMessage(i);
    if (!b) {
      if (masked) continue;
      b = newBacking(dev.name, "ims", i, "trap");
      b.guestIrq = desc.irq;
      ctx.backs.set(key, b);
      b.guestMsg = msg;
      if (!trapped) {
        b.silent = fakeOnHost(msg);
        flag(ctx, key, b.silent, dev.name, desc.irq);
        continue;
      }
      ctx.emit({
        kind: "trap",
        device: dev.name,
        irq: desc.irq,
        text: `qemu: trapped unmask of emulated IMS entry ${i} (${formatMsiMsg(msg)})`,
      });
      const r = qemuRouteMessage(ctx.guest, msg, dev.devid);
      if (!r.ok) {
        b.silent = r.why;
        flag(ctx, key, r.why, dev.name, desc.irq);
        continue;
      }
      addKvmRoute(ctx, b, r.msg, dev.devid);
      const c = b.eventfd ? vfio.imsBack(i, b.eventfd) : undefined;
      if (!c || "errno" in c) {
        b.silent = `the host cannot back emulated IMS entry ${i}: ${c ? c.reason : "no eventfd"} (the guest was told nothing)`;
        flag(ctx, key, b.silent, dev.name, desc.irq);
        continue;
      }
      b.vfio = c;
      ctx.emit({
        kind: "vfio",
        device: dev.name,
        irq: desc.irq,
        text: `vfio: host irq ${c.hostIrq} "${c.name}" (host IMS entry ${c.hostSlot}) → eventfd ${b.eventfd?.id ?? "-"}`,
      });
      continue;
    }
    if (!trapped || b.silent) {
      if (!trapped && (msg.addressLo !== b.guestMsg?.addressLo || msg.data !== b.guestMsg?.data)) {
        b.guestMsg = msg;
        b.silent = fakeOnHost(msg);
        flag(ctx, key, b.silent, dev.name, desc.irq);
      }
      continue;
    }
    if (msg.addressLo !== b.guestMsg?.addressLo || msg.data !== b.guestMsg?.data) {
      ctx.emit({
        kind: "trap",
        device: dev.name,
        irq: desc.irq,
        text: `qemu: trapped write of emulated IMS entry ${i}: ${formatMsiMsg(msg)}`,
      });
    }
    b.guestMsg = msg;
    const r = qemuRouteMessage(ctx.guest, msg, dev.devid);
    if (r.ok) updateKvmRoute(ctx, b, r.msg, "guest rewrote the IMS entry");
  }
  // Entries the guest freed: the VMM gives their host side back.
  for (const b of [...ctx.backs.values()]) {
    if (b.device !== dev.name || b.store !== "ims" || b.via !== "trap" || live.has(b.slot)) continue;
    dropKvmRoute(ctx, b);
    if (b.vfio) vfio.release(b.vfio);
    ctx.backs.delete(b.key);
  }
}
