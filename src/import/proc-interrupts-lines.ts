/** What each line of a /proc/interrupts paste is: header, irq row, arch row, blank or something else. */
import type { SourceLine } from "./text-lines";

export type ProcLine =
  | { kind: "header"; line: SourceLine; cpus: number[] }
  | { kind: "irq"; line: SourceLine; irq: number; rest: string }
  | { kind: "arch"; line: SourceLine; label: string; rest: string }
  | { kind: "blank"; line: SourceLine }
  | { kind: "other"; line: SourceLine };

const HEADER = /^\s*(CPU\d+(?:\s+CPU\d+)*)$/;
const IRQ_ROW = /^\s*(\d+):(\s.*|)$/;
// x86 arch rows are three capitals (NMI, LOC, ERR, ...); a number must follow so "NOTE: ..." is prose.
const ARCH_ROW = /^\s*([A-Z][A-Z0-9]{2,3}):(\s+\d.*|)$/;

export function classifyProcLine(line: SourceLine): ProcLine {
  const t = line.text;
  if (t.trim() === "") return { kind: "blank", line };
  const header = HEADER.exec(t);
  if (header) {
    const cpus = (header[1] ?? "").split(/\s+/).map((label) => Number(label.slice(3)));
    return { kind: "header", line, cpus };
  }
  const irq = IRQ_ROW.exec(t);
  // A label without a leading count is prose ("1: boot the box"), unless nothing follows (a wrapped row).
  if (irq && /^(\s+\d|\s*$)/.test(irq[2] ?? "")) {
    return { kind: "irq", line, irq: Number(irq[1]), rest: irq[2] ?? "" };
  }
  const arch = ARCH_ROW.exec(t);
  if (arch) return { kind: "arch", line, label: arch[1] ?? "", rest: arch[2] ?? "" };
  return { kind: "other", line };
}

/** Take up to `want` leading integer tokens off `text`; the rest keeps its spacing. */
export function takeCounts(text: string, want: number): { counts: number[]; rest: string } {
  const counts: number[] = [];
  let rest = text;
  while (counts.length < want) {
    const m = /^\s*(\d+)(?=\s|$)/.exec(rest);
    if (!m) break;
    counts.push(Number(m[1]));
    rest = rest.slice(m[0].length);
  }
  return { counts, rest };
}

/** How many integer tokens lead `text`. */
export function leadingCountTokens(text: string): number {
  return takeCounts(text, Number.POSITIVE_INFINITY).counts.length;
}
