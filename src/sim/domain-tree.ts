/**
 * The whole irqdomain hierarchy of a platform as plain data for the canvas: VECTOR at the top, the
 * IR unit, IO-APIC, HPET, DMAR and PCI/MSI domains below it, and the devices as leaves, laid out by
 * d3's tidy tree. Built in the worker and posted as is, so it holds no class instances and no Maps.
 */
import type { MessageStore } from "../hw/message-store";
import type { PciDev } from "../kernel/drivers/pci/pci-dev";
import { DOMAIN_BUS, IRQ_DOMAIN_FLAG, IRQCHIP, type IrqDomain } from "../kernel/irq/irqdomain";
import { MSI_DEFAULT_DOMAIN, MSI_SECONDARY_DOMAIN, type MsiDesc } from "../kernel/irq/msi-desc";
import type { HpetBlock, LegacyDevice, Platform } from "../kernel/platform";
import { type Below, foldTree } from "./domain-tree-fold";
import { layoutTree } from "./domain-tree-layout";
import { deviceNodeId, domainNodeId } from "./tree-ids";

export { TREE_NODE_HEIGHT, TREE_NODE_WIDTH } from "./domain-tree-layout";

export type TreeNodeKind = "vector" | "ir" | "ioapic" | "hpet" | "dmar-msi" | "pci-msi" | "pci-msix" | "ims" | "device";

export type { Below } from "./domain-tree-fold";

export interface StoreSummary {
  kind: "msi" | "msix" | "ims-device" | "ims-queue" | "ioapic" | "hpet" | "intx";
  /** Vectors / entries / pins / timers (an IMS queue store: queue contexts in use). */
  slots: number;
  /** Slots holding an allocated irq. */
  used: number;
  /** Of the used slots, those the store holds masked (MessageStore.isMasked). */
  masked: number;
  /** Register writes the store has counted (MessageStore.writes; the IO-APIC counts per chip). */
  writes: number;
}

export interface TreeNode {
  id: string;
  kind: TreeNodeKind;
  label: string;
  /** Tree parent id (undefined for the root VECTOR). */
  parent?: string;
  /** Domain: irq_domain mapcount (IrqDomain.mapped); device: irqs it has allocated. */
  mapped: number;
  /** Domain: IrqDomain.size or hwsize where meaningful (0 = unbounded); IR: IRTE table entries; device: total slots of its stores. */
  size: number;
  /** Short names of set IRQ_DOMAIN_FLAG bits and chip flags that matter; IR: "IRTE n/65536 used"; devices: "maskable", "64-bit", "IMS", … */
  flags: string[];
  /** One plain line for the node. */
  detail: string;
  /** Devices only. */
  stores?: StoreSummary[];
  /** PCI devices. */
  bdf?: string;
  /** Children in the whole tree (folded or not). */
  children: number;
  /** Domains and devices below it in the whole tree. */
  below: Below;
  /** Collapsed by the user: its subtree is hidden and the layout leaves room for it alone. */
  collapsed: boolean;
  /** Hidden: the id of the shown collapsed node that stands for it (its x, y are that node's). */
  foldedInto?: string;
  /** Top-left position for React Flow, from the d3 layout. */
  x: number;
  y: number;
}

export interface TreeEdge {
  id: string;
  source: string;
  target: string;
  secondary?: boolean;
}

export interface DomainTreeView {
  /** Every node: the shown ones laid out (breadth first), then the hidden ones (`foldedInto` set). */
  nodes: TreeNode[];
  /** Between shown nodes only. */
  edges: TreeEdge[];
  width: number;
  height: number;
}

type Draft = Omit<TreeNode, "x" | "y" | "children" | "below" | "collapsed" | "foldedInto">;

/** Siblings left to right: the hierarchy's own order (IR before the leaves it feeds), devices last. */
const KIND_ORDER: readonly TreeNodeKind[] = [
  "vector",
  "ir",
  "ioapic",
  "hpet",
  "dmar-msi",
  "pci-msi",
  "pci-msix",
  "ims",
  "device",
];

/** HIERARCHY and NAME_ALLOCATED are set on every domain of the model: naming them says nothing. */
const DOMAIN_FLAG_NAMES: readonly (readonly [string, number])[] = [
  ["MSI", IRQ_DOMAIN_FLAG.MSI],
  ["ISOLATED_MSI", IRQ_DOMAIN_FLAG.ISOLATED_MSI],
  ["MSI_PARENT", IRQ_DOMAIN_FLAG.MSI_PARENT],
  ["MSI_DEVICE", IRQ_DOMAIN_FLAG.MSI_DEVICE],
];
/** The one chip flag that changes how the irq behaves (moves wait for the next interrupt). */
const CHIP_FLAG_NAMES: readonly (readonly [string, number])[] = [["MOVE_DEFERRED", IRQCHIP.MOVE_DEFERRED]];

