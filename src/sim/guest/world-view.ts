/**
 * A guest session's world (world.ts): the host it runs on as a WorldMachineView (tree laid out on role
 * "host") and a `backs` link per guest interrupt the VMM knows of: which host irq, IRTE and KVM route
 * (or posted IRTE) carry it, or why nothing does.
 */
import type { Platform } from "../../kernel/platform";
import type { HvInterruptEntry } from "../../vmm/hyperv/hypervisor";
import type { GuestBacking } from "../../vmm/vmm-context";
import { cpuRows } from "../cpu-view";
import { domainNodes } from "../domain-nodes";
import { layoutDomainTree } from "../domain-tree";
import { locateIrq } from "../irq-source";
import { irUnitView, platformIrqRows } from "../snapshot";
import { deviceNodeId, type MachineRole } from "../tree-ids";
import type { MachineLink, WorldExtras, WorldMachineView } from "../world";
import type { GuestWorld } from "./guest-world";

export const HOST_ROLE: MachineRole = "host";
/** The host's irq rows a view carries (as for the pane's own machine). */
const HOST_IRQ_ROWS = 200;

const hex = (v: number) => `0x${v.toString(16)}`;

/** What the canvas titles the host. */
export function hostLabel(w: GuestWorld): string {
  const h = w.hostSpec;
  const ir = h.ir === "on" ? "VT-d IR on" : "no IR";
  const vmm = h.hypervisor === "hyperv" ? "Hyper-V" : `KVM + QEMU/VFIO (${h.vfio} MSI-X growth)`;
  return `host: ${h.cpus} CPUs, kernel ${h.kernel}, ${ir}, ${vmm}`;
}

function hostView(w: GuestWorld, collapsed: readonly string[] | undefined): WorldMachineView {
  const host: Platform = w.host;
  return {
    role: HOST_ROLE,
    label: hostLabel(w),
    kind: "host",
    tree: layoutDomainTree(domainNodes(host), HOST_ROLE, collapsed ?? []),
    irqs: platformIrqRows(host, HOST_IRQ_ROWS).rows,
    cpus: cpuRows(host.machine),
    ir: irUnitView(host),
  };
}

/** The host side of one backing, as facts ("host irq" → "57 vfio-msix[3](0000:02:00.0)"). */
export function backingFacts(w: GuestWorld, b: GuestBacking): { what: string; value: string }[] {
  const via: { what: string; value: string }[] = [];
  via.push({
    what: "set up by",
    value: b.via === "hypercall" ? "vIRTE hypercall (Dec 2021 proposal)" : "QEMU trapping the guest's write",
  });
  if (b.vfio) {
    via.push({ what: "host irq", value: `${b.vfio.hostIrq} ${b.vfio.name}` });
    const ird = w.host.iommu?.irqs.get(b.vfio.hostIrq);
    if (ird)
      via.push({ what: "host IRTE", value: `${ird.index + ird.subHandle}${ird.posted ? " (posted)" : " (remapped)"}` });
    via.push({ what: "host entry", value: `${b.vfio.index} ${b.vfio.hostSlot}` });
  }
  if (b.hostMsg)
    via.push({ what: "host message (hypercall)", value: `${hex(b.hostMsg.addressLo)}/${hex(b.hostMsg.data)}` });
  if (b.eventfd) via.push({ what: "eventfd", value: String(b.eventfd.id) });
  if (b.route) {
    via.push({ what: "KVM gsi", value: String(b.route.gsi) });
    via.push({ what: "KVM route", value: `MSI ${hex(b.route.msg.addressLo)}/${hex(b.route.msg.data)}` });
  }
  const irqfd = b.eventfd ? w.kvm.irqfds.byEventfd.get(b.eventfd.id) : undefined;
  if (irqfd?.postedVcpu !== undefined)
    via.push({ what: "delivery", value: `posted to vCPU ${irqfd.postedVcpu}'s descriptor` });
  else if (b.vfio) via.push({ what: "delivery", value: "remapped to the host irq, eventfd → irqfd → KVM injects" });
  return via;
}

/** A Hyper-V interrupt entry as facts. */
export function hyperVFacts(e: HvInterruptEntry): { what: string; value: string }[] {
  return [
    { what: "set up by", value: "PCI_CREATE_INTERRUPT_MESSAGE → HVCALL_MAP_DEVICE_INTERRUPT" },
    { what: "hypervisor entry", value: String(e.index) },
    { what: "message (the hypervisor's)", value: `${hex(e.msg.addressLo)}/${hex(e.msg.data)}` },
    { what: "target", value: `VP ${e.vcpu} vector ${hex(e.vector)}` },
    { what: "retargets", value: `${e.retargets} (HVCALL_RETARGET_INTERRUPT; the device message never changed)` },
  ];
}

