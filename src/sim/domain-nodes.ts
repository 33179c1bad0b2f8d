/**
 * The irqdomain hierarchy of a platform as plain data, before any layout: every domain and device
 * with its parent, kind, counts and words. Part of a machine's snapshot (snapshot.ts): an imported
 * dump could produce the same list. Keys are the bare `domain:NAME` / `device:NAME`; the tree view
 * puts the machine in front.
 */
import type { MessageStore } from "../hw/message-store";
import type { PciDev } from "../kernel/drivers/pci/pci-dev";
import { DOMAIN_BUS, IRQ_DOMAIN_FLAG, IRQCHIP, type IrqDomain } from "../kernel/irq/irqdomain";
import { MSI_DEFAULT_DOMAIN, MSI_SECONDARY_DOMAIN } from "../kernel/irq/msi-desc";
import { msiMsgEqual } from "../kernel/irq/msi-msg";
import type { HpetBlock, LegacyDevice, Platform } from "../kernel/platform";
import type { StoreSummary, TreeNodeKind } from "./domain-tree";
import { heldCopies } from "./held-copy";
import { presentDevices } from "./present-devices";
import { deviceKey, domainKey } from "./tree-ids";

/** A domain or device of the hierarchy; `id` and `parent` are bare keys (no machine) until laid out. */
export interface DomainNode {
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
  /** Imported machines only: printed by the kernel, or deduced from names (absent: a live model's node). */
  how?: "read" | "inferred";
}

/** The hierarchy: its nodes, and the second parents (an IMS domain over its device) drawn but not laid out. */
export interface DomainNodes {
  readonly nodes: readonly DomainNode[];
  readonly secondary: readonly (readonly [source: string, target: string])[];
}

type Draft = DomainNode;

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
  const present = presentDevices(p);
  for (const h of present.hpets) {
    roles.set(h.domain.domain, { kind: "hpet", size: h.hw.slots, note: `${plural(h.hw.slots, "timer")} (${h.name})` });
  }
  if (p.globalPciMsi) {
    roles.set(p.globalPciMsi.domain, { kind: "pci-msi", size: 0, note: "shared by every PCI function (≤ 6.1)" });
  }
  for (const dev of present.pci) {
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
    id: domainKey(d.name),
    kind: role.kind,
    label: d.name,
    mapped: d.mapped,
    size: role.size,
    flags: [...bitNames(d.flags, DOMAIN_FLAG_NAMES), ...bitNames(d.chipFlags, CHIP_FLAG_NAMES), ...(role.flags ?? [])],
    detail: [`${d.name}: ${plural(d.mapped, "irq")} mapped`, role.note].filter(Boolean).join(" · "),
  };
  if (d.parent) draft.parent = domainKey(d.parent.name);
  return draft;
}

/**
 * One store: `used` slots hold an allocated irq, `masked` of those are masked. Only those: the kernel
 * masks every unused entry, so counting them would drown the ones a driver has not started.
 */
function summary(
  kind: StoreSummary["kind"],
  store: MessageStore,
  { used, masked }: { readonly used: number; readonly masked: number },
): StoreSummary {
  return { kind, slots: store.slots, used, masked, writes: store.writes };
}

/** The slots `used` names, with how many of them the store masks. */
function usage(store: MessageStore, used: readonly number[]): { used: number; masked: number } {
  return { used: used.length, masked: used.filter((i) => store.isMasked(i)).length };
}

