/**
 * Reads a pasted /proc/interrupts (x86) back into a table: rows keyed by irq, counts per online
 * CPU (named by the header), chip, hwirq, flow and actions. Never throws: bad input is an error
 * naming the line, and text around the table is skipped with a warning.
 */

import { inferCpuCount } from "./proc-interrupts-cpus";
import { findHeader } from "./proc-interrupts-header";
import { classifyProcLine } from "./proc-interrupts-lines";
import { assembleRows, type RawRow } from "./proc-interrupts-rows";
import { parseProcTail } from "./proc-interrupts-tail";
import { skippedLineWarnings } from "./skipped-lines";
import { type SourceLine, toSourceLines } from "./text-lines";

export { type ChipColumn, type ChipEra, parseChipColumn } from "./chip-column";
export { decodeGlobalPciMsiHwirq, type PciMsiHwirq } from "./pci-msi-hwirq";

export interface ProcIrqRow {
  irq: number;
  /** One per entry of `ProcInterrupts.cpus`. */
  counts: number[];
  chip: string;
  hwirq?: number;
  flow?: string;
  actions: string[];
  /** Input line where the row starts. */
  line: number;
}

export interface ProcArchRow {
  label: string;
  /** One per CPU, or a single total for ERR and MIS. */
  counts: number[];
  description?: string;
  line: number;
}

export interface ProcInterrupts {
  /** The header's CPU numbers: online CPUs only, so numbers can be skipped. */
  cpus: number[];
  irqs: ProcIrqRow[];
  arch: ProcArchRow[];
  warnings: string[];
}

export type ProcInterruptsResult = { ok: true; table: ProcInterrupts } | { ok: false; error: string };

function irqRow(row: RawRow & { kind: "irq" }): ProcIrqRow | string {
  const tail = parseProcTail(row.tail);
  if (typeof tail === "string") return `line ${row.first.n}: irq ${row.irq}: ${tail}`;
  return { irq: row.irq, counts: row.counts, ...tail, line: row.first.n };
}

function archRow(row: RawRow & { kind: "arch" }): ProcArchRow {
  const description = row.tail.trim();
  return { label: row.label, counts: row.counts, ...(description ? { description } : {}), line: row.first.n };
}

/** Parse a table; `firstLine` numbers its first line when it was cut out of a bigger text. */
export function parseProcInterrupts(text: string, firstLine = 1): ProcInterruptsResult {
  if (text.trim() === "") return { ok: false, error: "empty input: paste the output of cat /proc/interrupts" };
  return parseProcInterruptsLines(toSourceLines(text, firstLine));
}

/** Parse a table from lines already cleaned (toSourceLines): the importer splits a big paste once. */
export function parseProcInterruptsLines(source: readonly SourceLine[]): ProcInterruptsResult {
  const firstLine = source[0]?.n ?? 1;
  if (source.every((l) => l.text.trim() === "")) {
    return { ok: false, error: "empty input: paste the output of cat /proc/interrupts" };
  }
  const lines = source.map(classifyProcLine);
  const header = findHeader(lines);
  if (!header.ok) return header;
  const warnings: string[] = [];
  let cpus = header.cpus;
  if (!cpus) {
    const count = inferCpuCount(lines);
    if (count === undefined) {
      return {
        ok: false,
        error:
          `no /proc/interrupts rows in lines ${firstLine}-${firstLine + lines.length - 1}: expected a "CPU0 CPU1 ..." header ` +
          'and rows like " 24:   0   5  IO-APIC  2-edge  timer"',
      };
    }
    cpus = Array.from({ length: count }, (_, i) => i);
    warnings.push(
      `no CPU header line: assumed ${count} CPUs numbered 0-${count - 1} from the rows; ` +
        "the real numbers differ if some CPUs were offline",
    );
  }
  const assembled = assembleRows(lines, cpus.length);
  if (!assembled.ok) return assembled;
  const irqs: ProcIrqRow[] = [];
  const arch: ProcArchRow[] = [];
  const firstLineOf = new Map<number, number>();
  for (const row of assembled.rows) {
    if (row.kind === "arch") {
      arch.push(archRow(row));
      continue;
    }
    const seen = firstLineOf.get(row.irq);
    if (seen !== undefined) {
      return {
        ok: false,
        error: `line ${row.first.n}: irq ${row.irq} again (first at line ${seen}); paste one table at a time`,
      };
    }
    firstLineOf.set(row.irq, row.first.n);
    const parsed = irqRow(row);
    if (typeof parsed === "string") return { ok: false, error: parsed };
    irqs.push(parsed);
  }
  if (irqs.length === 0 && arch.length === 0) {
    return { ok: false, error: `line ${header.line ?? firstLine}: a CPU header but no rows under it` };
  }
  warnings.push(...assembled.joins, ...skippedLineWarnings(assembled.skipped, "the /proc/interrupts table"));
  return { ok: true, table: { cpus, irqs, arch, warnings } };
}
