/**
 * What parity compares, per phase, between a recording and the model's replay of it. Each check
 * counts what matched out of what was compared and lists the differences; a section the recording
 * lacks is skipped and named.
 */
import { type ProcInterrupts, parseProcInterrupts } from "../import/proc-interrupts";
import type { Phase } from "./recording";
import type { ModelPhase } from "./replay";
import { matrixLines, parseIrqTable, splitDashed, vectorOf } from "./sections";

export interface Check {
  readonly label: string;
  readonly matched: number;
  readonly total: number;
  readonly diffs: string[];
  /** Why the check did not run (a section the recording lacks). */
  readonly skipped?: string;
}

const skipped = (label: string, why: string): Check => ({ label, matched: 0, total: 0, diffs: [], skipped: why });

/** Chip, hwirq, effective CPU and vector of every irq the rig listed. */
export function compareIrqs(rec: Phase, model: ModelPhase): Check {
  const label = "irqs: chip, hwirq, effective CPU, vector";
  const table = rec.sections.get("irq_table");
  if (!table) return skipped(label, "no irq_table");
  const debugfs = rec.sections.get("debugfs_irq_irqs");
  const recFiles = debugfs ? splitDashed(debugfs, "irq") : undefined;
  const diffs: string[] = [];
  const rows = parseIrqTable(table);
  let matched = 0;
  for (const r of rows) {
    const m = model.irqs.get(r.irq);
    const problems: string[] = [];
    if (!m) problems.push("not in the model");
    else {
      // XT-PIC irq 2 has no domain: the rig prints an empty hwirq.
      if (m.chip !== r.chip) problems.push(`chip ${m.chip} (real ${r.chip})`);
      if (r.hwirq !== "" && m.hwirq !== r.hwirq) problems.push(`hwirq ${m.hwirq} (real ${r.hwirq})`);
      if (m.effective !== r.effective) problems.push(`effective ${m.effective || "-"} (real ${r.effective || "-"})`);
      const realFile = recFiles?.get(String(r.irq));
      const modelFile = model.irqFiles.get(r.irq);
      if (realFile !== undefined) {
        const rv = vectorOf(realFile);
        const mv = modelFile ? vectorOf(modelFile) : undefined;
        if (rv !== mv) problems.push(`vector ${mv ?? "-"} (real ${rv ?? "-"})`);
      }
    }
    if (problems.length === 0) matched++;
    else diffs.push(`irq ${r.irq}: ${problems.join(", ")}`);
  }
  return { label: recFiles ? label : `${label} (vector skipped: no irq debugfs)`, matched, total: rows.length, diffs };
}

/** /proc/interrupts without the counts: the CPU columns, each irq's chip, hwirq, flow and actions, the arch rows. */
export function compareProcInterrupts(rec: Phase, model: ModelPhase): Check {
  const label = "/proc/interrupts structure";
  const text = rec.sections.get("interrupts");
  if (!text) return skipped(label, "no interrupts");
  const real = parseProcInterrupts(text);
  const mine = parseProcInterrupts(model.interrupts);
  if (!real.ok) return { label, matched: 0, total: 1, diffs: [`the recording does not parse: ${real.error}`] };
  if (!mine.ok) return { label, matched: 0, total: 1, diffs: [`the model's does not parse: ${mine.error}`] };
  const key = (rows: string[]) => new Map(rows.map((r) => [r.split(" ")[0] ?? "", r]));
  const irqRow = (r: { irq: number; chip: string; hwirq?: number; flow?: string; actions: string[] }) =>
    `${r.irq}: ${r.chip} ${r.hwirq ?? ""}-${r.flow ?? ""} ${r.actions.join(", ")}`;
  const archRow = (r: { label: string; counts: number[]; description?: string }) =>
    `${r.label}: ×${r.counts.length} ${r.description ?? ""}`;
  const rows = (t: ProcInterrupts) => key([`CPUs: ${t.cpus.join(" ")}`, ...t.irqs.map(irqRow), ...t.arch.map(archRow)]);
  const realRows = rows(real.table);
  const myRows = rows(mine.table);
  const diffs: string[] = [];
  let matched = 0;
  for (const [k, r] of realRows) {
    const m = myRows.get(k);
    if (m === r) matched++;
    else diffs.push(m === undefined ? `missing  ${r}` : `model    ${m}\n      real     ${r}`);
  }
  for (const [k, m] of myRows) if (!realRows.has(k)) diffs.push(`extra    ${m}`);
  return { label, matched, total: realRows.size + [...myRows.keys()].filter((k) => !realRows.has(k)).length, diffs };
}

