/**
 * The irq_matrix trace language (shared/spec/matrix-trace-format.md): parse a trace or scenario,
 * replay it through the model's allocator and print the oracle's result lines byte for byte.
 * The whole file is parsed and checked before anything runs.
 */

import { DEFAULT_SYSTEM_VECTORS, lapicAssignSystemVectors, lapicCanUnplugCpu } from "../kernel/arch/x86/vector";
import { bitmapParseList, bitmapPrintList, bitmapWeight } from "../kernel/bitmap";
import { CpuMask } from "../kernel/cpumask";
import {
  IRQ_MATRIX_BITS,
  IrqMatrix,
  KernelBug,
  type MatrixAllocResult,
  type MatrixVariant,
} from "../kernel/irq/matrix";

export type TraceOp =
  | { op: "init"; ncpus: number; start: number; end: number; bits: number }
  | { op: "boot"; legacy: boolean }
  | { op: "online" | "offline" | "can_unplug"; cpu: number }
  | { op: "assign_system"; vec: number; replace: boolean; cpu: number }
  | { op: "reserve_managed" | "remove_managed" | "alloc_managed"; mask: CpuMask }
  | { op: "reserve" | "remove_reserved" | "reserved" | "state" }
  | { op: "alloc"; mask: CpuMask; reserved: boolean }
  | { op: "free"; cpu: number; vec: number; managed: boolean }
  | { op: "assign"; vec: number; cpu: number }
  | { op: "available"; cpuDown: boolean; cpu: number }
  | { op: "allocated"; cpu: number }
  | { op: "debug"; ind: number };

export interface TraceStep {
  readonly op: TraceOp;
  /** The op as written, leading blanks stripped: echoed as `> text`. */
  readonly text: string;
  /** 1-based line number in the source file. */
  readonly line: number;
  /** Result lines recorded after it (`< ` stripped), when the file is a recording. */
  readonly expected: string[];
}

export interface ParsedTrace {
  readonly steps: TraceStep[];
  /** From the `# variant:` header, when present. */
  readonly variant: MatrixVariant | undefined;
  /** Whether the file carries recorded result lines to check against. */
  readonly recorded: boolean;
}

export type ParseResult = { ok: true; trace: ParsedTrace } | { ok: false; line: number; message: string };

const MAX_CPUS = 8192;

function parseUint(s: string | undefined, what: string): number {
  if (s === undefined) throw new TraceSyntaxError(`missing ${what}`);
  if (!/^\d+$/.test(s)) throw new TraceSyntaxError(`${what} "${s}" is not a non-negative integer`);
  return Number(s);
}

function parseFlag(s: string | undefined, what: string, fallback?: boolean): boolean {
  if (s === undefined && fallback !== undefined) return fallback;
  const v = parseUint(s, what);
  if (v > 1) throw new TraceSyntaxError(`${what} must be 0 or 1, not ${v}`);
  return v === 1;
}

/** A CPU set as written in a trace, built for the current NCPUS: CPUs at or beyond it are dropped. */
function parseMask(s: string | undefined, ncpus: number): CpuMask {
  if (s === undefined) throw new TraceSyntaxError("missing MASK");
  if (s === "-") return new CpuMask(ncpus);
  const hex = /^0x([0-9a-fA-F]+)$/.exec(s);
  if (hex) {
    const digits = hex[1] ?? "";
    const mask = new CpuMask(ncpus);
    for (let i = 0; i < digits.length; i++) {
      const nibble = Number.parseInt(digits[digits.length - 1 - i] ?? "0", 16);
      for (let b = 0; b < 4; b++) if (nibble & (1 << b)) mask.set(i * 4 + b);
    }
    return mask;
  }
  const list = bitmapParseList(s, ncpus, true);
  if (!list.ok) throw new TraceSyntaxError(`MASK "${s}": ${list.reason}`);
  return new CpuMask(ncpus, list.map);
}

class TraceSyntaxError extends Error {}

