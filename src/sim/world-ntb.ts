/**
 * The NTB pair as a world: for every Switchtec NTB port, the host on the other side (modelled without
 * a kernel of its own: its NTB port and the {offset, data} it read for each queue pair) and one
 * `peer-copy` link per queue pair from its copy to this host's NTB-MSI irq, broken while the copy is
 * stale, with where the peer's write would land now in plain words.
 */
import { hex } from "../kernel/arch/x86/bitfield";
import { decodeMsiMsg } from "../kernel/arch/x86/msi-format";
import type { HeldCopy } from "../kernel/drivers/driver";
import { formatMsiMsg, msiMsgEqual } from "../kernel/irq/msi-msg";
import type { Platform } from "../kernel/platform";
import type { DomainNode } from "./domain-nodes";
import { layoutDomainTree } from "./domain-tree";
import { type HeldCopyEntry, heldCopies } from "./held-copy";
import { deviceNodeId, type MachineRole, nodeId } from "./tree-ids";
import type { MachineLink, WorldExtras, WorldMachineView } from "./world";

/** The role of every NTB peer host's ids; each one's node keys carry its NTB port's name. */
export const NTB_PEER_ROLE: MachineRole = "peer";

/** Up to this many queue pairs, one node per copy; beyond, one node holding them all (up to 2,047). */
export const PEER_COPY_NODES = 8;

const portKey = (device: string): string => `ntb-peer:${device}`;
const copyKey = (device: string, qp: number): string => `copy:${device}.qp${qp}`;
const copiesKey = (device: string): string => `copy:${device}.all`;

/** Who is at `vector` on `cpu` now, for a copy that would land there. */
function ownerWords(p: Platform, owner: number): string {
  const names = p.machine.descs.desc(owner)?.actions.map((a) => a.name) ?? [];
  return names.length ? `irq ${owner} (${names.join(", ")})` : `irq ${owner}`;
}

/**
 * Why a stale copy fails, without writing it: where the message the peer holds would land now. Read-only
 * (decodeMsiMsg, cpu_online_mask, vector_irq), unlike a raise, which counts and acks the interrupt.
 */
export function staleCopyReason(p: Platform, irq: number, copy: HeldCopy): string | undefined {
  if (msiMsgEqual(copy.msg, copy.current)) return undefined;
  const resend = copy.resendPending
    ? "; the re-send waits for the peer's doorbell work (tick)"
    : "; nothing re-sent it to the peer";
  const m = decodeMsiMsg(copy.msg);
  if (m.format === "remappable") {
    const now = p.iommu?.irqs.get(irq);
    const where = now ? `, irq ${irq} now uses IRTE ${now.index + now.subHandle}` : "";
    return `stale copy: it names IRTE ${m.index}${where}${resend}`;
  }
  if (m.format === "invalid") return `stale copy: not an interrupt message (${m.reason})${resend}`;
  const { machine } = p;
  const cpu = machine.vector.cpuOfDest(m.destId, m.destModeLogical);
  const at = `CPU ${cpu} vector ${hex(m.vector)}`;
  if (!machine.online.has(cpu)) return `stale copy: it points to ${at}, and CPU ${cpu} is offline${resend}`;
  const owner = machine.vector.vectorIrq[cpu]?.[m.vector] ?? -1;
  if (owner === irq) {
    return `stale copy: it points to ${at}, the old vector, still kept for the move in progress; it is lost once that is freed${resend}`;
  }
  if (owner < 0) return `stale copy: it points to ${at}, a freed vector${resend}`;
  return `stale copy: it points to ${at}, now ${ownerWords(p, owner)}'s vector${resend}`;
}

function copyNode(device: string, c: HeldCopyEntry, reason: string | undefined): DomainNode {
  const held = c.copy.held?.map((f) => `${f.what} ${f.value}`).join(", ");
  return {
    id: copyKey(device, c.index),
    kind: "held-copy",
    label: `qp ${c.index} copy`,
    parent: portKey(device),
    mapped: 1,
    size: 0,
    flags: [reason ? "STALE" : "current", ...(c.copy.resendPending ? ["re-send pending"] : [])],
    detail: `${held ? `{${held}} → ` : ""}${formatMsiMsg(c.copy.msg)}`,
  };
}

