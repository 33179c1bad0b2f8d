/** Cutting a recording's captured files into the pieces parity compares. */

/** `----- irq N` (or `----- domain NAME`) separated files → key → text. */
export function splitDashed(text: string, kind: "irq" | "domain"): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (key !== undefined) out.set(key, `${lines.join("\n").replace(/\n+$/, "")}\n`);
  };
  for (const line of text.split("\n")) {
    const m = new RegExp(`^----- ${kind} (\\S+)$`).exec(line);
    if (m) {
      flush();
      key = m[1];
      lines = [];
    } else if (key !== undefined) lines.push(line);
  }
  flush();
  return out;
}

/** The irq_matrix part of a VECTOR domain file: the summary lines and the per-CPU rows. */
export function matrixLines(domainText: string): { summary: string[]; cpuRows: string[] } {
  const lines = domainText.split("\n");
  const start = lines.findIndex((l) => /^\s*Online bitmaps:/.test(l));
  if (start < 0) return { summary: [], cpuRows: [] };
  const summary: string[] = [];
  const cpuRows: string[] = [];
  for (const l of lines.slice(start)) {
    const t = l.trim();
    if (/^\d+\s+\d+\s+\d+\s+\d+\s+\d+/.test(t)) cpuRows.push(t.replace(/\s+/g, " "));
    else if (/^(Online bitmaps|Global available|Global reserved|Total allocated|System):/.test(t))
      summary.push(t.replace(/\s+/g, " "));
    else if (t.startsWith("|")) continue;
    else break;
  }
  return { summary, cpuRows };
}

/** The VECTOR level's `Vector:` of an irqs/N file (the CPU vector it has now; 0 when none). */
export function vectorOf(irqText: string): number | undefined {
  const m = /^\s*Vector:\s+(\d+)$/m.exec(irqText);
  return m ? Number(m[1]) : undefined;
}

export interface IrqTableRow {
  readonly irq: number;
  readonly chip: string;
  readonly hwirq: string;
  readonly effective: string;
}

/** The rig's `irq=N chip=… hwirq=… … effective_affinity_list=…` listing. */
export function parseIrqTable(text: string): IrqTableRow[] {
  const out: IrqTableRow[] = [];
  for (const line of text.split("\n")) {
    const f = new Map<string, string>();
    for (const m of line.matchAll(/(\w+)=(\S*)/g)) f.set(m[1] ?? "", m[2] ?? "");
    const irq = f.get("irq");
    if (irq === undefined) continue;
    out.push({
      irq: Number(irq),
      chip: f.get("chip") ?? "",
      hwirq: f.get("hwirq") ?? "",
      effective: f.get("effective_affinity_list") ?? "",
    });
  }
  return out;
}
