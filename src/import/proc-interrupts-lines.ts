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

const SPACE = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * Take up to `want` leading integer tokens off `text`; the rest keeps its spacing. Scans character
 * codes: a 256-CPU row has 256 counts, and 5,000 such rows went through a regex per count in 0.2 s.
 */
export function takeCounts(text: string, want: number): { counts: number[]; rest: string } {
  const counts: number[] = [];
  let at = 0;
  const n = text.length;
  while (counts.length < want) {
    let i = at;
    while (i < n && text.charCodeAt(i) <= SPACE) i++;
    const start = i;
    let value = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < DIGIT_0 || c > DIGIT_9) break;
      value = value * 10 + (c - DIGIT_0);
      i++;
    }
    // A token ends at a blank or the end of the line ("12abc" is no count).
    if (i === start || (i < n && text.charCodeAt(i) > SPACE)) break;
    counts.push(i - start > 15 ? Number(text.slice(start, i)) : value);
    at = i;
  }
  return { counts, rest: text.slice(at) };
}

/** How many integer tokens lead `text`. */
export function leadingCountTokens(text: string): number {
  return takeCounts(text, Number.POSITIVE_INFINITY).counts.length;
}
