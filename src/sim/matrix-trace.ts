/**
 * The irq_matrix trace language (shared/spec/matrix-trace-format.md): parse a trace or scenario,
 * replay it through the model's allocator and print the oracle's result lines byte for byte.
 * The whole file is parsed and checked before anything runs.
 */

import { DEFAULT_SYSTEM_VECTORS, lapicAssignSystemVectors, lapicCanUnplugCpu } from "../kernel/arch/x86/vector";
import { bitmapPrintList, bitmapWeight } from "../kernel/bitmap";
import { IrqMatrix, KernelBug, type MatrixAllocResult, type MatrixVariant } from "../kernel/irq/matrix";
import { scanMatrixTrace, type TraceOp } from "./matrix-trace-parse";

export { type ScanResult, scanMatrixTrace, type TraceOp, type TraceVisitor } from "./matrix-trace-parse";

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

/**
 * Parses a trace (`> op` / `< result` pairs) or a scenario (bare ops) into steps. Comments start
 * with `#`; a `# variant:` header selects the irq_matrix_allocated() semantics.
 */
export function parseMatrixTrace(source: string): ParseResult {
  const steps: TraceStep[] = [];
  const scanned = scanMatrixTrace(source, {
    op: (op, line, from, to) => steps.push({ op, text: source.slice(from, to), line, expected: [] }) > 0,
    result: (text) => steps[steps.length - 1]?.expected.push(text),
  });
  if (!scanned.ok) return scanned;
  return { ok: true, trace: { steps, variant: scanned.variant, recorded: scanned.recorded } };
}

const allocResult = (r: MatrixAllocResult): string => ("err" in r ? `err=${r.err}` : `ok cpu=${r.cpu} vec=${r.vector}`);

/** Replays parsed ops on a fresh matrix, as the oracle does. */
export class MatrixTraceRunner {
  matrix: IrqMatrix | undefined;
  private online = new Set<number>();
  private warns = 0;
  private prWarns = 0;

  constructor(readonly variant: MatrixVariant = "v6.7+") {}

  /** Runs one op and returns its result lines (without the `< ` prefix). Throws KernelBug on a BUG_ON. */
  run(op: TraceOp): string[] {
    const more: string[] = [];
    const first = this.step(op, more);
    return [first, ...more];
  }

  /**
   * Runs one op and returns its first result line; `state` and `debug` push their further lines to
   * `more`. The replay's loop: no array per op. Throws KernelBug on a BUG_ON.
   */
  step(op: TraceOp, more: string[]): string {
    this.warns = 0;
    this.prWarns = 0;
    if (op.op === "init") {
      this.matrix = new IrqMatrix(op.ncpus, op.bits, op.start, op.end, this.variant, {
        warn: () => this.warns++,
        prWarn: () => this.prWarns++,
      });
      this.online = new Set();
      return this.head(`ok variant=${this.variant}`);
    }
    const m = this.matrix;
    if (!m) throw new Error("op before init");
    switch (op.op) {
      case "boot":
        lapicAssignSystemVectors(m, { systemVectors: DEFAULT_SYSTEM_VECTORS, legacyPic: op.legacy });
        this.online.add(0);
        for (let cpu = 1; cpu < m.nrCpus; cpu++) {
          m.online(cpu);
          this.online.add(cpu);
        }
        return this.head("ok");
      case "online":
        m.online(op.cpu);
        this.online.add(op.cpu);
        return this.head("ok");
      case "offline":
        m.offline(op.cpu);
        this.online.delete(op.cpu);
        return this.head("ok");
      case "assign_system":
        m.assignSystem(op.vec, op.replace, op.cpu);
        return this.head("ok");
      case "reserve_managed":
        return this.head(m.reserveManaged(op.mask) === 0 ? "ok" : "err=-28");
      case "remove_managed":
        m.removeManaged(op.mask);
        return this.head("ok");
      case "alloc_managed":
        return this.head(allocResult(m.allocManaged(op.mask)));
      case "reserve":
        m.reserve();
        return this.head("ok");
      case "remove_reserved":
        m.removeReserved();
        return this.head("ok");
      case "alloc":
        return this.head(allocResult(m.alloc(op.mask, op.reserved)));
      case "free":
        m.free(op.cpu, op.vec, op.managed);
        return this.head("ok");
      case "assign":
        m.assign(op.vec, op.cpu);
        return this.head("ok");
      case "available":
        return this.head(`val=${m.available(op.cpuDown, op.cpu)}`);
      case "allocated":
        return this.head(`val=${m.allocated(op.cpu)}`);
      case "reserved":
        return this.head(`val=${m.reserved()}`);
      case "can_unplug": {
        const c = lapicCanUnplugCpu(m, op.cpu);
        return this.head(`${c.ok ? "ok" : "err=-28"} tomove=${c.toMove} avl=${c.available}`);
      }
      case "state":
        more.push(...this.state(m));
        return this.head("ok");
      case "debug": {
        const cpus = [...this.online].sort((x, y) => x - y);
        const text = m.debugShow(cpus, op.ind);
        more.push(...text.slice(0, -1).split("\n"));
        return this.head("ok");
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
