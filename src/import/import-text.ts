/**
 * The importer: pasted or dropped texts → the machines they show. Each file is split into dumps
 * (dump-sections.ts), each parsed; the dumps of one text are one machine until one cannot belong to
 * it (a second /proc/interrupts table, an irq read twice, remapping on in one dump and off in the
 * next, another host in the prompt). Files are one machine each, unless a file only adds to the
 * machine before it (the debugfs of the box whose /proc/interrupts came first: same irqs, same
 * chips). Never throws; nothing recognisable is one clear message.
 */
import { buildMachine, emptyParts, type MachineParts } from "./build-machine";
import { parseDebugfsDomainLines } from "./debugfs-domains";
import { parseDebugfsIrqLines } from "./debugfs-irqs";
import { findLineSections } from "./dump-sections";
import type { ImportedMachine } from "./imported-machine";
import { kindOfDomain } from "./infer-chain";
import { readKernelLog } from "./kernel-log";
import { parseProcInterruptsLines } from "./proc-interrupts";
import { sectionHints } from "./section-hints";
import { toSourceLines } from "./text-lines";

export interface ImportFile {
  readonly name: string;
  readonly text: string;
}

export type ImportResult =
  | { readonly ok: true; readonly machines: readonly ImportedMachine[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** Progress of a long import: a fraction and what is being done. */
export type ImportProgress = (fraction: number, what: string) => void;

const WHAT_WE_READ =
  "/proc/interrupts, a debugfs irq/irqs/N or irq/domains/NAME file, or interrupt-related kernel log lines";

/** Why a text is no dump at all, when that can be said more precisely than "nothing recognisable". */
function notText(name: string, text: string): string | undefined {
  // Not text.trim(): that copies a 14 MB paste to learn it is not empty.
  if (!/\S/.test(text)) return `${name} is empty: paste or drop ${WHAT_WE_READ}`;
  const head = text.slice(0, 4096);
  // NUL bytes or many undecodable characters: a picture, an archive, a PDF.
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return `${name} is not text (a picture or another binary file?): nothing was imported`;
    if (c === 0xfffd || (c < 9 && c !== 0)) odd++;
  }
  if (odd > head.length / 20) return `${name} is not text (a picture or another binary file?): nothing was imported`;
  return undefined;
}

function nothingFound(name: string, text: string, errors: readonly string[]): string {
  const t = text.trimStart();
  if (t.startsWith("{") && /"irqscope-scenario"/.test(t.slice(0, 2000))) {
    return `${name} is an irqscope scenario, not what a machine prints: open it with Import as a scenario (or sim run)`;
  }
  if (/^<(!doctype html|html|\?xml)/i.test(t)) {
    return `${name} is a web page with no dump in it: copy the dump's text (or save the page as plain text) and import that`;
  }
  if (errors.length > 0) return `nothing could be read from ${name}: ${errors[0]}`;
  return `nothing in ${name} is ${WHAT_WE_READ}`;
}

type Evidence = boolean | undefined;

/** Whether a dump shows remapping (IR- chips, an IR level) or its absence; undefined: it cannot tell. */
function irEvidenceOfChips(chips: readonly string[]): Evidence {
  if (chips.some((c) => c.startsWith("IR-"))) return true;
  if (chips.some((c) => /^(PCI-MSI|IO-APIC)/.test(c))) return false;
  return undefined;
}

interface FileParts {
  readonly machines: MachineParts[];
  readonly errors: string[];
}

function irOf(p: MachineParts): Evidence {
  const chips = (p.proc?.table.irqs ?? []).map((r) => r.chip);
  const fromProc = irEvidenceOfChips(chips);
  if (fromProc !== undefined) return fromProc;
  for (const f of p.irqFiles) {
    if (f.file.levels.some((l) => kindOfDomain(l.domain) === "ir")) return true;
    const e = irEvidenceOfChips(f.file.levels.slice(0, 1).map((l) => l.chip));
    if (e !== undefined) return e;
  }
  return undefined;
}

function irqNumbers(p: MachineParts): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of p.proc?.table.irqs ?? []) out.set(r.irq, r.chip);
  for (const f of p.irqFiles) {
    const n = f.irq ?? f.file.levels.at(-1)?.hwirq;
    if (n !== undefined && !out.has(n)) out.set(n, f.file.levels[0]?.chip ?? "");
  }
  return out;
}

