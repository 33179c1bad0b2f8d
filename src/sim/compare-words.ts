/**
 * A compare's words: a step's outcome ("-ENOTSUPP from alloc_ims: …", "request_irq reported success,
 * the interrupt can never arrive — …") and each write record sink as where + what. Sinks this file
 * does not know (a guest's KVM route, hypercall, trap, host IRTE) are told from their own fields, so a
 * new kind of write compares without a change here.
 */
import { type ErrnoName, errnoText } from "../kernel/errno";
import type { StepResult } from "./commands";
import type { StepWrites, WriteSink } from "./step-writes";
import { entryName, irteFields, messagesText, writesHeadline } from "./write-text";

/** One sink in words: what kind of thing was written, which one, and how it changed. */
export interface WriteLine {
  readonly kind: string;
  readonly where: string;
  readonly what: string;
}

/** A kind of sink in words ("KVM route"); the kind itself, dashes as spaces, when it has none. */
const KIND_WORDS: Record<string, string> = {
  "device-entry": "device entry",
  irte: "IRTE",
  "host-irte": "host IRTE",
  "kvm-route": "KVM route",
  "posted-irte": "posted IRTE",
  hypercall: "hypercall",
  trap: "VMM trap",
  "vfio-msix": "VFIO MSI-X",
};

export function kindWords(kind: string): string {
  return KIND_WORDS[kind] ?? kind.replace(/[-_]/g, " ");
}

/** Fields that say which one was written; the others say how. */
const WHERE_FIELDS = ["device", "store", "slot", "domain", "index", "guest", "host", "gsi", "vcpu", "entry"];
/** Fields that only link a sink to other records (irq numbers change with the machine). */
const LINK_FIELDS = new Set(["kind", "irq"]);

function valueText(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) && v > 255 ? `0x${v.toString(16)}` : String(v);
  if (typeof v === "string" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "-";
  if (Array.isArray(v)) return `[${v.map(valueText).join(", ")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.entries(o)
      .map(([k, x]) => `${k} ${valueText(x)}`)
      .join(", ")}}`;
  }
  return String(v);
}

/** A sink of a kind this file does not know, from its fields: "KVM route gsi 40: before … → after …". */
function genericLine(sink: Readonly<Record<string, unknown>>, kind: string): WriteLine {
  const where = WHERE_FIELDS.filter((k) => sink[k] !== undefined).map((k) => `${k} ${valueText(sink[k])}`);
  const rest = Object.keys(sink).filter((k) => !LINK_FIELDS.has(k) && !WHERE_FIELDS.includes(k));
  const parts: string[] = [];
  if (rest.includes("before") && rest.includes("after")) {
    parts.push(`${valueText(sink.before)} → ${valueText(sink.after)}`);
  }
  for (const k of rest) if (k !== "before" && k !== "after") parts.push(`${k} ${valueText(sink[k])}`);
  return {
    kind,
    where: [kindWords(kind), ...where].join(" "),
    what: parts.join(", ") || "written",
  };
}

export function writeLine(sink: WriteSink | { readonly kind: string }): WriteLine {
  const s = sink as WriteSink;
  if (s.kind === "device-entry") {
    return { kind: s.kind, where: `${s.device} ${entryName(s)}`, what: messagesText(s) };
  }
  if (s.kind === "irte") {
    return { kind: s.kind, where: `IRTE ${s.index} (${s.domain})`, what: irteFields(s).join(", ") };
  }
  return genericLine(sink as unknown as Record<string, unknown>, sink.kind);
}

/** A step's writes in words: the headline and every sink the record kept. */
export interface WritesInWords {
  readonly headline: string;
  readonly lines: readonly WriteLine[];
  /** Sinks the record counted but did not keep (an allocation of thousands). */
  readonly more: number;
}

export function writesInWords(w: StepWrites | undefined): WritesInWords {
  if (!w) return { headline: "nothing written", lines: [], more: 0 };
  const lines = w.sinks.map(writeLine);
  const known = w.sinks.filter((s) => s.kind === "device-entry" || s.kind === "irte").length;
  const others = lines.filter((l) => l.kind !== "device-entry" && l.kind !== "irte");
  let headline = writesHeadline(w);
  // The headline counts device entries and IRTEs; other sinks are named beside it.
  if (others.length) {
    const byKind = new Map<string, number>();
    for (const l of others) byKind.set(l.kind, (byKind.get(l.kind) ?? 0) + 1);
    const named = [...byKind].map(([k, n]) => `${kindWords(k)}${n > 1 ? ` ×${n}` : ""}`).join(", ");
    headline = known === 0 && w.deviceRegisters === 0 ? `only ${named}` : `${headline}; ${named}`;
  }
  return { headline, lines, more: Math.max(0, w.deviceEntries + w.irtes - known) };
}

/** The outcome of one step on one side, as the contract names it, and its words. */
export interface Outcome {
  readonly ok: boolean;
  /** The errno's name when the step failed ("ENOTSUPP"). */
  readonly errno?: ErrnoName;
  readonly silent: boolean;
  /** A raise: whether the interrupt reached its handler. */
  readonly delivered?: boolean;
}

export function outcomeOf(result: StepResult, op: string): Outcome {
  if (!result.ok) {
    const failed = { ok: false, errno: result.errno, silent: false } as const;
    return op === "raise" ? { ...failed, delivered: false } : failed;
  }
  const silent = result.silent !== undefined;
  return op === "raise" ? { ok: true, silent, delivered: result.delivered ?? false } : { ok: true, silent };
}

/** "-524 ENOTSUPP from alloc_ims: IMS needs …", "request_irq reported success, the interrupt can never arrive — …". */
export function outcomeWords(op: string, result: StepResult): string {
  if (!result.ok) return `${errnoText(result.errno)} from ${op}: ${result.reason}`;
  const summary = result.summary.trim();
  if (result.silent !== undefined) {
    return op === "raise"
      ? `the interrupt was raised and never arrived — ${result.silent}${summary ? ` (${summary})` : ""}`
      : `${op} reported success, the interrupt can never arrive — ${result.silent}`;
  }
  if (op === "raise") {
    return result.delivered ? `the interrupt arrived${summary ? ` — ${summary}` : ""}` : `not delivered — ${summary}`;
  }
  return summary ? `ok — ${summary}` : "ok";
}

/** Whether two outcomes differ in what the contract compares: ok, errno, silent, delivered. */
export function outcomesDiffer(a: Outcome, b: Outcome): boolean {
  return a.ok !== b.ok || a.errno !== b.errno || a.silent !== b.silent || a.delivered !== b.delivered;
}

/** Whether two steps wrote different things to different places (the kept sinks, and the counts). */
export function writesDiffer(a: WritesInWords, b: WritesInWords): boolean {
  if (a.more !== b.more || a.lines.length !== b.lines.length) return true;
  const key = (l: WriteLine) => `${l.where}: ${l.what}`;
  const left = a.lines.map(key).sort();
  const right = b.lines.map(key).sort();
  return left.some((k, i) => k !== right[i]);
}
