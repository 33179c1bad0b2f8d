/**
 * One device's message stores, slot by slot, as its registers hold them: the MSI capability's
 * shared message and mask bits, the MSI-X table and PBA, an IMS array or queue store, the IO-APIC's
 * RTEs, the HPET's FSB routes. Each slot is decoded (decodeMsiMsg, decodeRte) and names its irq.
 */

import { ENTRY_CTRL, type EntryArray } from "../hw/entry-array";
import type { Hpet } from "../hw/hpet";
import { HPET_Tn_CFG, HPET_Tn_ROUTE } from "../hw/hpet";
import type { ImsDeviceArray } from "../hw/ims-device-array";
import type { ImsQueueStore } from "../hw/ims-queue-store";
import type { IoApic } from "../hw/ioapic";
import type { MessageStore, StoreKind } from "../hw/message-store";
import { type MsiCapability, PCI_MSI_ADDRESS_HI, PCI_MSI_ADDRESS_LO, PCI_MSI_FLAGS } from "../hw/msi-capability";
import type { MsixTable } from "../hw/msix-table";
import { hex } from "../kernel/arch/x86/bitfield";
import { decodeRte } from "../kernel/arch/x86/io-apic-rte";
import { decodeMsiMsg } from "../kernel/arch/x86/msi-format";
import { type MsiMsg, msiMsgEqual } from "../kernel/irq/msi-msg";
import type { Platform } from "../kernel/platform";
import { heldCopies } from "./held-copy";
import { allIrqSources } from "./irq-source";
import { hpetBlock, pciDevice, presentDevices } from "./present-devices";

export interface StoreSlotRow {
  readonly slot: number;
  /** The raw register words, in the order of the table's `columns`. */
  readonly raw: readonly number[];
  readonly format: "compat" | "remappable" | "invalid" | "empty";
  /** "APIC id 2 vector 0x21", "IRTE 19", "not programmed", or why the message is invalid. */
  readonly decoded: string;
  readonly masked: boolean;
  /** The pending bit, where the store has one. */
  readonly pending: boolean | undefined;
  /** The Linux irq behind the slot, -1 for none. */
  readonly irq: number;
  /** Anything else worth a glance: "level", "PASID 1", "not enabled (MME)", "uncommitted shadow". */
  readonly note: string;
}

export interface StoreTable {
  /** "held": the copies others hold and write themselves (an NTB peer host, ath11k's firmware). */
  readonly kind: StoreKind | "held";
  /** "MSI-X table", "IO-APIC 0 redirection table", … */
  readonly title: string;
  /** Function-wide registers and state, in words. */
  readonly state: string;
  /** Names of the raw words per row ("address_lo", "vector_ctrl", "rte_hi", …). */
  readonly columns: readonly string[];
  readonly hasPending: boolean;
  readonly rows: readonly StoreSlotRow[];
  /** MSI-X only: the Pending Bit Array as 64-bit words, "0x" + 16 hex digits each. */
  readonly pba?: readonly string[];
}

export interface DeviceStoreView {
  /** Every device with a message store: the PCI functions, the IO-APIC, the HPET blocks. */
  readonly devices: readonly string[];
  /** The device shown ("" when the one asked for does not exist). */
  readonly device: string;
  readonly stores: readonly StoreTable[];
}

const hex8 = (v: number): string => (v >>> 0).toString(16).padStart(8, "0");

/** The decoded column: what the message asks for in one line. */
function decodeMessage(msg: MsiMsg): Pick<StoreSlotRow, "format" | "decoded"> {
  if (msg.addressLo === 0 && msg.addressHi === 0 && msg.data === 0)
    return { format: "empty", decoded: "not programmed" };
  const m = decodeMsiMsg(msg);
  switch (m.format) {
    case "compat":
      return { format: "compat", decoded: `APIC id ${m.destId} vector ${hex(m.vector)}` };
    case "remappable":
      return { format: "remappable", decoded: `IRTE ${m.index}` };
    case "invalid":
      return { format: "invalid", decoded: m.reason };
  }
}

