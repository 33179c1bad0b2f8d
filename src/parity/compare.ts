/**
 * What parity compares, per phase, between a recording and the model's replay of it. Each check
 * counts what matched out of what was compared and lists the differences; a section the recording
 * lacks is skipped and named.
 */
import { type ProcInterrupts, parseProcInterrupts } from "../import/proc-interrupts";
import type { Phase } from "./recording";
import type { ModelPhase } from "./replay";
import { matrixLines, parseIrqTable, parsePciMsi, splitDashed, vectorOf } from "./sections";

export interface Check {
  readonly label: string;
  readonly matched: number;
  readonly total: number;
  readonly diffs: string[];
  /** Why the check did not run (a section the recording lacks). */
  readonly skipped?: string;
}

const skipped = (label: string, why: string): Check => ({ label, matched: 0, total: 0, diffs: [], skipped: why });

/**
 * Every field the rig listed of every irq (chip, hwirq, type, flow, actions, affinity, effective
 * affinity, hint, node) and its vector: from debugfs `Vector:` where the kernel has irq debugfs, else
 * the vector and CPU of its last `vector_config` trace event.
 */
export function compareIrqs(rec: Phase, model: ModelPhase): Check {
  const table = rec.sections.get("irq_table");
  const debugfs = rec.sections.get("debugfs_irq_irqs");
  const recFiles = debugfs ? splitDashed(debugfs, "irq") : undefined;
  const vectorFrom = recFiles ? "debugfs" : rec.hwConfig ? "trace" : undefined;
  const label = `irqs: every /proc/irq and /sys/kernel/irq field, vector${vectorFrom ? ` (from ${vectorFrom})` : " (skipped: no debugfs, no trace)"}`;
  if (!table) return skipped(label, "no irq_table");
  const diffs: string[] = [];
  const rows = parseIrqTable(table);
  let matched = 0;
  for (const r of rows) {
    const m = model.irqs.get(r.irq);
    const problems: string[] = [];
    if (!m) problems.push("not in the model");
    else {
      for (const [key, real] of r.fields) {
        const mine = m.fields.get(key);
        // The XT-PIC line (irq 2) has no domain: the rig prints an empty hwirq and no flow.
        if (mine === undefined || mine === real) continue;
        problems.push(`${key} ${mine || "-"} (real ${real || "-"})`);
      }
      if (recFiles) {
        const realFile = recFiles.get(String(r.irq));
        const modelFile = model.irqFiles.get(r.irq);
        if (realFile !== undefined) {
          const rv = vectorOf(realFile);
          const mv = modelFile ? vectorOf(modelFile) : undefined;
          if (rv !== mv) problems.push(`vector ${mv ?? "-"} (real ${rv ?? "-"})`);
        }
      } else {
        const real = rec.hwConfig?.get(r.irq);
        if (real !== undefined && real !== m.hwConfig) problems.push(`vector@cpu ${m.hwConfig ?? "-"} (real ${real})`);
      }
    }
    if (problems.length === 0) matched++;
    else diffs.push(`irq ${r.irq}: ${problems.join(", ")}`);
  }
  return { label, matched, total: rows.length, diffs };
}

/** Each PCI function's msi_irqs (irq numbers and msi/msix) as the rig listed them. */
export function comparePciMsi(rec: Phase, model: ModelPhase): Check {
  const label = "PCI functions: msi_irqs";
  const text = rec.sections.get("pci_msi");
  if (!text) return skipped(label, "no pci_msi");
  const diffs: string[] = [];
  let matched = 0;
  let total = 0;
  for (const [bdf, real] of parsePciMsi(text)) {
    const mine = model.msiIrqs.get(bdf.length === 7 ? `0000:${bdf}` : bdf);
    // Functions the model has no device for (host bridge, LPC, SATA, SMBus) have none.
    if (mine === undefined && real === "") continue;
    total++;
    if ((mine ?? "") === real) matched++;
    else diffs.push(`${bdf}: [${mine ?? "no such device"}] (real [${real}])`);
  }
  return { label, matched, total, diffs };
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

/** The events of a recorded ftrace dump, without the task, CPU, flags and timestamp columns. */
function traceEvents(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^.*?\s\d+\.\d+: (\w+: .*)$/.exec(line);
    if (m?.[1]) out.push(m[1].trimEnd());
  }
  return out;
}

/**
 * Every irq_vectors and irq_matrix event of the phase, in order, with all its fields (LCS matched).
 * A trace that begins after boot (its first event is no irq_matrix_assign_system of vector 0)
 * lost its start: only the model's events from the first one the recording has are counted.
 */
export function compareTrace(rec: Phase, model: ModelPhase): Check {
  const label = "irq_vectors/irq_matrix tracepoints: every event and field";
  const text = rec.sections.get("trace_irq_vectors_matrix");
  if (text === undefined) return skipped(label, "no trace");
  const real = traceEvents(text);
  let mine = model.trace;
  const bootPhase = model.trace[0]?.startsWith("irq_matrix_assign_system: bit=0 ") === true;
  const truncated = bootPhase && real[0] !== undefined && real[0] !== model.trace[0];
  if (truncated) {
    const first = mine.indexOf(real[0] ?? "");
    // Fall back to the whole model trace when not even the first real event is found.
    if (first > 0) mine = mine.slice(first);
  }
  return lineByLine(truncated ? `${label} (the recording's trace starts late)` : label, real, mine);
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

export const CHECKS = [
  compareIrqs,
  comparePciMsi,
  compareProcInterrupts,
  compareMatrix,
  compareIrqFiles,
  compareTrace,
  compareActions,
];
