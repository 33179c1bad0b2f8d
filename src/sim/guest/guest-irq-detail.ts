/** The inspector's "backed on the host" section for a guest irq (irq-detail.ts's `backing`). */
import type { GuestBackingView } from "../irq-detail";
import { locateIrq } from "../irq-source";
import { deviceNodeId } from "../tree-ids";
import type { GuestWorld } from "./guest-world";
import { backingBroken, backingFacts, HOST_ROLE, hyperVFacts } from "./world-view";

export function guestIrqBacking(w: GuestWorld, irq: number): { backing?: GuestBackingView } {
  const src = locateIrq(w.guest, irq);
  if (!src) return {};
  const scheme = w.scheme.summary;
  const hv = w.hyperv?.byIrq.get(irq);
  if (w.hyperv) {
    return {
      backing: {
        scheme,
        backed: hv !== undefined,
        ...(hv ? {} : { broken: "not mapped: pci-hyperv has not asked the host for a message yet" }),
        facts: hv ? hyperVFacts(hv) : [],
        hostNode: deviceNodeId(HOST_ROLE, src.device),
      },
    };
  }
  if (!w.vfio(src.device)) {
    return {
      backing: {
        scheme,
        backed: false,
        broken: "emulated by QEMU inside the guest (not an assigned device): no host interrupt involved",
        facts: [],
        hostNode: deviceNodeId(HOST_ROLE, src.device),
      },
    };
  }
  const b = w.backingOf(irq);
  if (!b) {
    return {
      backing: {
        scheme,
        backed: false,
        broken: w.granted
          ? "not backed: the guest's vIRTE was never updated (no hypercall yet)"
          : "not backed: the guest has not unmasked the entry, so QEMU has not asked the host for a vector",
        facts: [],
        hostNode: deviceNodeId(HOST_ROLE, src.device),
      },
    };
  }
  const broken = backingBroken(b);
  return {
    backing: {
      scheme,
      backed: w.isBacked(irq),
      ...(broken ? { broken } : {}),
      facts: backingFacts(w, b),
      hostNode: deviceNodeId(HOST_ROLE, b.device),
    },
  };
}