/** slot → irq for every store, from the irq → source map. */
function ownersByStore(p: Platform): Map<MessageStore, Map<number, number>> {
  const out = new Map<MessageStore, Map<number, number>>();
  for (const [irq, src] of allIrqSources(p)) {
    if (!src.hw) continue;
    let m = out.get(src.hw);
    if (!m) {
      m = new Map();
      out.set(src.hw, m);
    }
    m.set(src.slot, irq);
  }
  return out;
}

/** One 16-byte entry of an MSI-X table or an IMS device array: address, data, vector control. */
function entryRow(t: EntryArray, i: number, owner: Map<number, number>, note: string): StoreSlotRow {
  const msg = t.storedMessage(i);
  return {
    slot: i,
    raw: [msg.addressLo, msg.addressHi, msg.data, t.readEntryWord(i, ENTRY_CTRL)],
    ...decodeMessage(msg),
    masked: t.isEntryMasked(i),
    pending: t.isPending(i),
    irq: owner.get(i) ?? -1,
    note,
  };
}

function msixTable(t: MsixTable, owner: Map<number, number>): StoreTable {
  const rows: StoreSlotRow[] = [];
  for (let i = 0; i < t.slots; i++) rows.push(entryRow(t, i, owner, ""));
  const qwords = Math.ceil(t.slots / 64);
  const pba: string[] = [];
  for (let q = 0; q < qwords; q++) {
    let lo = 0;
    let hi = 0;
    for (let b = 0; b < 64 && q * 64 + b < t.slots; b++) {
      if (!t.isPending(q * 64 + b)) continue;
      if (b < 32) lo |= 1 << b;
      else hi |= 1 << (b - 32);
    }
    pba.push(`0x${hex8(hi)}${hex8(lo)}`);
  }
  const control = t.readControl();
  return {
    kind: "msix",
    title: `MSI-X table: ${t.slots} entries at BAR ${t.tableBir} + ${hex(t.tableOffset)}, PBA at BAR ${t.pbaBir} + ${hex(t.pbaOffset)}`,
    state: `Message Control ${hex(control)}: ${t.enabled ? "enabled" : "disabled"}${t.functionMasked ? ", function masked (MASKALL)" : ""}`,
    columns: ["address_lo", "address_hi", "data", "vector_ctrl"],
    hasPending: true,
    rows,
    pba,
  };
}

function msiCapability(c: MsiCapability, owner: Map<number, number>): StoreTable {
  const rows: StoreSlotRow[] = [];
  const mask = c.maskOffset;
  for (let v = 0; v < c.slots; v++) {
    const msg = c.storedMessage(v);
    const enabled = v < c.enabledVectors;
    rows.push({
      slot: v,
      raw: [msg.addressLo, msg.addressHi, msg.data, mask === undefined ? 0 : (c.readConfig(mask) >>> v) & 1],
      ...decodeMessage(msg),
      masked: c.isMasked(v),
      pending: mask === undefined ? undefined : c.isPending(v),
      irq: owner.get(v) ?? -1,
      note: enabled ? "" : `beyond the ${c.enabledVectors} enabled (MME)`,
    });
  }
  const control = c.readConfig(PCI_MSI_FLAGS, 2);
  const parts = [
    `Message Control ${hex(control)}: ${c.enabled ? "enabled" : "disabled"}`,
    `${c.enabledVectors} of ${c.slots} vectors enabled (MME ${c.multipleEnable})`,
    c.addr64 ? "64-bit" : "32-bit",
    `address ${hex(c.readConfig(PCI_MSI_ADDRESS_LO))}${c.addr64 ? `:${hex(c.readConfig(PCI_MSI_ADDRESS_HI))}` : ""}`,
    `data ${hex(c.readConfig(c.dataOffset, 2))}`,
  ];
  if (mask !== undefined)
    parts.push(`mask bits ${hex(c.readConfig(mask))}, pending bits ${hex(c.readConfig(mask + 4))}`);
  else parts.push("no per-vector masking");
  return {
    kind: "msi",
    title: `MSI capability: one message shared by ${c.slots} vector${c.slots > 1 ? "s" : ""} (the vector number in the low data bits)`,
    state: parts.join(" · "),
    columns: ["address_lo", "address_hi", "data", "mask bit"],
    hasPending: mask !== undefined,
    rows,
  };
}

