/**
 * Everything the inspector shows for one Linux irq of a Platform: its hierarchy, the message its
 * device holds, the RTE and IRTE behind it, where the hardware points and the debugfs text. Plain
 * data only (no class instances, Maps or functions): it is posted from the worker.
 */
import { type BitField, hex } from "../kernel/arch/x86/bitfield";
import { decodeRte } from "../kernel/arch/x86/io-apic-rte";
import { DELIVERY_MODE_NAMES, decodeMsiMsg, type MsiDecode } from "../kernel/arch/x86/msi-format";
import { lowestSetBit } from "../kernel/bitmap";
import {
  describeIrte,
  type Irte,
  irteFromWords,
  irteHighHex,
  irteLowHex,
  irteWords,
  SVT_NO_VERIFY,
  SVT_VERIFY_BUS,
  SVT_VERIFY_SID,
  vtdCheckSid,
} from "../kernel/drivers/iommu/intel/irte";
import { irqDebugShow } from "../kernel/irq/debugfs";
import { IRQD, type IrqDesc } from "../kernel/irq/irqdesc";
import type { IrqData } from "../kernel/irq/irqdomain";
import type { MsiMsg } from "../kernel/irq/msi-msg";
import { shownAffinity } from "../kernel/irq/proc";
import type { Platform } from "../kernel/platform";
import { type IrqSource, locateIrq } from "./irq-source";
import { deviceNodeId, domainNodeId, MAIN_MACHINE, type MachineRole } from "./tree-ids";

export interface IrqLevelView {
  domain: string;
  nodeId: string;
  hwirq: number;
  chip: string;
}

export interface MessageView {
  addressHi: number;
  addressLo: number;
  data: number;
  format: "compat" | "remappable" | "invalid";
  /** "remappable: IRTE handle 18, SHV, subhandle 0 -> IRTE 18" / "compat: APIC id 2, vector 0x22, fixed, physical, edge". */
  summary: string;
  fields: BitField[];
  /** The store's per-slot mask; false for a message without a store (DMAR). */
  masked: boolean;
  /** "MSI-X table entry 3", "IO-APIC pin 4 RTE", … */
  where: string;
}

export interface RteView {
  lo: number;
  hi: number;
  fields: BitField[];
  summary: string;
}

export interface IrteView {
  /** The entry the irq uses: block index + subhandle. */
  index: number;
  subHandle: number;
  present: boolean;
  /** The 128-bit entry as 4 "0x%08x" u32 words, low first. */
  words: string[];
  low: string;
  high: string;
  fields: BitField[];
  sidCheck: string;
}

export interface TargetView {
  /** Where the hardware points (apic_chip_data hw_irq_cfg); -1 when the irq has no vector level or was never configured. */
  cpu: number;
  vector: number;
  /** The previous target while a move is in progress (prevVector != 0); prevCpu 0 and prevVector -1 otherwise. */
  prevCpu: number;
  prevVector: number;
  /** smp_affinity_list as read (the pending mask while a move waits). */
  affinity: string;
  effective: string;
  /** The waiting mask while IRQD_SETAFFINITY_PENDING, else "". */
  pending: string;
  managed: boolean;
  started: boolean;
  count: number;
  actions: string[];
}

export interface IrqDetail {
  irq: number;
  device: string;
  store: string;
  slot: number;
  /** Canvas node ids: the device, then each domain level, outermost → VECTOR. */
  path: string[];
  /** One per irq_data level, outermost first. */
  levels: IrqLevelView[];
  message?: MessageView;
  rte?: RteView;
  irte?: IrteView;
  target: TargetView;
  debugfs: string;
  /** Imported machines only: where this irq was read, and its fields deduced or not printed. */
  imported?: { source: string; inferred: string[]; unknown: string[] };
  /** A guest's irq: what backs it on the host (host irq, IRTE, KVM route or hypercall message), or why nothing does. */
  backing?: GuestBackingView;
}

/** The host side of a guest interrupt, for the inspector. */
export interface GuestBackingView {
  /** The scheme the pair negotiated, in words. */
  scheme: string;
  /** Whether a host interrupt stands behind it and can deliver. */
  backed: boolean;
  /** Why it cannot deliver (not backed, masked, or a silent failure), when so. */
  broken?: string;
  /** The facts in order: host irq, host IRTE, eventfd, KVM gsi and route, posted or remapped. */
  facts: { what: string; value: string }[];
  /** The host's canvas node holding the host irq. */
  hostNode: string;
}