/** Parses one op; throws TraceSyntaxError with a readable reason. */
function parseOp(text: string, ncpus: number | undefined): TraceOp {
  const [name, ...a] = text.split(/\s+/);
  const arity = (min: number, max: number): void => {
    if (a.length < min || a.length > max) {
      const want = min === max ? `${min}` : `${min} to ${max}`;
      throw new TraceSyntaxError(`${name} takes ${want} argument(s), got ${a.length}`);
    }
  };
  const cpu = (s: string | undefined, fallback?: number): number => {
    const c = s === undefined && fallback !== undefined ? fallback : parseUint(s, "CPU");
    if (ncpus !== undefined && c >= ncpus) throw new TraceSyntaxError(`CPU ${c} is beyond NCPUS (${ncpus})`);
    return c;
  };
  const vec = (s: string | undefined): number => parseUint(s, "VEC");
  if (ncpus === undefined && name !== "init") throw new TraceSyntaxError(`${name} before init`);
  const mask = (s: string | undefined): CpuMask => parseMask(s, ncpus ?? 0);
  switch (name) {
    case "init": {
      arity(1, 4);
      if (a.length === 2) throw new TraceSyntaxError("init takes NCPUS [START END [BITS]]");
      const n = parseUint(a[0], "NCPUS");
      if (n < 1 || n > MAX_CPUS) throw new TraceSyntaxError(`NCPUS must be 1..${MAX_CPUS}`);
      const start = a[1] === undefined ? 32 : parseUint(a[1], "START");
      const end = a[2] === undefined ? 235 : parseUint(a[2], "END");
      const bits = a[3] === undefined ? IRQ_MATRIX_BITS : parseUint(a[3], "BITS");
      if (bits > IRQ_MATRIX_BITS) throw new TraceSyntaxError(`BITS ${bits} > ${IRQ_MATRIX_BITS}`);
      if (start > end || end > bits) throw new TraceSyntaxError("need START <= END <= BITS");
      return { op: "init", ncpus: n, start, end, bits };
    }
    case "boot":
      arity(0, 1);
      return { op: "boot", legacy: parseFlag(a[0], "LEGACY", true) };
    case "online":
    case "offline":
    case "can_unplug":
      arity(1, 1);
      return { op: name, cpu: cpu(a[0]) };
    case "assign_system":
      arity(2, 3);
      return { op: name, vec: vec(a[0]), replace: parseFlag(a[1], "REPLACE"), cpu: cpu(a[2], 0) };
    case "reserve_managed":
    case "remove_managed":
    case "alloc_managed":
      arity(1, 1);
      return { op: name, mask: mask(a[0]) };
    case "reserve":
    case "remove_reserved":
    case "reserved":
    case "state":
      arity(0, 0);
      return { op: name };
    case "alloc":
      arity(1, 2);
      return { op: name, mask: mask(a[0]), reserved: parseFlag(a[1], "RESERVED", false) };
    case "free":
      arity(3, 3);
      return { op: name, cpu: cpu(a[0]), vec: vec(a[1]), managed: parseFlag(a[2], "MANAGED") };
    case "assign":
      arity(1, 2);
      return { op: name, vec: vec(a[0]), cpu: cpu(a[1], 0) };
    case "available":
      arity(1, 2);
      return { op: name, cpuDown: parseFlag(a[0], "CPUDOWN"), cpu: cpu(a[1], 0) };
    case "allocated":
      arity(0, 1);
      return { op: name, cpu: cpu(a[0], 0) };
    case "debug":
      arity(0, 1);
      return { op: name, ind: a[0] === undefined ? 1 : parseUint(a[0], "IND") };
    default:
      throw new TraceSyntaxError(`unknown op "${name ?? ""}"`);
  }
}

/**
 * Parses a trace (`> op` / `< result` pairs) or a scenario (bare ops). Comments start with `#`;
 * a `# variant:` header selects the irq_matrix_allocated() semantics.
 */
export function parseMatrixTrace(source: string): ParseResult {
  const steps: TraceStep[] = [];
  let variant: MatrixVariant | undefined;
  let recorded = false;
  let ncpus: number | undefined;
  const lines = source.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? "").replace(/\r$/, "");
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed === "") continue;
    if (trimmed.startsWith("#")) {
      const v = /^#\s*variant:\s*(\S+)/.exec(trimmed);
      if (v) {
        if (v[1] !== "v6.7+" && v[1] !== "pre-v6.7") {
          return { ok: false, line: lineNo, message: `unknown variant "${v[1]}" (v6.7+ or pre-v6.7)` };
        }
        variant = v[1];
      }
      continue;
    }
    if (raw.startsWith("<")) {
      const last = steps[steps.length - 1];
      if (!last) return { ok: false, line: lineNo, message: "result line before any op" };
      last.expected.push(raw.startsWith("< ") ? raw.slice(2) : raw.slice(1));
      recorded = true;
      continue;
    }
    const text = (raw.startsWith(">") ? raw.slice(1) : raw).trim();
    try {
      const op = parseOp(text, ncpus);
      if (op.op === "init") ncpus = op.ncpus;
      steps.push({ op, text, line: lineNo, expected: [] });
    } catch (e) {
      if (e instanceof TraceSyntaxError) return { ok: false, line: lineNo, message: e.message };
      throw e;
    }
  }
  return { ok: true, trace: { steps, variant, recorded } };
}

/** Replays parsed ops on a fresh matrix, as the oracle does. */
export class MatrixTraceRunner {
  matrix: IrqMatrix | undefined;
  private online = new Set<number>();
  private warns = 0;
  private prWarns = 0;

  constructor(readonly variant: MatrixVariant = "v6.7+") {}

