/**
 * A world: the machines one pane draws and the links between them. A bare-metal machine is a world of
 * one; an NTB pair adds the peer host that holds copies of local messages; a guest adds the host it
 * runs on, whose irqs, IRTEs and KVM routes back the guest's interrupts. The pane's own machine (the
 * one the script runs on: the guest, the local NTB host) stays the MachineView itself; the others
 * travel beside it as `MachineView.world`, plain data like the rest of the view.
 */

import type { CpuRow } from "./cpu-view";
import type { DomainTreeView } from "./domain-tree";
import type { IrqRow, IrUnitView } from "./snapshot";
import type { MachineRole } from "./tree-ids";

/** Another machine of the world, as the canvas and the inspector show it. */
export interface WorldMachineView {
  /** "host" for a guest's host, "peer" for the NTB peer host: node ids carry it (`host/domain:VECTOR`). */
  readonly role: MachineRole;
  /** What the canvas titles it ("host: 16 CPUs, VT-d IR on, KVM + QEMU/VFIO"). */
  readonly label: string;
  readonly kind: "host" | "peer-host";
  /** Its domain tree laid out with ids on `role` (empty for a machine modelled without a kernel). */
  readonly tree: DomainTreeView;
  readonly irqs: readonly IrqRow[];
  readonly cpus: readonly CpuRow[];
  readonly ir: IrUnitView | undefined;
}

/** One end of a link: a canvas node, and the interrupt there when the link is about one. */
export interface LinkEnd {
  readonly machine: MachineRole;
  /** The canvas node id (`guest0/device:nvme0`, `host/domain:INTEL-IR-0`). */
  readonly node: string;
  readonly irq?: number;
  /** The interrupt by device + store + index, as steps name it. */
  readonly device?: string;
  readonly store?: string;
  readonly index?: number;
}

/**
 * Why two machines are linked:
 * - `backs`: a host irq (its eventfd, the KVM route or a posted IRTE) backs a guest irq;
 * - `peer-copy`: a peer host holds a copy of a local message and writes it through the NTB window.
 */
export type LinkKind = "backs" | "peer-copy";

export interface MachineLink {
  /** Stable across views (`backs:guest0/nvme0/msix/3`), so a selection survives a step. */
  readonly id: string;
  readonly kind: LinkKind;
  /** The interrupt that is delivered (the guest's, the local host's). */
  readonly to: LinkEnd;
  /** What carries it there (the host irq, the peer's copy). */
  readonly from: LinkEnd;
  /** The path in words ("host irq 57 → eventfd → KVM route gsi 24 → vCPU 2 vector 0x22"). */
  readonly label: string;
  /** What lies between: IRTE index, KVM gsi, posted or remapped, the copy's {offset, data}. */
  readonly via: readonly { readonly what: string; readonly value: string }[];
  /** Set when this link cannot deliver (stale copy, unbacked entry, silent failure): the reason. */
  readonly broken?: string;
}

/** What the view carries beside the pane's own machine. */
export interface WorldExtras {
  readonly machines: readonly WorldMachineView[];
  readonly links: readonly MachineLink[];
}