/**
 * Whether device messages carry the extended destination id (address bits 11:5). The model never
 * composes one: __irq_msi_compose_msg() is called without virt_ext_dest_id (no hypervisor
 * advertises it) and deliverMessage() decodes without it, so neither does the inspector.
 */
const EXT_DEST_ID = false;

const hex4 = (v: number): string => `0x${(v >>> 0).toString(16).padStart(4, "0")}`;
const hex8 = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, "0")}`;

function levelsOf(first: IrqData | undefined, machine: MachineRole): IrqLevelView[] {
  const out: IrqLevelView[] = [];
  for (let d = first; d; d = d.parent) {
    out.push({ domain: d.domain.name, nodeId: domainNodeId(machine, d.domain.name), hwirq: d.hwirq, chip: d.chip });
  }
  return out;
}

function msgSummary(m: MsiDecode): string {
  switch (m.format) {
    case "compat": {
      const mode = DELIVERY_MODE_NAMES[m.deliveryMode] ?? `mode ${m.deliveryMode}`;
      // The flat APIC driver (xAPIC, ≤ 8 CPUs, before 6.9) names CPU n by the logical bit 1 << n.
      const target = m.destModeLogical
        ? `logical destination ${hex(m.destId)} (CPU ${m.destId === 0 ? "none" : lowestSetBit(m.destId)})`
        : `APIC id ${m.destId}`;
      const dest = m.destModeLogical ? "logical" : "physical";
      return `compat: ${target}, vector ${hex(m.vector)}, ${mode}, ${dest}, ${m.level ? "level" : "edge"}`;
    }
    case "remappable": {
      const sub = m.shv ? `SHV, subhandle ${m.subhandle}` : "no SHV";
      return `remappable: IRTE handle ${m.handle}, ${sub} -> IRTE ${m.index}`;
    }
    case "invalid":
      return `invalid: ${m.reason}`;
  }
}

function whereOf(src: IrqSource): string {
  switch (src.store) {
    case "msix":
      // PCI_IRQ_VIRTUAL indices have no table entry; the message lives only in the descriptor.
      return src.hw ? `MSI-X table entry ${src.slot}` : `MSI-X virtual index ${src.slot} (no table entry)`;
    case "msi":
      return `MSI capability vector ${src.slot}${(src.desc?.nvecUsed ?? 1) > 1 ? " (multi-message)" : ""}`;
    case "ims":
      return src.hw?.kind === "ims-queue" ? `IMS queue store entry ${src.slot}` : `IMS device array entry ${src.slot}`;
    case "ioapic":
      return `IO-APIC pin ${src.slot} RTE`;
    case "hpet":
      return `HPET timer ${src.slot} FSB route`;
    case "dmar":
      return "DMAR fault event registers (FEDATA/FEADDR/FEUADDR)";
    case "intx":
      return `INTx pin ${src.slot}`;
  }
}

function messageView(src: IrqSource): MessageView | undefined {
  // The store's own copy is what the device would send; DMAR (and virtual MSI-X) only have desc->msg.
  const msg: MsiMsg | undefined = src.hw ? src.hw.storedMessage(src.slot) : src.desc?.msg;
  if (!msg) return undefined;
  const m = decodeMsiMsg(msg, { extDestId: EXT_DEST_ID });
  return {
    addressHi: msg.addressHi >>> 0,
    addressLo: msg.addressLo >>> 0,
    data: msg.data >>> 0,
    format: m.format,
    summary: msgSummary(m),
    fields: m.fields,
    masked: src.hw ? src.hw.isMasked(src.slot) : false,
    where: whereOf(src),
  };
}

function rteView(p: Platform, pin: number): RteView {
  const raw = p.ioapic.hw.readRte(pin);
  const r = decodeRte(raw);
  const wiring = `${r.level ? "level" : "edge"}, ${r.activeLow ? "active-low" : "active-high"}, ${r.masked ? "masked" : "unmasked"}`;
  let summary: string;
  if (r.format === "remappable") {
    summary = `remappable: IRTE ${r.index ?? 0}, vector field = pin ${r.vector}, ${wiring}`;
  } else {
    const mode = DELIVERY_MODE_NAMES[(raw.lo >>> 8) & 7] ?? "";
    const dest = (raw.lo >>> 11) & 1 ? "logical" : "physical";
    summary = `compat: APIC id ${r.destId ?? 0}, vector ${hex(r.vector)}, ${mode}, ${dest}, ${wiring}`;
  }
  return { lo: raw.lo >>> 0, hi: raw.hi >>> 0, fields: r.fields, summary };
}

const SQ_WORDS = ["all 16 bits", "ignore bit 2", "ignore bits 2:1", "ignore bits 2:0"];

/** The source-id check of the IR unit (vtdCheckSid(), QEMU's vtd_irte_get()) in plain words. */
function sidCheckText(irte: Irte, requesterId: number | undefined): string {
  let rule: string;
  switch (irte.svt) {
    case SVT_NO_VERIFY:
      return "SVT no verify: any requester id passes";
    case SVT_VERIFY_SID:
      rule = `SVT verify SID ${hex4(irte.sid)} (SQ ${SQ_WORDS[irte.sq & 3] ?? ""})`;
      break;
    case SVT_VERIFY_BUS:
      rule = `SVT verify bus ${hex(irte.sid >>> 8)}..${hex(irte.sid & 0xff)}`;
      break;
    default:
      return `SVT reserved (${irte.svt}): every request faults (VTD_FR_IR_SID_ERR)`;
  }
  // QEMU skips the check when the request carries no source id.
  if (requesterId === undefined) return `${rule}: no requester id known, the check is skipped`;
  const verdict = vtdCheckSid(irte, requesterId) ? "passes" : "fails (VT-d fault 0x26, VTD_FR_IR_SID_ERR)";
  return `${rule}: the device's requester id ${hex4(requesterId)} ${verdict}`;
}

