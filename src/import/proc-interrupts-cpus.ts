/** The CPU count of a paste without a header (grep output): the usual number of counts per row. */
import { leadingCountTokens, type ProcLine, takeCounts } from "./proc-interrupts-lines";

// Counts of one row, following wrapped continuation lines while the row has nothing but counts.
function rowCountTotal(lines: ProcLine[], start: number, rest: string): number {
  let total = leadingCountTokens(rest);
  let tail = takeCounts(rest, total).rest;
  for (let i = start + 1; tail.trim() === "" && i < lines.length; i++) {
    const next = lines[i];
    if (next?.kind !== "other") break;
    const more = leadingCountTokens(next.line.text);
    if (more === 0) break;
    total += more;
    tail = takeCounts(next.line.text, more).rest;
  }
  return total;
}

export function inferCpuCount(lines: ProcLine[]): number | undefined {
  const seen = new Map<number, number>();
  lines.forEach((l, i) => {
    if (l.kind !== "irq" && l.kind !== "arch") return;
    const total = rowCountTotal(lines, i, l.rest);
    // ERR/MIS print one value whatever the CPU count; they say nothing about it.
    if (total === 0 || (l.kind === "arch" && total === 1)) return;
    seen.set(total, (seen.get(total) ?? 0) + 1);
  });
  let best: number | undefined;
  let bestSeen = 0;
  for (const [total, times] of seen) {
    if (times > bestSeen || (times === bestSeen && best !== undefined && total > best)) {
      best = total;
      bestSeen = times;
    }
  }
  return best;
}
