/**
 * A step's writes in words, for the canvas marks, the result line, the inspector and the Steps tab:
 * "device written 2×" versus "device not written: only IRTE 19", with the old → new words.
 */
import { hex } from "../kernel/arch/x86/bitfield";
import type { DeviceEntryWrites, EntryImage, IrteImage, IrteWrites, StepWrites } from "./step-writes";

const ENTRY_NAMES: Record<string, string> = {
  msi: "MSI vector",
  msix: "MSI-X entry",
  "ims-device": "IMS entry",
  "ims-queue": "IMS queue",
  ioapic: "IO-APIC pin",
  hpet: "HPET timer",
};

/** "MSI-X entry 3", "IO-APIC pin 4". */
export function entryName(e: Pick<DeviceEntryWrites, "store" | "slot">): string {
  return `${ENTRY_NAMES[e.store] ?? e.store} ${e.slot}`;
}

/** An entry's words: address/data ("0xfee01000/0x4021", address_hi first when set), or an RTE's high:low. */
export function imageText(img: EntryImage): string {
  if (img.format === "rte") return `RTE ${hex(img.hi)}:${hex(img.lo)}`;
  const address = img.addressHi ? `${hex(img.addressHi)}:${hex(img.addressLo)}` : hex(img.addressLo);
  return `${address}/${hex(img.data)}`;
}

/** "0xfee01000/0x21 → 0xfee01000/0x22 → 0xfee03000/0x22": the words before, then after each message written. */
export function messagesText(e: DeviceEntryWrites): string {
  if (e.messages.length === 0) {
    return `mask/control only (${e.registers} register write${e.registers === 1 ? "" : "s"})`;
  }
  return [e.messages[0]?.before ?? e.before, ...e.messages.map((m) => m.after)].map(imageText).join(" → ");
}

/** "MSI-X entry 3, 0xfee01000/0x4021 → 0xfee02000/0x4022". */
export function entryWriteText(e: DeviceEntryWrites): string {
  return `${entryName(e)}, ${messagesText(e)}`;
}

const cpuText = (i: IrteImage): string => (i.cpu < 0 ? `dest ${hex(i.destId)}` : `CPU ${i.cpu}`);

/** An IRTE write's fields: ["vector 0x21 → 0x22", "dest CPU 1 → 2"]; set up, cleared, or rewritten unchanged. */
export function irteFields(w: IrteWrites): string[] {
  const { before: b, after: a } = w;
  if (!a.present) return b.present ? ["cleared", `was vector ${hex(b.vector)}, ${cpuText(b)}`] : ["cleared"];
  if (!b.present) return ["set up", `vector ${hex(a.vector)}, dest ${cpuText(a)}`];
  const vector = b.vector === a.vector ? hex(a.vector) : `${hex(b.vector)} → ${hex(a.vector)}`;
  const dest = b.destId === a.destId ? cpuText(a) : `${cpuText(b)} → ${a.cpu < 0 ? hex(a.destId) : a.cpu}`;
  const same = b.vector === a.vector && b.destId === a.destId;
  return [`vector ${vector}`, `dest ${dest}${same ? " (rewritten, unchanged)" : ""}`];
}

/** "IRTE 19 vector 0x21 → 0x22, dest CPU 1 → 2". */
export function irteWriteText(w: IrteWrites): string {
  return `IRTE ${w.index} ${irteFields(w).join(", ")}`;
}

/** "IRTE 19", "IRTEs 19, 20", "12 IRTEs". */
function irteList(w: StepWrites): string {
  const shown = w.sinks.filter((s): s is IrteWrites => s.kind === "irte").map((s) => s.index);
  if (w.irtes === 1) return `IRTE ${shown[0] ?? ""}`.trim();
  return w.irtes <= 3 && shown.length === w.irtes ? `IRTEs ${shown.join(", ")}` : `${w.irtes} IRTEs`;
}

/** What the step wrote, in a few words: "device written 1×", "device not written: only IRTE 19". */
export function writesHeadline(w: StepWrites): string {
  if (w.deviceMessages > 0) {
    const entries = w.deviceEntries > 1 ? ` (${w.deviceEntries} entries)` : "";
    return `device written ${w.deviceMessages}×${entries}${w.irtes ? `, ${irteList(w)} too` : ""}`;
  }
  if (w.irtes > 0) return `device not written: only ${irteList(w)}`;
  if (w.deviceRegisters > 0) return "device message not written (mask or control registers only)";
  return "nothing written to a device or an IRTE";
}

/** The writes that concern `irq`: its entries and its IRTE, each in words. */
export function writesOfIrq(w: StepWrites, irq: number): string[] {
  const out: string[] = [];
  for (const s of w.sinks) {
    if (s.irq !== irq) continue;
    if (s.kind === "irte") out.push(irteWriteText(s));
    else if (s.kind === "device-entry") out.push(`${s.device} ${entryWriteText(s)}`);
    else out.push(`${s.kind}: ${s.what}`);
  }
  return out;
}
