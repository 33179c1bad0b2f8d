/** The words on a canvas node, shared by the React Flow cards and the exported SVG so both say the same. */
import { hex } from "../../kernel/arch/x86/bitfield";
import type { StoreSummary, TreeNode, TreeNodeKind } from "../../sim/domain-tree";
import type { TargetView } from "../../sim/irq-detail";

const KIND_TEXT: Record<TreeNodeKind, string> = {
  vector: "x86 vector domain",
  ir: "interrupt remapping",
  ioapic: "IO-APIC",
  hpet: "HPET-MSI",
  "dmar-msi": "DMAR fault MSI",
  "pci-msi": "PCI MSI",
  "pci-msix": "PCI MSI-X",
  ims: "IMS",
  device: "device",
  chip: "irq chip (parent not printed)",
  "ntb-peer": "NTB peer host's port",
  "held-copy": "message copy the peer holds",
};

export function kindText(kind: TreeNodeKind): string {
  return KIND_TEXT[kind];
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Beside the name: a device's BDF ("platform" for the others), a domain's kind. */
export function nodeSubtitle(n: TreeNode): string {
  return n.kind === "device" ? (n.bdf ?? "platform") : kindText(n.kind);
}

/** A domain's last line: its mapcount, size and flags. */
export function flagsLine(n: TreeNode): string {
  // Another machine's copy or port counts nothing the kernel maps: only its state.
  if (n.kind === "held-copy" || n.kind === "ntb-peer") return n.flags.join(" · ");
  return `mapped ${n.mapped}${n.size ? ` / ${n.size}` : ""}${n.flags.length ? ` · ${n.flags.join(" ")}` : ""}`;
}

/** One line per device store. */
export function storeLine(s: StoreSummary): string {
  return `${s.kind} ${s.used}/${s.slots}${s.masked ? ` · ${s.masked} masked` : ""}`;
}

/** What a collapsed node hides: "hides 1 device", "hides 7 domains, 7 devices". */
export function foldText(n: TreeNode): string {
  // An NTB peer's port holds copies of messages, not domains or devices.
  if (n.kind === "ntb-peer") return `hides ${plural(n.children, "copy", "copies")}`;
  const parts = [];
  if (n.below.domains) parts.push(plural(n.below.domains, "domain"));
  if (n.below.devices) parts.push(plural(n.below.devices, "device"));
  return `hides ${parts.join(", ")}`;
}

/** The collapse toggle's name: what pressing it does, to which node, and how much is below. */
export function toggleLabel(n: TreeNode): string {
  const all = n.below.domains + n.below.devices;
  const below = all > n.children ? `, ${all} nodes below` : "";
  return `${n.collapsed ? "expand" : "collapse"} ${n.label} (${plural(n.children, "child", "children")}${below})`;
}

/** The screen-reader name of a tree node. */
export function nodeAriaLabel(n: TreeNode): string {
  const kind = n.kind === "device" ? "device" : kindText(n.kind);
  return `${kind} ${n.label}: ${n.detail}${n.collapsed ? `; collapsed, ${foldText(n)}` : ""}`;
}

export interface TargetText {
  readonly title: string;
  readonly subtitle: string;
  readonly detail: string;
  /** While a move is in flight: where it came from. */
  readonly previous?: string;
}

/** Where the selected irq lands, in words; `imported`: a dump's irq, whose missing vector was only not printed. */
export function targetText(irq: number, target: TargetView, imported = false): TargetText {
  if (imported && target.vector < 0) {
    return {
      title: "vector not printed",
      subtitle: `irq ${irq}`,
      detail: "the input has no debugfs VECTOR level for it",
    };
  }
  const parked = target.vector === 0xef && !target.started;
  const text: TargetText = {
    title: target.vector < 0 ? "no vector" : `CPU ${target.cpu} · vector ${hex(target.vector)}`,
    subtitle: `irq ${irq}`,
    detail:
      target.vector < 0
        ? "shut down or not activated"
        : parked
          ? "parked on MANAGED_IRQ_SHUTDOWN_VECTOR until request_irq()"
          : `${plural(target.count, "interrupt")} handled`,
  };
  return target.prevVector > 0
    ? { ...text, previous: `previous: CPU ${target.prevCpu} · vector ${hex(target.prevVector)}` }
    : text;
}