/** Why `next` cannot be part of machine `m`, or undefined when it can. */
function conflict(m: MachineParts, next: MachineParts): string | undefined {
  if (m.proc && next.proc) return "a second /proc/interrupts table";
  if (m.host && next.host && m.host !== next.host) return `another host (${next.host})`;
  const a = irOf(m);
  const b = irOf(next);
  if (a !== undefined && b !== undefined && a !== b)
    return b ? "interrupt remapping on here, off before" : "interrupt remapping off here, on before";
  const mine = irqNumbers(m);
  const debugfsIrqs = new Set(m.irqFiles.map((f) => f.irq ?? f.file.levels.at(-1)?.hwirq));
  for (const f of next.irqFiles) {
    const n = f.irq ?? f.file.levels.at(-1)?.hwirq;
    if (n === undefined) continue;
    if (debugfsIrqs.has(n)) return `irqs/${n} a second time`;
    const chip = mine.get(n);
    if (chip !== undefined && chip !== (f.file.levels[0]?.chip ?? ""))
      return `irq ${n} on chip ${f.file.levels[0]?.chip}, not ${chip}`;
  }
  if (next.proc) {
    for (const r of next.proc.table.irqs) {
      const chip = mine.get(r.irq);
      if (chip !== undefined && chip !== r.chip) return `irq ${r.irq} on chip ${r.chip}, not ${chip}`;
    }
  }
  return undefined;
}

function absorb(m: MachineParts, next: MachineParts): void {
  if (next.proc) m.proc = next.proc;
  m.host ??= next.host;
  m.sources.push(...next.sources);
  m.irqFiles.push(...next.irqFiles);
  m.domainFiles.push(...next.domainFiles);
  m.log.push(...next.log);
  m.warnings.push(...next.warnings);
}

function hasContent(p: MachineParts): boolean {
  return p.proc !== undefined || p.irqFiles.length > 0 || p.domainFiles.length > 0 || p.log.length > 0;
}

/** One file's dumps, as machines (usually one). */
function readFile(file: ImportFile, progress: ImportProgress | undefined, share: readonly [number, number]): FileParts {
  const [base, span] = share;
  const lines = toSourceLines(file.text);
  progress?.(base + span * 0.2, `${file.name}: ${lines.length} lines cleaned`);
  const sections = findLineSections(lines);
  progress?.(base + span * 0.3, `${file.name}: ${sections.length} dumps found`);
  const errors: string[] = [];
  const machines: MachineParts[] = [emptyParts(file.name)];
  // Log lines sit between dumps: the rows of a 5,000-line table need not be tried against the log rules.
  const inDump = new Uint8Array(lines.length);
  for (const s of sections) inDump.fill(1, s.from, s.to);
  const log = readKernelLog(lines.filter((_, i) => inDump[i] === 0));
  let logAt = 0;
  let prevEnd = 0;
  sections.forEach((s, i) => {
    const body = lines.slice(s.from, s.to);
    const first = body[0]?.n ?? 1;
    const last = body.at(-1)?.n ?? first;
    const where = `lines ${first}-${last}`;
    const hints = sectionHints(lines, s.from, prevEnd);
    prevEnd = s.to;
    const part = emptyParts(file.name);
    if (hints.host) part.host = hints.host;
    // Kernel log lines above this dump belong with the dumps before it.
    const current = machines.at(-1) ?? machines[0];
    while (logAt < log.length && (log[logAt]?.line ?? 0) < first) {
      const l = log[logAt++];
      if (l && current) current.log.push(l);
    }
    if (s.kind === "proc-interrupts") {
      const r = parseProcInterruptsLines(body);
      if (!r.ok) errors.push(r.error);
      else {
        part.proc = { table: r.table, place: where, lines: body };
        part.sources.push(`${file.name}: /proc/interrupts (${where})`);
        part.warnings.push(...r.table.warnings);
      }
    } else if (s.kind === "debugfs-irq") {
      const r = parseDebugfsIrqLines(body);
      if (!r.ok) errors.push(r.error);
      else {
        const name = hints.irq === undefined ? "irqs/?" : `irqs/${hints.irq}`;
        const place = `${name} (${where})`;
        part.irqFiles.push({ ...(hints.irq === undefined ? {} : { irq: hints.irq }), file: r.irq, place });
        part.sources.push(`${file.name}: ${place}`);
        part.warnings.push(...r.irq.warnings);
      }
    } else {
      const r = parseDebugfsDomainLines(body);
      if (!r.ok) errors.push(r.error);
      else {
        part.domainFiles.push({ domain: r.domain, place: where });
        part.sources.push(`${file.name}: domains/${r.domain.name} (${where})`);
        part.warnings.push(...r.warnings);
      }
    }
    if (hasContent(part) && current) {
      const why = hasContent(current) ? conflict(current, part) : undefined;
      if (why) {
        part.warnings.unshift(`${where}: another machine starts here (${why})`);
        machines.push(part);
      } else absorb(current, part);
    }
    progress?.(base + span * (0.3 + (0.7 * (i + 1)) / Math.max(1, sections.length)), `read ${where} of ${file.name}`);
  });
  const last = machines.at(-1);
  while (logAt < log.length) {
    const l = log[logAt++];
    if (l && last) last.log.push(l);
  }
  for (const e of errors) machines[0]?.warnings.push(`skipped: ${e}`);
  return { machines: machines.filter(hasContent), errors };
}