/** The VECTOR domain's irq_matrix summary and per-CPU rows. */
export function compareMatrix(rec: Phase, model: ModelPhase): Check {
  const label = "VECTOR matrix: summary and per-CPU rows";
  const text = rec.sections.get("debugfs_irq_domains");
  if (!text) return skipped(label, "no irq debugfs (domains)");
  const vector = splitDashed(text, "domain").get("VECTOR");
  if (!vector) return skipped(label, "no domains/VECTOR");
  const real = matrixLines(vector);
  const mine = matrixLines(model.vectorDomain);
  const a = [...real.summary, ...real.cpuRows];
  const b = [...mine.summary, ...mine.cpuRows];
  return lineByLine(label, a, b);
}

/** Every line of every irqs/N file. */
export function compareIrqFiles(rec: Phase, model: ModelPhase): Check {
  const label = "irqs/N: every line";
  const text = rec.sections.get("debugfs_irq_irqs");
  if (!text) return skipped(label, "no irq debugfs (irqs)");
  const real = splitDashed(text, "irq");
  const diffs: string[] = [];
  let matched = 0;
  let total = 0;
  for (const [irq, file] of real) {
    const mine = model.irqFiles.get(Number(irq));
    const c = lineByLine(`irqs/${irq}`, file.trimEnd().split("\n"), mine ? mine.trimEnd().split("\n") : []);
    matched += c.matched;
    total += c.total;
    for (const d of c.diffs) diffs.push(`irqs/${irq}: ${d}`);
  }
  for (const irq of model.irqFiles.keys()) {
    if (!real.has(String(irq))) {
      diffs.push(`irqs/${irq}: only in the model`);
      total++;
    }
  }
  return { label, matched, total, diffs };
}

/** The result of each recorded write: success, or the same errno. */
export function compareActions(rec: Phase, model: ModelPhase): Check {
  const label = "writes: result";
  if (rec.actions.length === 0 && rec.unparsedActions.length === 0) return skipped(label, "no writes in this phase");
  const diffs = rec.unparsedActions.map((a) => `not understood: ${a}`);
  let matched = 0;
  rec.actions.forEach((a, i) => {
    const r = model.actions[i]?.result;
    const got = r === undefined ? "(not run)" : r.ok ? "ok" : r.errno;
    const want = a.errno ?? "ok";
    if (got === want) matched++;
    else diffs.push(`${a.text}: model ${got}, real ${want}`);
  });
  return { label, matched, total: rec.actions.length + rec.unparsedActions.length, diffs };
}

/** Lines matched by a longest common subsequence; the rest are reported as model-only or real-only. */
function lineByLine(label: string, real: readonly string[], mine: readonly string[]): Check {
  const n = real.length;
  const m = mine.length;
  // lcs[i][j]: the LCS length of real[i..] and mine[j..] (files are a few dozen lines).
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      const below = lcs[i + 1] as number[];
      row[j] = real[i] === mine[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const diffs: string[] = [];
  let i = 0;
  let j = 0;
  const at = (a: number, b: number) => (lcs[a] as number[])[b] ?? 0;
  while (i < n || j < m) {
    if (i < n && j < m && real[i] === mine[j]) {
      i++;
      j++;
    } else if (j < m && (i >= n || at(i, j + 1) >= at(i + 1, j))) {
      diffs.push(`model only ${JSON.stringify(mine[j])}`);
      j++;
    } else {
      diffs.push(`real only  ${JSON.stringify(real[i])}`);
      i++;
    }
  }
  const matched = at(0, 0);
  return { label, matched, total: Math.max(n, m), diffs };
}

export const CHECKS = [compareIrqs, compareProcInterrupts, compareMatrix, compareIrqFiles, compareActions];