const num = (n: number): string => n.toLocaleString("en-US");
const plural = (n: number, one: string, many = `${one}s`): string => `${num(n)} ${n === 1 ? one : many}`;
const bitNames = (value: number, names: readonly (readonly [string, number])[]): string[] =>
  names.filter(([, bit]) => (value & bit) !== 0).map(([name]) => name);

/** What the platform knows about a domain beyond the IrqDomain: its kind, meaningful size and a note. */
interface DomainRole {
  readonly kind: TreeNodeKind;
  readonly size: number;
  readonly note: string;
  readonly flags?: readonly string[];
}

/**
 * Each domain's role, from the Platform field that holds it: names alone are ambiguous ("INTEL-IR-0"
 * is the IR unit on 6.1, "INTEL-IR-MSI-0-3" its global PCI/MSI child).
 */
function domainRoles(p: Platform): Map<IrqDomain, DomainRole> {
  const roles = new Map<IrqDomain, DomainRole>();
  roles.set(p.machine.vector.domain, { kind: "vector", size: 0, note: "the CPU vectors, root of every irq" });
  if (p.iommu) {
    const { used } = p.iommu.bitmap;
    const entries = p.iommu.entries;
    roles.set(p.iommu.domain, {
      kind: "ir",
      size: entries,
      note: `${num(used)} of ${num(entries)} IRTEs used`,
      flags: [`IRTE ${used}/${entries} used`],
    });
  }
  if (p.dmarMsi) roles.set(p.dmarMsi.domain, { kind: "dmar-msi", size: 0, note: "the IOMMU fault event irq" });
  const io = p.ioapic;
  roles.set(io.domain, {
    kind: "ioapic",
    size: io.domain.size,
    note: `${num(io.pins.size)} of ${num(io.hw.slots)} pins mapped, ${io.remapped ? "remapped" : "compatibility format"}`,
  });
  for (const h of p.hpets.values()) {
    roles.set(h.domain.domain, { kind: "hpet", size: h.hw.slots, note: `${plural(h.hw.slots, "timer")} (${h.name})` });
  }
  if (p.globalPciMsi) {
    roles.set(p.globalPciMsi.domain, { kind: "pci-msi", size: 0, note: "shared by every PCI function (≤ 6.1)" });
  }
  for (const dev of p.pci.values()) {
    const main = dev.msi.slots[MSI_DEFAULT_DOMAIN].domain;
    if (main) {
      const msix = main.template.busToken === DOMAIN_BUS.PCI_DEVICE_MSIX;
      const size = (msix ? dev.msixCap?.slots : dev.msiCap?.slots) ?? 0;
      roles.set(main.domain, {
        kind: msix ? "pci-msix" : "pci-msi",
        size,
        note: `${msix ? "MSI-X" : "MSI"} of ${dev.bdf}`,
      });
    }
    const ims = dev.msi.slots[MSI_SECONDARY_DOMAIN];
    if (ims.domain) {
      // A queue store has no size limit (hwsize 0, which the slot records as the whole index space).
      const size = dev.ims?.kind === "ims-queue" ? 0 : ims.hwsize;
      roles.set(ims.domain.domain, { kind: "ims", size, note: `IMS of ${dev.bdf}` });
    }
  }
  return roles;
}

/** For a domain no Platform field above holds: the kernel's naming (bus token suffix) tells its kind. */
const NAME_RULES: readonly (readonly [RegExp, TreeNodeKind])[] = [
  [/^VECTOR$/, "vector"],
  [/^INTEL-IR-MSI-/, "pci-msi"],
  [/^INTEL-IR-/, "ir"],
  [/^DMAR-MSI/, "dmar-msi"],
  [/^IO-APIC-/, "ioapic"],
  [/^HPET-MSI-/, "hpet"],
  [new RegExp(`-${DOMAIN_BUS.PCI_DEVICE_MSIX}$`), "pci-msix"],
  [new RegExp(`-${DOMAIN_BUS.PCI_DEVICE_IMS}$`), "ims"],
];

function roleFromName(d: IrqDomain): DomainRole {
  const kind = NAME_RULES.find(([re]) => re.test(d.name))?.[1] ?? "pci-msi";
  return { kind, size: d.size, note: "" };
}

function domainDraft(d: IrqDomain, role: DomainRole): Draft {
  const draft: Draft = {
    id: domainNodeId(d.name),
    kind: role.kind,
    label: d.name,
    mapped: d.mapped,
    size: role.size,
    flags: [...bitNames(d.flags, DOMAIN_FLAG_NAMES), ...bitNames(d.chipFlags, CHIP_FLAG_NAMES), ...(role.flags ?? [])],
    detail: [`${d.name}: ${plural(d.mapped, "irq")} mapped`, role.note].filter(Boolean).join(" · "),
  };
  if (d.parent) draft.parent = domainNodeId(d.parent.name);
  return draft;
}