function imsArray(a: ImsDeviceArray, owner: Map<number, number>): StoreTable {
  const rows: StoreSlotRow[] = [];
  for (let i = 0; i < a.slots; i++) {
    const pasid = a.pasid(i);
    rows.push(entryRow(a, i, owner, pasid === undefined ? "" : `PASID ${pasid}`));
  }
  return {
    kind: "ims-device",
    title: `IMS device array: ${a.slots} entries in device memory`,
    state: "no function-wide enable or mask: each entry masks itself",
    columns: ["address_lo", "address_hi", "data", "ctrl"],
    hasPending: true,
    rows,
  };
}

function imsQueue(q: ImsQueueStore, owner: Map<number, number>): StoreTable {
  const dirty = new Set(q.dirtySlots());
  const rows: StoreSlotRow[] = q.queueIds().map((id) => {
    const live = q.live(id);
    return {
      slot: id,
      raw: [live.msg.addressLo, live.msg.addressHi, live.msg.data],
      ...decodeMessage(live.msg),
      masked: live.masked,
      pending: undefined,
      irq: owner.get(id) ?? -1,
      note: dirty.has(id) ? "shadow not committed yet" : "",
    };
  });
  return {
    kind: "ims-queue",
    title: `IMS queue store: ${q.slots} queue context${q.slots === 1 ? "" : "s"} in system memory`,
    state: "the committed (live) copy the device uses; writes reach it at irq_bus_sync_unlock",
    columns: ["address_lo", "address_hi", "data"],
    hasPending: false,
    rows,
  };
}

function ioapicTable(p: Platform, hw: IoApic): StoreTable {
  const pinIrq = new Map<number, number>();
  for (const [irq, pin] of p.ioapic.pins) pinIrq.set(pin.pin, irq);
  const users = new Map<number, string[]>();
  for (const l of presentDevices(p).lines) users.set(l.irq, [...(users.get(l.irq) ?? []), l.name]);
  const rows: StoreSlotRow[] = [];
  for (let pin = 0; pin < hw.slots; pin++) {
    const rte = hw.readRte(pin);
    const r = decodeRte(rte);
    const irq = pinIrq.get(pin) ?? -1;
    const programmed = (rte.lo & 0xff) !== 0 || rte.hi !== 0;
    const wiring = [r.level ? "level" : "edge", r.activeLow ? "active-low" : "active-high"];
    const who = users.get(irq);
    rows.push({
      slot: pin,
      raw: [rte.hi, rte.lo],
      format: !programmed ? "empty" : r.format,
      decoded: !programmed
        ? "not programmed"
        : r.format === "remappable"
          ? `IRTE ${r.index ?? 0}`
          : `APIC id ${r.destId ?? 0} vector ${hex(r.vector)}`,
      masked: r.masked,
      pending: undefined,
      irq,
      note: [...wiring, ...(who ? [who.join(", ")] : [])].join(", "),
    });
  }
  return {
    kind: "ioapic",
    title: `IO-APIC ${hw.id}: ${hw.slots} redirection-table entries (GSI ${hw.gsiBase}–${hw.gsiBase + hw.slots - 1})`,
    state: "under IR an RTE holds an IRTE index, and its vector field holds the pin",
    columns: ["rte_hi", "rte_lo"],
    hasPending: false,
    rows,
  };
}