function hyperVLink(w: GuestWorld, e: HvInterruptEntry, role: MachineRole): MachineLink | undefined {
  const src = locateIrq(w.guest, e.guestIrq);
  if (!src) return undefined;
  return {
    id: `backs:${role}/${src.device}/${src.store}/${src.slot}`,
    kind: "backs",
    to: {
      machine: role,
      node: deviceNodeId(role, src.device),
      irq: e.guestIrq,
      device: src.device,
      store: src.store,
      index: src.slot,
    },
    from: { machine: HOST_ROLE, node: deviceNodeId(HOST_ROLE, src.device), device: src.device },
    label: `Hyper-V entry ${e.index} → VP ${e.vcpu} vector ${hex(e.vector)} (guest irq ${e.guestIrq})`,
    via: hyperVFacts(e),
  };
}

/** Why a backing cannot deliver, if so. */
export function backingBroken(b: GuestBacking): string | undefined {
  if (b.silent) return `silent failure: ${b.silent}`;
  if (!b.vfio) return "not backed: no host interrupt stands behind this entry";
  if (b.released) return "masked by the guest: QEMU holds the trigger and sets the pending bit";
  return undefined;
}

/** What lies between, as a link carries it: host IRTE, KVM gsi, posted or remapped (the inspector has the rest). */
function linkVia(w: GuestWorld, b: GuestBacking): { what: string; value: string }[] {
  const via: { what: string; value: string }[] = [];
  const ird = b.vfio ? w.host.iommu?.irqs.get(b.vfio.hostIrq) : undefined;
  if (ird) via.push({ what: "IRTE", value: String(ird.index + ird.subHandle) });
  if (b.route) via.push({ what: "gsi", value: String(b.route.gsi) });
  const irqfd = b.eventfd ? w.kvm.irqfds.byEventfd.get(b.eventfd.id) : undefined;
  if (b.vfio)
    via.push({
      what: "delivery",
      value: irqfd?.postedVcpu !== undefined ? `posted vCPU ${irqfd.postedVcpu}` : "remapped",
    });
  if (b.via === "hypercall") via.push({ what: "by", value: "hypercall" });
  return via;
}

function linkOf(w: GuestWorld, b: GuestBacking, role: MachineRole): MachineLink {
  const irq = b.guestIrq;
  const facts = linkVia(w, b);
  const gsi = b.route ? ` → eventfd ${b.eventfd?.id ?? "-"} → KVM gsi ${b.route.gsi}` : "";
  const label = b.vfio
    ? `host irq ${b.vfio.hostIrq}${gsi} → ${b.device} ${b.store} ${b.slot}${irq === undefined ? "" : ` (guest irq ${irq})`}`
    : `${b.device} ${b.store} ${b.slot}: no host interrupt`;
  const broken = backingBroken(b);
  return {
    id: `backs:${role}/${b.key}`,
    kind: "backs",
    to: {
      machine: role,
      node: deviceNodeId(role, b.device),
      ...(irq === undefined ? {} : { irq }),
      device: b.device,
      store: b.store,
      index: b.slot,
    },
    from: {
      machine: HOST_ROLE,
      node: deviceNodeId(HOST_ROLE, b.device),
      ...(b.vfio
        ? { irq: b.vfio.hostIrq, device: b.device, store: b.vfio.index, index: b.vfio.hostSlot }
        : { device: b.device }),
    },
    label,
    via: facts,
    ...(broken ? { broken } : {}),
  };
}

/**
 * The world a guest session's view carries. `shown` (the guest irqs the view lists) bounds the links
 * as the view bounds its rows; a backing without a guest irq (a silent entry) is always linked.
 */
export function guestWorldExtras(
  w: GuestWorld,
  role: MachineRole,
  collapsed?: readonly string[],
  shown?: ReadonlySet<number>,
): WorldExtras {
  const hv = w.hyperv;
  const wanted = (irq: number | undefined) => !shown || irq === undefined || shown.has(irq);
  const links = hv
    ? [...hv.entries.values()]
        .filter((e) => wanted(e.guestIrq))
        .map((e) => hyperVLink(w, e, role))
        .filter((l) => l !== undefined)
    : [...w.backs.values()].filter((b) => wanted(b.guestIrq)).map((b) => linkOf(w, b, role));
  return { machines: [hostView(w, collapsed)], links };
}