/** Irqs behind the descriptors that have one (a multi-MSI block is one descriptor for all). */
const irqCount = (descs: readonly MsiDesc[]): number => descs.reduce((n, d) => n + (d.irq ? d.nvecUsed : 0), 0);

/**
 * One store: `used` lists the slots holding an allocated irq. Masked counts only those: the kernel
 * masks every unused entry, so counting them would drown the ones a driver has not started.
 */
function summary(kind: StoreSummary["kind"], store: MessageStore, used: readonly number[]): StoreSummary {
  const masked = used.filter((i) => store.isMasked(i)).length;
  return { kind, slots: store.slots, used: used.length, masked, writes: store.writes };
}

const indexes = (descs: readonly MsiDesc[]): number[] => descs.map((d) => d.msiIndex);
const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A PCI function: one summary per store it has, its irqs in both MSI slots, its tree parent. */
function pciDraft(p: Platform, dev: PciDev): Draft {
  const main = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  const ims = dev.msi.slots[MSI_SECONDARY_DOMAIN];
  const mainDescs = main.descs("associated");
  const imsDescs = ims.descs("associated");
  const stores: StoreSummary[] = [];
  const parts: string[] = [dev.bdf];
  const flags: string[] = [];
  if (dev.msiCap) {
    // One descriptor for the whole block: its vectors are 0 .. nvec-1.
    const used = irqCount(mainDescs.filter((d) => d.pci?.isMsix === false));
    stores.push(summary("msi", dev.msiCap, upTo(used)));
    parts.push(`MSI ${used}/${dev.msiCap.slots}`);
    flags.push("MSI");
    if (dev.msiCap.maskable) flags.push("maskable");
    if (dev.msiCap.addr64) flags.push("64-bit");
  }
  if (dev.msixCap) {
    const table = dev.msixCap;
    // PCI_IRQ_VIRTUAL vectors beyond the table have no entry.
    const used = indexes(mainDescs.filter((d) => d.pci?.isMsix && d.msiIndex < table.slots));
    stores.push(summary("msix", table, used));
    parts.push(`MSI-X ${used.length}/${table.slots}`);
    flags.push("MSI-X");
  }
  if (dev.ims) {
    const store = dev.ims;
    // The slot is the msi_index: an entry of the device array, or a queue id.
    const used = indexes(imsDescs);
    if (store.kind === "ims-queue") {
      stores.push(summary("ims-queue", store, used));
      parts.push(`IMS ${used.length} (queue store)`);
    } else {
      stores.push(summary("ims-device", store, used));
      parts.push(`IMS ${used.length}/${store.slots} (device array)`);
    }
    flags.push("IMS");
  }
  if (dev.irq) {
    // The INTx line has no message store; the command register's INTx disable bit is its mask.
    stores.push({ kind: "intx", slots: 1, used: 1, masked: dev.intxEnabled ? 0 : 1, writes: 0 });
    parts.push(`INTx irq ${dev.irq}`);
  }
  if (dev.msiEnabled) flags.push("MSI on");
  if (dev.msixEnabled) flags.push("MSI-X on");
  // The level a driver's irqs hang from: its own domain, else (nothing allocated yet) the MSI parent
  // that will create it, else (≤ 6.1, no MSI parent) the one shared PCI/MSI domain.
  const parent = main.domain?.domain ?? dev.msiParent ?? dev.globalDomain?.domain ?? p.machine.vector.domain;
  return {
    id: deviceNodeId(dev.name),
    kind: "device",
    label: dev.name,
    parent: domainNodeId(parent.name),
    mapped: irqCount(mainDescs) + irqCount(imsDescs),
    size: stores.reduce((n, s) => n + s.slots, 0),
    flags,
    detail: parts.join(" · "),
    stores,
    bdf: dev.bdf,
  };
}

/**
 * A legacy device: its one IO-APIC pin. The IO-APIC counts writes for the whole chip, not per pin,
 * so `writes` is the chip's.
 */