function hpetTable(hw: Hpet, irqs: ReadonlyMap<number, number>): StoreTable {
  const rows: StoreSlotRow[] = [];
  for (let t = 0; t < hw.slots; t++) {
    const msg = hw.storedMessage(t);
    rows.push({
      slot: t,
      raw: [hw.readReg(HPET_Tn_ROUTE(t) + 4), hw.readReg(HPET_Tn_ROUTE(t)), hw.readReg(HPET_Tn_CFG(t))],
      ...decodeMessage(msg),
      masked: hw.isMasked(t),
      pending: undefined,
      irq: irqs.get(t) ?? -1,
      note: hw.hasFsb(t) ? "" : "no FSB delivery (no FSB_CAP)",
    });
  }
  return {
    kind: "hpet",
    title: `HPET ${hw.id}: ${hw.slots} timers, each with an FSB route (a one-message store)`,
    state: "masked = ENABLE or FSB clear in the timer's config",
    columns: ["route_address", "route_data", "config"],
    hasPending: false,
    rows,
  };
}

/** The devices the Stores tab offers, in the platform's order. */
export function storeDevices(p: Platform): string[] {
  const { pci, hpets } = presentDevices(p);
  return [...pci.map((d) => d.name), `ioapic${p.ioapic.hw.id}`, ...hpets.map((h) => h.name)];
}

/** The stores of `device` (a PCI function, "ioapic0" or an HPET block), slot by slot. */
export function deviceStore(p: Platform, device: string): DeviceStoreView {
  const devices = storeDevices(p);
  const owners = ownersByStore(p);
  const ownerOf = (hw: MessageStore): Map<number, number> => owners.get(hw) ?? new Map();
  const dev = pciDevice(p, device);
  if (dev) {
    const stores: StoreTable[] = [];
    if (dev.msiCap) stores.push(msiCapability(dev.msiCap, ownerOf(dev.msiCap)));
    if (dev.msixCap) stores.push(msixTable(dev.msixCap, ownerOf(dev.msixCap)));
    if (dev.ims?.kind === "ims-device") stores.push(imsArray(dev.ims, ownerOf(dev.ims)));
    else if (dev.ims?.kind === "ims-queue") stores.push(imsQueue(dev.ims, ownerOf(dev.ims)));
    const held = heldCopiesTable(p, dev.name);
    if (held) stores.push(held);
    return { devices, device, stores };
  }
  if (device === `ioapic${p.ioapic.hw.id}`) return { devices, device, stores: [ioapicTable(p, p.ioapic.hw)] };
  const hpet = hpetBlock(p, device);
  if (hpet) return { devices, device, stores: [hpetTable(hpet.hw, hpet.irqs)] };
  return { devices, device: "", stores: [] };
}

/**
 * The copies of the device's messages that someone else holds and writes (the NTB peer host per queue
 * pair, ath11k's firmware per vector), each set beside the message the kernel holds now: a copy that
 * differs is stale, and a raise of it goes where the old message leads.
 */
function heldCopiesTable(p: Platform, device: string): StoreTable | undefined {
  const rows: StoreSlotRow[] = [];
  let who = "";
  for (const c of heldCopies(p, device)) {
    // "the NTB peer host (queue pair 0)": the holder, without the one copy's place.
    who = c.copy.who.replace(/ \(.*\)$/, "");
    const stale = !msiMsgEqual(c.copy.msg, c.copy.current);
    rows.push({
      slot: c.index,
      raw: [c.copy.msg.addressLo, c.copy.msg.data],
      ...decodeMessage(c.copy.msg),
      masked: false,
      pending: undefined,
      irq: c.irq,
      note: stale
        ? `STALE: the kernel's message is now ${decodeMessage(c.copy.current).decoded} (0x${c.copy.current.addressLo.toString(16)}/0x${c.copy.current.data.toString(16)})`
        : "current",
    });
  }
  if (rows.length === 0) return undefined;
  const stale = rows.filter((r) => r.note.startsWith("STALE")).length;
  return {
    kind: "held",
    title: `Copies ${who} holds and writes itself: ${rows.length}, ${stale} stale`,
    state: "the kernel cannot mask or rewrite these: a changed message reaches them only when re-sent",
    columns: ["address", "data"],
    hasPending: false,
    rows,
  };
}
