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

/** One row of the rig's irq listing: `irq=N chip=… hwirq=… type=… handler=… actions=… smp_affinity_list=…`. */
export interface IrqTableRow {
  readonly irq: number;
  /** Every other `key=value` of the row, in order (`actions` is comma-separated, `hwirq` empty on XT-PIC). */
  readonly fields: ReadonlyMap<string, string>;
}

/** The rig's `irq=N key=value …` listing (/proc/irq/N/* and /sys/kernel/irq/N/* of every irq). */
export function parseIrqTable(text: string): IrqTableRow[] {
  const out: IrqTableRow[] = [];
  for (const line of text.split("\n")) {
    const fields = new Map<string, string>();
    for (const m of line.matchAll(/(\w+)=(\S*)/g)) fields.set(m[1] ?? "", m[2] ?? "");
    const irq = fields.get("irq");
    if (irq === undefined) continue;
    fields.delete("irq");
    out.push({ irq: Number(irq), fields });
  }
  return out;
}

/** `00:01.0 … msi_irqs=[24:msix 25:msix]` → device → its msi_irqs text (the rig's pci_msi listing). */
export function parsePciMsi(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^(\S+) .*\bmsi_irqs=\[([^\]]*)\]/.exec(line);
    if (m) out.set(m[1] ?? "", (m[2] ?? "").trim());
  }
  return out;
}