/** Many queue pairs: one node standing for every copy the peer holds. */
function copiesNode(device: string, copies: readonly HeldCopyEntry[], stale: number): DomainNode {
  return {
    id: copiesKey(device),
    kind: "held-copy",
    label: `${copies.length} queue pair copies`,
    parent: portKey(device),
    mapped: copies.length,
    size: 0,
    flags: [stale ? `${stale} STALE` : "all current"],
    detail: `one {offset, data} per queue pair, read from the scratchpads; select a link or an irq for one`,
  };
}

function peerLink(
  role: MachineRole,
  device: string,
  c: HeldCopyEntry,
  reason: string | undefined,
  from: string,
): MachineLink {
  const m = decodeMsiMsg(c.copy.current);
  const now =
    m.format === "remappable"
      ? `IRTE ${m.index} (remappable: the message never changes)`
      : m.format === "compat"
        ? `APIC id ${m.destId} vector ${hex(m.vector)} (compatibility format)`
        : "not an interrupt message";
  return {
    id: `peer-copy:${device}/peer/${c.index}`,
    kind: "peer-copy",
    from: { machine: NTB_PEER_ROLE, node: nodeId(NTB_PEER_ROLE, from) },
    to: { machine: role, node: deviceNodeId(role, device), irq: c.irq, device, store: "peer", index: c.index },
    label: `the peer host writes queue pair ${c.index}'s copy through the NTB window → irq ${c.irq} (${device} peer ${c.index})`,
    via: [
      { what: "queue pair", value: String(c.index) },
      ...(c.copy.held ?? []).map((f) => ({ what: `peer holds: ${f.what}`, value: f.value })),
      ...(c.copy.via ? [{ what: "written through", value: c.copy.via }] : []),
      { what: "the peer writes", value: formatMsiMsg(c.copy.msg) },
      { what: "the kernel's message now", value: formatMsiMsg(c.copy.current) },
      { what: "which means", value: now },
      ...(c.copy.resendPending ? [{ what: "re-send", value: "rung (desc_changed), not read by the peer yet" }] : []),
    ],
    ...(reason ? { broken: reason } : {}),
  };
}

/** The peer host of one NTB port, as its own small tree: the port, and one node per copy it holds. */
function peerMachine(
  device: string,
  copies: readonly HeldCopyEntry[],
  reasons: readonly (string | undefined)[],
  collapsed: readonly string[],
): WorldMachineView {
  const stale = reasons.filter(Boolean).length;
  const window = copies[0]?.copy.via ?? "the NTB window";
  const port: DomainNode = {
    id: portKey(device),
    kind: "ntb-peer",
    label: `${device} peer port`,
    mapped: copies.length,
    size: 0,
    flags: [],
    detail: `writes its copies through ${window}`,
  };
  const nodes =
    copies.length > PEER_COPY_NODES
      ? [port, copiesNode(device, copies, stale)]
      : [port, ...copies.map((c, i) => copyNode(device, c, reasons[i]))];
  return {
    role: NTB_PEER_ROLE,
    kind: "peer-host",
    label: `peer host across ${device}: ${copies.length} NTB-MSI ${copies.length === 1 ? "copy" : "copies"}, ${stale} stale`,
    tree: layoutDomainTree({ nodes, secondary: [] }, NTB_PEER_ROLE, collapsed),
    irqs: [],
    cpus: [],
    ir: undefined,
  };
}

/** Every NTB port's peer host and its links; empty when the platform has no NTB port with copies. */
export function ntbWorld(p: Platform, role: MachineRole, collapsed: readonly string[] = []): WorldExtras {
  const machines: WorldMachineView[] = [];
  const links: MachineLink[] = [];
  for (const [name, d] of p.devices) {
    if (d.spec.model !== "ntb-switchtec") continue;
    const copies = heldCopies(p, name);
    if (copies.length === 0) continue;
    const reasons = copies.map((c) => staleCopyReason(p, c.irq, c.copy));
    machines.push(peerMachine(name, copies, reasons, collapsed));
    const one = copies.length > PEER_COPY_NODES;
    for (const [i, c] of copies.entries()) {
      links.push(peerLink(role, name, c, reasons[i], one ? copiesKey(name) : copyKey(name, c.index)));
    }
  }
  return { machines, links };
}