function irteView(p: Platform, irq: number, requesterId: number | undefined): IrteView | undefined {
  const iommu = p.iommu;
  const ird = iommu?.irqs.get(irq);
  if (!iommu || !ird) return undefined;
  // modify_irte() writes index + sub_handle: that is the entry this irq's requests hit.
  const index = ird.index + ird.subHandle;
  const w = irteWords(iommu.table, index);
  // Decode the table, not the cached image (ird.irte): a deactivated irq shows the zeroed entry.
  const irte = irteFromWords(w);
  return {
    index,
    subHandle: ird.subHandle,
    present: irte.present === 1,
    words: w.map(hex8),
    low: irteLowHex(irte),
    high: irteHighHex(irte),
    fields: describeIrte(irte),
    sidCheck: sidCheckText(irte, requesterId),
  };
}

function targetView(p: Platform, desc: IrqDesc): TargetView {
  const a = p.machine.vector.apicd.get(desc.irq);
  // hwVector 0 means the upper levels were never given a target.
  const hw = a !== undefined && a.hwVector !== 0;
  const moving = a !== undefined && a.prevVector !== 0;
  return {
    cpu: hw ? a.hwCpu : -1,
    vector: hw ? a.hwVector : -1,
    prevCpu: moving ? a.prevCpu : 0,
    prevVector: moving ? a.prevVector : -1,
    affinity: shownAffinity(p.machine.core, desc.irq),
    effective: desc.effective.toList(),
    pending: desc.has(IRQD.SETAFFINITY_PENDING) ? desc.pendingMask.toList() : "",
    managed: desc.has(IRQD.AFFINITY_MANAGED),
    started: desc.has(IRQD.STARTED),
    count: desc.counts.reduce((s, n) => s + n, 0),
    actions: desc.actions.map((x) => x.name),
  };
}

/**
 * The inspector's data for `irq` (its path's node ids on `machine`); undefined when the irq is not
 * allocated or no device store stands behind it.
 */
export function irqDetail(p: Platform, irq: number, machine: MachineRole = MAIN_MACHINE): IrqDetail | undefined {
  const desc = p.machine.descs.desc(irq);
  if (!desc) return undefined;
  const src = locateIrq(p, irq);
  if (!src) return undefined;
  const levels = levelsOf(desc.data, machine);
  const out: IrqDetail = {
    irq,
    device: src.device,
    store: src.store,
    slot: src.slot,
    path: [deviceNodeId(machine, src.device), ...levels.map((l) => l.nodeId)],
    levels,
    target: targetView(p, desc),
    debugfs: irqDebugShow(p.machine.core, irq) ?? "",
  };
  const message = messageView(src);
  if (message) out.message = message;
  if (src.store === "ioapic") out.rte = rteView(p, src.slot);
  const irte = irteView(p, irq, src.requesterId);
  if (irte) out.irte = irte;
  return out;
}