  /** Runs one op and returns its result lines (without the `< ` prefix). Throws KernelBug on a BUG_ON. */
  run(op: TraceOp): string[] {
    this.warns = 0;
    this.prWarns = 0;
    if (op.op === "init") {
      this.matrix = new IrqMatrix(op.ncpus, op.bits, op.start, op.end, this.variant, {
        warn: () => this.warns++,
        prWarn: () => this.prWarns++,
      });
      this.online = new Set();
      return [this.head(`ok variant=${this.variant}`)];
    }
    const m = this.matrix;
    if (!m) throw new Error("op before init");
    const allocResult = (r: MatrixAllocResult): string =>
      "err" in r ? `err=${r.err}` : `ok cpu=${r.cpu} vec=${r.vector}`;
    switch (op.op) {
      case "boot":
        lapicAssignSystemVectors(m, { systemVectors: DEFAULT_SYSTEM_VECTORS, legacyPic: op.legacy });
        this.online.add(0);
        for (let cpu = 1; cpu < m.nrCpus; cpu++) {
          m.online(cpu);
          this.online.add(cpu);
        }
        return [this.head("ok")];
      case "online":
        m.online(op.cpu);
        this.online.add(op.cpu);
        return [this.head("ok")];
      case "offline":
        m.offline(op.cpu);
        this.online.delete(op.cpu);
        return [this.head("ok")];
      case "assign_system":
        m.assignSystem(op.vec, op.replace, op.cpu);
        return [this.head("ok")];
      case "reserve_managed":
        return [this.head(m.reserveManaged(op.mask) === 0 ? "ok" : "err=-28")];
      case "remove_managed":
        m.removeManaged(op.mask);
        return [this.head("ok")];
      case "alloc_managed":
        return [this.head(allocResult(m.allocManaged(op.mask)))];
      case "reserve":
        m.reserve();
        return [this.head("ok")];
      case "remove_reserved":
        m.removeReserved();
        return [this.head("ok")];
      case "alloc":
        return [this.head(allocResult(m.alloc(op.mask, op.reserved)))];
      case "free":
        m.free(op.cpu, op.vec, op.managed);
        return [this.head("ok")];
      case "assign":
        m.assign(op.vec, op.cpu);
        return [this.head("ok")];
      case "available":
        return [this.head(`val=${m.available(op.cpuDown, op.cpu)}`)];
      case "allocated":
        return [this.head(`val=${m.allocated(op.cpu)}`)];
      case "reserved":
        return [this.head(`val=${m.reserved()}`)];
      case "can_unplug": {
        const c = lapicCanUnplugCpu(m, op.cpu);
        return [this.head(`${c.ok ? "ok" : "err=-28"} tomove=${c.toMove} avl=${c.available}`)];
      }
      case "state":
        return [this.head("ok"), ...this.state(m)];
      case "debug": {
        const cpus = [...this.online].sort((x, y) => x - y);
        const text = m.debugShow(cpus, op.ind);
        return [this.head("ok"), ...text.slice(0, -1).split("\n")];
      }
    }
  }

  private head(result: string): string {
    const m = this.matrix;
    let s = result;
    if (this.warns) s += ` WARN=${this.warns}`;
    if (this.prWarns) s += ` PRWARN=${this.prWarns}`;
    if (!m) return s;
    return `${s} | ga=${m.globalAvailable} gr=${m.globalReserved} ta=${m.totalAllocated} om=${m.onlineMaps}`;
  }

  private state(m: IrqMatrix): string[] {
    const list = (bits: Uint32Array): string => bitmapPrintList(bits, m.matrixBits) || "-";
    const out = [
      `sys bits=${m.matrixBits} start=${m.allocStart} end=${m.allocEnd} inalloc=${m.systembitsInalloc} n=${bitmapWeight(m.systemMap, m.matrixBits)} map=${list(m.systemMap)}`,
    ];
    m.maps.forEach((cm, cpu) => {
      out.push(
        `cpu ${cpu} on=${+cm.online} init=${+cm.initialized} avl=${cm.available} alloc=${cm.allocated} man=${cm.managed} mac=${cm.managedAllocated} amap=${list(cm.allocMap)} mmap=${list(cm.managedMap)}`,
      );
    });
    return out;
  }
}

export interface ReplayDifference {
  readonly line: number;
  readonly op: string;
  readonly expected: readonly string[];
  readonly actual: readonly string[];
}

export type ReplayOutcome =
  | {
      readonly kind: "done";
      readonly output: string[];
      readonly difference?: ReplayDifference;
      readonly compared: number;
    }
  | { readonly kind: "bug"; readonly output: string[]; readonly condition: string; readonly line: number };

/**
 * Replays a parsed trace. With `check`, compares each op's lines with the recorded ones and stops at
 * the first difference.
 */
export function replayMatrixTrace(trace: ParsedTrace, variant: MatrixVariant, check: boolean): ReplayOutcome {
  const runner = new MatrixTraceRunner(variant);
  const output: string[] = [];
  let compared = 0;
  for (const step of trace.steps) {
    output.push(`> ${step.text}`);
    let lines: string[];
    try {
      lines = runner.run(step.op);
    } catch (e) {
      if (e instanceof KernelBug) {
        output.push(`< BUG ${e.condition} line ${step.line}`);
        return { kind: "bug", output, condition: e.condition, line: step.line };
      }
      throw e;
    }
    for (const l of lines) output.push(`< ${l}`);
    if (check) {
      compared++;
      const same = lines.length === step.expected.length && lines.every((l, i) => l === step.expected[i]);
      if (!same) {
        return {
          kind: "done",
          output,
          compared,
          difference: { line: step.line, op: step.text, expected: step.expected, actual: lines },
        };
      }
    }
  }
  return { kind: "done", output, compared };
}