function legacyDraft(p: Platform, l: LegacyDevice): Draft {
  const io = p.ioapic;
  const pin = io.pins.get(l.irq);
  const mapped = p.machine.descs.desc(l.irq)?.data ? 1 : 0;
  const masked = mapped && pin && io.hw.isMasked(pin.pin) ? 1 : 0;
  const trigger = pin?.level ? "level" : "edge";
  return {
    id: deviceNodeId(l.name),
    kind: "device",
    label: l.name,
    parent: domainNodeId(io.domain.name),
    mapped,
    size: 1,
    flags: l.shareable ? [trigger, "shareable"] : [trigger],
    detail: `GSI ${l.gsi} · ${io.domain.name} pin ${pin?.pin ?? "?"} · irq ${l.irq} · ${trigger}`,
    stores: [{ kind: "ioapic", slots: 1, used: mapped, masked, writes: io.hw.writes }],
  };
}

function hpetDraft(h: HpetBlock): Draft {
  const timers = [...h.irqs.keys()].sort((a, b) => a - b);
  return {
    id: deviceNodeId(h.name),
    kind: "device",
    label: h.name,
    parent: domainNodeId(h.domain.domain.name),
    mapped: timers.length,
    size: h.hw.slots,
    flags: [],
    detail: `HPET ${h.hw.id} · ${timers.length}/${plural(h.hw.slots, "timer")} with an irq`,
    stores: [summary("hpet", h.hw, timers)],
  };
}

/** The IR unit itself as a device: its fault event registers hold the DMAR-MSI message. */
function dmarDraft(p: Platform): Draft | undefined {
  if (!p.iommu || !p.dmarMsi) return undefined;
  const irqs = [...p.dmarMsi.descOf.keys()];
  return {
    id: deviceNodeId(p.iommu.name),
    kind: "device",
    label: p.iommu.name,
    parent: domainNodeId(p.dmarMsi.domain.name),
    mapped: irqs.length,
    size: 0,
    flags: [],
    detail: `${p.iommu.name} fault event (FEDATA/FEADDR) · ${irqs.length ? `irq ${irqs.join(",")}` : "no irq"}`,
    stores: [],
  };
}

/** Kind, then label, then id: the same platform always gets the same picture. */
function compareDrafts(a: Draft, b: Draft): number {
  const k = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
  if (k) return k;
  if (a.label !== b.label) return a.label < b.label ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The domain tree of `p`, laid out. `collapsed` (node ids, a view preference of the UI) folds those
 * subtrees: their nodes are listed as hidden and the layout places only what is shown.
 */
export function domainTree(p: Platform, collapsed: readonly string[] = []): DomainTreeView {
  const roles = domainRoles(p);
  const drafts: Draft[] = [];
  const ids = new Set<string>();
  const add = (d: Draft | undefined) => {
    // Ids are names; a PCI device named like the IR unit ("dmar0") would clash: the first one stays.
    if (!d || ids.has(d.id)) return;
    ids.add(d.id);
    drafts.push(d);
  };
  for (const d of p.domains()) add(domainDraft(d, roles.get(d) ?? roleFromName(d)));
  for (const dev of p.pci.values()) add(pciDraft(p, dev));
  for (const l of p.legacy.values()) add(legacyDraft(p, l));
  for (const h of p.hpets.values()) add(hpetDraft(h));
  add(dmarDraft(p));

  const fold = foldTree(drafts, collapsed);
  const node = (d: Draft, x: number, y: number): TreeNode => ({
    ...d,
    children: fold.children.get(d.id) ?? 0,
    below: fold.below.get(d.id) ?? { domains: 0, devices: 0 },
    collapsed: fold.folded.has(d.id),
    x,
    y,
  });
  const layout = layoutTree(
    drafts.filter((d) => !fold.foldedInto.has(d.id)),
    compareDrafts,
  );
  const shown: TreeNode[] = layout.placed.map(({ item, x, y }) => node(item, x, y));
  const placed = new Map(shown.map((n) => [n.id, n]));
  const hidden: TreeNode[] = [];
  for (const d of [...drafts].sort(compareDrafts)) {
    const into = placed.get(fold.foldedInto.get(d.id) ?? "");
    if (into) hidden.push({ ...node(d, into.x, into.y), foldedInto: into.id });
  }
  const edges: TreeEdge[] = [];
  for (const n of shown) {
    if (n.parent) edges.push({ id: `${n.parent}->${n.id}`, source: n.parent, target: n.id });
  }
  // IMS hangs off the same device as its MSI-X domain: a second parent, drawn but not laid out.
  const secondary: TreeEdge[] = [];
  for (const dev of p.pci.values()) {
    const ims = dev.msi.slots[MSI_SECONDARY_DOMAIN].domain;
    if (!ims) continue;
    const source = domainNodeId(ims.domain.name);
    const target = deviceNodeId(dev.name);
    if (!placed.has(source) || !placed.has(target)) continue;
    secondary.push({ id: `${source}->${target}`, source, target, secondary: true });
  }
  secondary.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes: [...shown, ...hidden], edges: [...edges, ...secondary], width: layout.width, height: layout.height };
}