/** Reads every file; the machines in input order, or one message when none holds anything. */
export function importMachines(files: readonly ImportFile[], progress?: ImportProgress): ImportResult {
  const notes: string[] = [];
  const all: MachineParts[] = [];
  const refusals: string[] = [];
  files.forEach((file, k) => {
    const bad = notText(file.name, file.text);
    if (bad) {
      refusals.push(bad);
      return;
    }
    const share = [k / files.length, 1 / files.length] as const;
    const { machines, errors } = readFile(file, progress, share);
    if (machines.length === 0) {
      refusals.push(nothingFound(file.name, file.text, errors));
      return;
    }
    const [first, ...rest] = machines;
    const prev = all.at(-1);
    // A file that only adds to the machine before it (its debugfs, its log) joins that machine.
    if (first && prev && !conflict(prev, first) && belongsTo(prev, first)) {
      absorb(prev, first);
      notes.push(`${file.name} read as part of the machine of ${prev.sources[0] ?? "the file before"}`);
    } else if (first) all.push(first);
    all.push(...rest);
  });
  if (all.length === 0) {
    return {
      ok: false,
      error: refusals.length === 1 ? (refusals[0] ?? "") : `nothing was imported: ${refusals.join("; ")}`,
    };
  }
  notes.push(...refusals.map((r) => `skipped: ${r}`));
  if (all.length > 1)
    notes.unshift(`${all.length} machines in the input; showing machine 1 (pick another from the list)`);
  const machines = all.map((p, i) => buildMachine({ ...p, label: `machine ${i + 1}: ${describe(p)}` }));
  return { ok: true, machines, notes };
}

/** Whether a file's machine clearly is the one before: shared irqs on the same chips, or only domains/log. */
function belongsTo(prev: MachineParts, next: MachineParts): boolean {
  const mine = irqNumbers(prev);
  const theirs = irqNumbers(next);
  for (const [n, chip] of theirs) if (mine.get(n) === chip) return true;
  return theirs.size === 0 || mine.size === 0;
}

function describe(p: MachineParts): string {
  const kinds: string[] = [];
  if (p.proc) kinds.push(`/proc/interrupts, ${p.proc.table.irqs.length} irqs`);
  if (p.irqFiles.length) kinds.push(`${p.irqFiles.length} debugfs irqs/N`);
  if (p.domainFiles.length) kinds.push(`${p.domainFiles.length} debugfs domains`);
  if (p.log.length) kinds.push(`${p.log.length} kernel log lines`);
  const host = p.host ? `${p.host}: ` : "";
  return `${host}${kinds.join(", ")}`;
}
