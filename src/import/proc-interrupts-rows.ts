/**
 * Logical rows of a /proc/interrupts paste. Mailers and terminals wrap long rows; a line without a
 * label continues the row above while that row still lacks counts, its chip or its actions.
 */
import { type ProcLine, takeCounts } from "./proc-interrupts-lines";
import { parseProcTail } from "./proc-interrupts-tail";
import type { SourceLine } from "./text-lines";

interface RowBase {
  first: SourceLine;
  counts: number[];
  tail: string;
}
export type RawRow = (RowBase & { kind: "irq"; irq: number }) | (RowBase & { kind: "arch"; label: string });

export type RowsResult =
  | { ok: true; rows: RawRow[]; skipped: SourceLine[]; joins: string[] }
  | { ok: false; error: string };

function rowName(row: RawRow): string {
  return row.kind === "irq" ? `irq ${row.irq}` : `the ${row.label} row`;
}

// Mailers break long words at punctuation ("mlx5_comp0" / "@pci:..."): no blank was lost there.
function joiner(tail: string, next: string): string {
  return /^[@:.[\](_-]/.test(next) || /[@:./_-]$/.test(tail) ? "" : " ";
}

const HWIRQ_FLOW = /(^|\s)\d*-[A-Za-z_]\w*(\s|$)/;

/** How the line continues a row whose counts are complete, or undefined when it does not. */
function tailContinuation(row: RawRow, text: string): string | undefined {
  const next = text.trim();
  const tail = row.tail.trimEnd();
  if (row.kind === "arch") return tail === "" && !/^\d/.test(next) ? `  ${next}` : undefined;
  // The line broke before or inside the chip name, so the "<hwirq>-<flow>" token is on the next line.
  if (tail.trim() === "" || (!HWIRQ_FLOW.test(tail) && HWIRQ_FLOW.test(next))) return ` ${next}`;
  if (tail.endsWith(",")) return ` ${next}`;
  const parsed = parseProcTail(tail);
  if (typeof parsed !== "string" && parsed.actions.length === 0) return `  ${next}`;
  // A lone word right under a row is the end of a wrapped action name; a bare prompt ("$", "root@box:~#") is not.
  if (!/\s/.test(next) && next.length <= 40 && !/^[$#%>❯➜]$|[@~].*[$#]$/.test(next)) return joiner(tail, next) + next;
  return undefined;
}

function incomplete(row: RawRow, cpuCount: number): string | undefined {
  if (row.counts.length >= cpuCount) return undefined;
  // ERR and MIS print one total, not one count per CPU.
  if (row.kind === "arch" && row.counts.length === 1 && row.tail.trim() === "") return undefined;
  return (
    `line ${row.first.n}: ${rowName(row)} has ${row.counts.length} of ${cpuCount} CPU counts; ` +
    "the row is cut short (truncated, or wrapped in a way that cannot be joined)"
  );
}

export function assembleRows(lines: ProcLine[], cpuCount: number): RowsResult {
  const rows: RawRow[] = [];
  const skipped: SourceLine[] = [];
  const joins: string[] = [];
  let current: RawRow | undefined;

  const finish = (): string | undefined => {
    if (!current) return undefined;
    const error = incomplete(current, cpuCount);
    rows.push(current);
    current = undefined;
    return error;
  };

  for (const l of lines) {
    if (l.kind === "irq" || l.kind === "arch") {
      const error = finish();
      if (error) return { ok: false, error };
      const { counts, rest } = takeCounts(l.rest, cpuCount);
      current =
        l.kind === "irq"
          ? { kind: "irq", irq: l.irq, first: l.line, counts, tail: rest }
          : { kind: "arch", label: l.label, first: l.line, counts, tail: rest };
      continue;
    }
    if (l.kind !== "other") {
      const error = finish();
      if (error) return { ok: false, error };
      continue;
    }
    if (current && current.counts.length < cpuCount) {
      const { counts, rest } = takeCounts(l.line.text, cpuCount - current.counts.length);
      if (counts.length > 0) {
        current.counts.push(...counts);
        current.tail += rest;
        joins.push(`line ${l.line.n} joined to ${rowName(current)} (line ${current.first.n}): a wrapped row`);
        continue;
      }
    } else if (current) {
      const more = tailContinuation(current, l.line.text);
      if (more !== undefined) {
        current.tail = current.tail.trimEnd() + more;
        joins.push(`line ${l.line.n} joined to ${rowName(current)} (line ${current.first.n}): a wrapped row`);
        continue;
      }
    }
    const error = finish();
    if (error) return { ok: false, error };
    skipped.push(l.line);
  }
  const error = finish();
  if (error) return { ok: false, error };
  return { ok: true, rows, skipped, joins };
}