/** A PCI function: one summary per store it has, its irqs in both MSI slots, its tree parent. */
function pciDraft(p: Platform, dev: PciDev): Draft {
  const main = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  const ims = dev.msi.slots[MSI_SECONDARY_DOMAIN];
  // One pass over each slot's descriptors (a device may hold 2,048), counting what the summaries say.
  let msiIrqs = 0;
  let mapped = 0;
  const msix = { used: 0, masked: 0 };
  const table = dev.msixCap;
  main.store.forEach((d) => {
    if (!d.irq) return;
    mapped += d.nvecUsed;
    if (d.pci?.isMsix === false) msiIrqs += d.nvecUsed;
    // PCI_IRQ_VIRTUAL vectors beyond the table have no entry.
    else if (table && d.pci?.isMsix && d.msiIndex < table.slots) {
      msix.used++;
      if (table.isMasked(d.msiIndex)) msix.masked++;
    }
  });
  const imsUsed = { used: 0, masked: 0 };
  const imsStore = dev.ims;
  ims.store.forEach((d) => {
    if (!d.irq) return;
    mapped += d.nvecUsed;
    // The slot is the msi_index: an entry of the device array, or a queue id.
    imsUsed.used++;
    if (imsStore?.isMasked(d.msiIndex)) imsUsed.masked++;
  });
  const stores: StoreSummary[] = [];
  const parts: string[] = [dev.bdf];
  const flags: string[] = [];
  if (dev.msiCap) {
    // One descriptor for the whole block: its vectors are 0 .. nvec-1.
    let masked = 0;
    for (let i = 0; i < msiIrqs; i++) if (dev.msiCap.isMasked(i)) masked++;
    stores.push(summary("msi", dev.msiCap, { used: msiIrqs, masked }));
    parts.push(`MSI ${msiIrqs}/${dev.msiCap.slots}`);
    flags.push("MSI");
    if (dev.msiCap.maskable) flags.push("maskable");
    if (dev.msiCap.addr64) flags.push("64-bit");
  }
  if (table) {
    stores.push(summary("msix", table, msix));
    parts.push(`MSI-X ${msix.used}/${table.slots}`);
    flags.push("MSI-X");
  }
  if (imsStore) {
    if (imsStore.kind === "ims-queue") {
      stores.push(summary("ims-queue", imsStore, imsUsed));
      parts.push(`IMS ${imsUsed.used} (queue store)`);
    } else {
      stores.push(summary("ims-device", imsStore, imsUsed));
      parts.push(`IMS ${imsUsed.used}/${imsStore.slots} (device array)`);
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
  // Copies someone else writes (the NTB peer host, a firmware): the hazard the thread is about.
  const held = heldCopies(p, dev.name);
  if (held.length) {
    const stale = held.filter((c) => !msiMsgEqual(c.copy.msg, c.copy.current)).length;
    parts.push(
      `${held[0]?.copy.who.replace(/ \(.*\)$/, "")} holds ${plural(held.length, "copy", "copies")}, ${num(stale)} stale`,
    );
  }
  // The level a driver's irqs hang from: its own domain, else (nothing allocated yet) the MSI parent
  // that will create it, else (≤ 6.1, no MSI parent) the one shared PCI/MSI domain.
  const parent = main.domain?.domain ?? dev.msiParent ?? dev.globalDomain?.domain ?? p.machine.vector.domain;
  return {
    id: deviceKey(dev.name),
    kind: "device",
    label: dev.name,
    parent: domainKey(parent.name),
    mapped,
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
    id: deviceKey(l.name),
    kind: "device",
    label: l.name,
    parent: domainKey(io.domain.name),
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
    id: deviceKey(h.name),
    kind: "device",
    label: h.name,
    parent: domainKey(h.domain.domain.name),
    mapped: timers.length,
    size: h.hw.slots,
    flags: [],
    detail: `HPET ${h.hw.id} · ${timers.length}/${plural(h.hw.slots, "timer")} with an irq`,
    stores: [summary("hpet", h.hw, usage(h.hw, timers))],
  };
}

/** The IR unit itself as a device: its fault event registers hold the DMAR-MSI message. */
function dmarDraft(p: Platform): Draft | undefined {
  if (!p.iommu || !p.dmarMsi) return undefined;
  const irqs = [...p.dmarMsi.irqs()];
  return {
    id: deviceKey(p.iommu.name),
    kind: "device",
    label: p.iommu.name,
    parent: domainKey(p.dmarMsi.domain.name),
    mapped: irqs.length,
    size: 0,
    flags: [],
    detail: `${p.iommu.name} fault event (FEDATA/FEADDR) · ${irqs.length ? `irq ${irqs.join(",")}` : "no irq"}`,
    stores: [],
  };
}

/** Every domain and device of `p`, with the IMS second parents. */
export function domainNodes(p: Platform): DomainNodes {
  const roles = domainRoles(p);
  const nodes: DomainNode[] = [];
  const ids = new Set<string>();
  const add = (d: DomainNode | undefined) => {
    // Keys are names; a PCI device named like the IR unit ("dmar0") would clash: the first one stays.
    if (!d || ids.has(d.id)) return;
    ids.add(d.id);
    nodes.push(d);
  };
  for (const d of p.domains()) add(domainDraft(d, roles.get(d) ?? roleFromName(d)));
  const present = presentDevices(p);
  for (const dev of present.pci) add(pciDraft(p, dev));
  for (const l of present.lines) add(legacyDraft(p, l));
  for (const h of present.hpets) add(hpetDraft(h));
  add(dmarDraft(p));
  const secondary: (readonly [string, string])[] = [];
  for (const dev of present.pci) {
    const ims = dev.msi.slots[MSI_SECONDARY_DOMAIN].domain;
    if (ims) secondary.push([domainKey(ims.domain.name), deviceKey(dev.name)]);
  }
  return { nodes, secondary };
}
