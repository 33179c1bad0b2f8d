/**
 * Which canvas nodes the last operation wrote, and what to say on each: a device node "device
 * written 2×" with its entry's words old → new, the IR domain node "only the IRTE changed" (or "IRTE
 * written" when the device was written too) with the IRTE's vector and destination old → new.
 */
import type { DeviceEntryWrites, IrteWrites, StepWrites } from "../../sim/step-writes";
import { deviceNodeId, domainNodeId, type MachineRole } from "../../sim/tree-ids";
import { entryName, imageText, irteFields } from "../../sim/write-text";

/** One sink on a mark: "MSI-X entry 0" and its words, the first the old ones ("→ …" after). */
export interface MarkItem {
  readonly label: string;
  readonly words: readonly string[];
}

export interface WriteMark {
  readonly kind: "device" | "irte";
  readonly title: string;
  readonly items: readonly MarkItem[];
  /** Sinks written but not listed on the node. */
  readonly more: number;
}

/** How many sinks a node lists: the words must stay readable on a node. */
const ITEMS_PER_NODE = 2;

function entryItem(e: DeviceEntryWrites): MarkItem {
  if (e.messages.length === 0) return { label: entryName(e), words: ["mask/control only"] };
  const images = [e.messages[0]?.before ?? e.before, ...e.messages.map((m) => m.after)];
  return { label: entryName(e), words: images.map((img, i) => `${i ? "→ " : ""}${imageText(img)}`) };
}

function irteItem(w: IrteWrites): MarkItem {
  return { label: `IRTE ${w.index}`, words: irteFields(w) };
}

const times = (n: number): string => `${n}×`;

/** The marks of one operation's writes, by canvas node id. */
export function writeMarks(w: StepWrites, role: MachineRole): Map<string, WriteMark> {
  const marks = new Map<string, WriteMark>();
  for (const d of w.byDevice) {
    const shown = w.sinks.filter((s): s is DeviceEntryWrites => s.kind === "device-entry" && s.device === d.device);
    const items = shown.slice(0, ITEMS_PER_NODE).map(entryItem);
    marks.set(deviceNodeId(role, d.device), {
      kind: "device",
      title: d.messages > 0 ? `device written ${times(d.messages)}` : "device registers written",
      items,
      more: d.entries - items.length,
    });
  }
  const byDomain = new Map<string, IrteWrites[]>();
  for (const s of w.sinks) if (s.kind === "irte") byDomain.set(s.domain, [...(byDomain.get(s.domain) ?? []), s]);
  for (const [domain, irtes] of byDomain) {
    const items = irtes.slice(0, ITEMS_PER_NODE).map(irteItem);
    const only = w.deviceMessages === 0;
    marks.set(domainNodeId(role, domain), {
      kind: "irte",
      title: only ? `only the IRTE${irtes.length > 1 ? "s" : ""} changed` : `IRTE written`,
      items,
      // The record lists every IRTE of a small step; a big one counts them in `irtes`.
      more: (byDomain.size === 1 ? w.irtes : irtes.length) - items.length,
    });
  }
  return marks;
}

/** A mark in one line, for screen readers and the node's name. */
export function markText(m: WriteMark): string {
  const items = m.items.map((i) => `${i.label} ${i.words.join(" ")}`);
  return [m.title, ...items, ...(m.more > 0 ? [`and ${m.more} more`] : [])].join("; ");
}
