/**
 * The irq_matrix trace language (shared/spec/matrix-trace-format.md): one scan over the text by
 * character codes, one visitor call per op. No line array, no token array, no regular expression
 * per line: a 60,000-op trace is read without leaving garbage that lives past its line, so the
 * replay that follows the scan is not slowed by a heap full of parsed steps.
 */

import { CpuMask } from "../kernel/cpumask";
import { IRQ_MATRIX_BITS, type MatrixVariant } from "../kernel/irq/matrix";
import { parseMask, readSimpleList } from "./matrix-trace-mask";

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

export interface TraceVisitor {
  /**
   * One op, its 1-based line, and where its text (`>` and blanks stripped) lies in the source:
   * `source.slice(from, to)`. Returning false ends the scan.
   */
  op(op: TraceOp, line: number, from: number, to: number): boolean;
  /** A recorded result line, `< ` stripped; it belongs to the op visited last. */
  result?(text: string): void;
}

export type ScanResult =
  | { ok: true; variant: MatrixVariant | undefined; recorded: boolean }
  | { ok: false; line: number; message: string };

type OpName = TraceOp["op"];
/** Every op, the most frequent first (a Record: the compiler sees that none is missing). */
const OP_NAMES = Object.keys({
  alloc: 0,
  free: 0,
  available: 0,
  allocated: 0,
  reserve: 0,
  alloc_managed: 0,
  can_unplug: 0,
  reserve_managed: 0,
  reserved: 0,
  offline: 0,
  online: 0,
  remove_managed: 0,
  remove_reserved: 0,
  debug: 0,
  init: 0,
  boot: 0,
  assign_system: 0,
  assign: 0,
  state: 0,
} satisfies Record<OpName, 0>) as OpName[];

const MAX_CPUS = 8192;
/** A comment line (trimmed) that names the variant. */
const VARIANT_HEADER = /^#\s*variant:\s*(\S+)/;
/** Token bounds of the current line: [start, end) pairs; an op has at most 5 tokens worth keeping. */
const MAX_TOKENS = 8;

class TraceSyntaxError extends Error {}

/** ECMAScript's WhiteSpace and LineTerminator: what `trim()` and `\s` match. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** One trace's scan: the source, the current line's tokens, and the masks parsed so far. */
class Scanner {
  private readonly tok = new Int32Array(2 * MAX_TOKENS);
  /** Tokens on the current line (may exceed MAX_TOKENS: only the count is kept beyond it). */
  private ntok = 0;
  private ncpus: number | undefined;
  /** `all` for the current NCPUS, shared: a third of a generated trace's masks, and never written to. */
  private all: CpuMask | undefined;
  /** With `transient`, the one mask every list is read into: the visitor uses an op and lets it go. */
  private scratch: CpuMask | undefined;

  constructor(
    private readonly src: string,
    private readonly transient: boolean,
  ) {}

  scan(visitor: TraceVisitor): ScanResult {
    const src = this.src;
    let variant: MatrixVariant | undefined;
    let recorded = false;
    let seenOp = false;
    let lineNo = 0;
    for (let start = 0; start <= src.length; ) {
      lineNo++;
      let nl = src.indexOf("\n", start);
      if (nl < 0) nl = src.length;
      let end = nl;
      if (end > start && src.charCodeAt(end - 1) === 13) end--;
      const next = nl + 1;
      let ts = start;
      let te = end;
      while (ts < te && isSpace(src.charCodeAt(ts))) ts++;
      while (te > ts && isSpace(src.charCodeAt(te - 1))) te--;
      if (ts === te) {
        start = next;
        continue;
      }
      const first = src.charCodeAt(ts);
      if (first === 35 /* # */) {
        const v = VARIANT_HEADER.exec(src.slice(ts, te));
        if (v) {
          if (v[1] !== "v6.7+" && v[1] !== "pre-v6.7") {
            return { ok: false, line: lineNo, message: `unknown variant "${v[1]}" (v6.7+ or pre-v6.7)` };
          }
          variant = v[1];
        }
      } else if (src.charCodeAt(start) === 60 /* < */) {
        if (!seenOp) return { ok: false, line: lineNo, message: "result line before any op" };
        recorded = true;
        visitor.result?.(src.slice(start + (src.charCodeAt(start + 1) === 32 && start + 1 < end ? 2 : 1), end));
      } else {
        // The op as written: one leading `>` of the raw line dropped, then blanks.
        if (src.charCodeAt(start) === 62 /* > */) {
          ts = start + 1;
          while (ts < te && isSpace(src.charCodeAt(ts))) ts++;
        }
        let op: TraceOp;
        try {
          op = this.parseOp(ts, te);
        } catch (e) {
          if (e instanceof TraceSyntaxError) return { ok: false, line: lineNo, message: e.message };
          throw e;
        }
        if (op.op === "init") {
          this.ncpus = op.ncpus;
          this.all = undefined;
          this.scratch = undefined;
        }
        seenOp = true;
        if (!visitor.op(op, lineNo, ts, te)) break;
      }
      start = next;
    }
    return { ok: true, variant, recorded };
  }

  private tokenize(ts: number, te: number): void {
    const src = this.src;
    let n = 0;
    let i = ts;
    while (i < te) {
      while (i < te && isSpace(src.charCodeAt(i))) i++;
      if (i >= te) break;
      const s = i;
      // Printable ASCII is never a blank: the test of every character of the trace, kept short.
      for (let c = src.charCodeAt(i); i < te && ((c > 32 && c < 160) || !isSpace(c)); c = src.charCodeAt(++i));
      if (n < MAX_TOKENS) {
        this.tok[2 * n] = s;
        this.tok[2 * n + 1] = i;
      }
      n++;
    }
    this.ntok = n;
  }

  /**
   * The op's name as one of OP_NAMES' own strings, undefined for any other word. Read in place: no
   * string is made per line, and the switches on it (here and in the replay) compare constants.
   */
  private opName(): OpName | undefined {
    if (this.ntok === 0) return undefined;
    const src = this.src;
    const s = this.tok[0] ?? 0;
    const len = (this.tok[1] ?? 0) - s;
    for (let k = 0; k < OP_NAMES.length; k++) {
      const name = OP_NAMES[k] ?? "";
      if (name.length !== len) continue;
      let i = 0;
      while (i < len && name.charCodeAt(i) === src.charCodeAt(s + i)) i++;
      if (i === len) return name as OpName;
    }
    return undefined;
  }

  /** The first word of the line, for messages. */
  private word(): string {
    return this.ntok === 0 ? "" : this.src.slice(this.tok[0], this.tok[1]);
  }

  /** Argument `i` (0-based, after the op's name) as text, or undefined when absent. */
  private arg(i: number): string | undefined {
    const t = i + 1;
    return t < this.ntok ? this.src.slice(this.tok[2 * t], this.tok[2 * t + 1]) : undefined;
  }

  private has(i: number): boolean {
    return i + 1 < this.ntok;
  }

  /** A decimal argument; digits only, as `/^\d+$/`. */
  private uint(i: number, what: string): number {
    if (!this.has(i)) throw new TraceSyntaxError(`missing ${what}`);
    const s = this.tok[2 * (i + 1)] ?? 0;
    const e = this.tok[2 * (i + 1) + 1] ?? 0;
    let v = 0;
    for (let k = s; k < e; k++) {
      const d = this.src.charCodeAt(k) - 48;
      if (d < 0 || d > 9) throw new TraceSyntaxError(`${what} "${this.arg(i)}" is not a non-negative integer`);
      v = v * 10 + d;
    }
    // Past 15 digits the sum may round differently from Number(): let Number() say.
    return e - s > 15 ? Number(this.arg(i)) : v;
  }

  private flag(i: number, what: string, fallback?: boolean): boolean {
    if (!this.has(i) && fallback !== undefined) return fallback;
    const v = this.uint(i, what);
    if (v > 1) throw new TraceSyntaxError(`${what} must be 0 or 1, not ${v}`);
    return v === 1;
  }

  private cpu(i: number, fallback?: number): number {
    const c = !this.has(i) && fallback !== undefined ? fallback : this.uint(i, "CPU");
    if (this.ncpus !== undefined && c >= this.ncpus) {
      throw new TraceSyntaxError(`CPU ${c} is beyond NCPUS (${this.ncpus})`);
    }
    return c;
  }

  /** A CPU set as written, for the current NCPUS: CPUs at or beyond it are dropped (`for_each_cpu`). */
  private mask(i: number): CpuMask {
    if (!this.has(i)) throw new TraceSyntaxError("missing MASK");
    const ncpus = this.ncpus ?? 0;
    const s = this.tok[2 * (i + 1)] ?? 0;
    const e = this.tok[2 * (i + 1) + 1] ?? 0;
    if (e - s === 3 && this.src.startsWith("all", s)) {
      this.all ??= CpuMask.all(ncpus);
      return this.all;
    }
    let into: CpuMask;
    if (this.transient) {
      this.scratch ??= new CpuMask(ncpus);
      into = this.scratch;
      into.bits.fill(0);
    } else into = new CpuMask(ncpus);
    const mask = readSimpleList(this.src, s, e, into) ?? parseMask(this.arg(i) ?? "", ncpus);
    if (typeof mask === "string") throw new TraceSyntaxError(mask);
    return mask;
  }

  private arity(name: string, min: number, max: number): void {
    const n = this.ntok - 1;
    if (n < min || n > max) {
      const want = min === max ? `${min}` : `${min} to ${max}`;
      throw new TraceSyntaxError(`${name} takes ${want} argument(s), got ${n}`);
    }
  }

  /** Parses the op in [ts, te); throws TraceSyntaxError with a readable reason. */
  private parseOp(ts: number, te: number): TraceOp {
    this.tokenize(ts, te);
    const name = this.opName();
    if (this.ncpus === undefined && name !== "init") throw new TraceSyntaxError(`${this.word()} before init`);
    // The most frequent ops first: each case is one comparison.
    switch (name) {
      case "alloc":
        this.arity(name, 1, 2);
        return { op: name, mask: this.mask(0), reserved: this.flag(1, "RESERVED", false) };
      case "free":
        this.arity(name, 3, 3);
        return { op: name, cpu: this.cpu(0), vec: this.uint(1, "VEC"), managed: this.flag(2, "MANAGED") };
      case "available":
        this.arity(name, 1, 2);
        return { op: name, cpuDown: this.flag(0, "CPUDOWN"), cpu: this.cpu(1, 0) };
      case "allocated":
        this.arity(name, 0, 1);
        return { op: name, cpu: this.cpu(0, 0) };
      case "reserve":
      case "remove_reserved":
      case "reserved":
      case "state":
        this.arity(name, 0, 0);
        return { op: name };
      case "reserve_managed":
      case "remove_managed":
      case "alloc_managed":
        this.arity(name, 1, 1);
        return { op: name, mask: this.mask(0) };
      case "online":
      case "offline":
      case "can_unplug":
        this.arity(name, 1, 1);
        return { op: name, cpu: this.cpu(0) };
      case "debug":
        this.arity(name, 0, 1);
        return { op: name, ind: this.has(0) ? this.uint(0, "IND") : 1 };
      case "init": {
        this.arity(name, 1, 4);
        if (this.ntok === 3) throw new TraceSyntaxError("init takes NCPUS [START END [BITS]]");
        const n = this.uint(0, "NCPUS");
        if (n < 1 || n > MAX_CPUS) throw new TraceSyntaxError(`NCPUS must be 1..${MAX_CPUS}`);
        const start = this.has(1) ? this.uint(1, "START") : 32;
        const end = this.has(2) ? this.uint(2, "END") : 235;
        const bits = this.has(3) ? this.uint(3, "BITS") : IRQ_MATRIX_BITS;
        if (bits > IRQ_MATRIX_BITS) throw new TraceSyntaxError(`BITS ${bits} > ${IRQ_MATRIX_BITS}`);
        if (start > end || end > bits) throw new TraceSyntaxError("need START <= END <= BITS");
        return { op: "init", ncpus: n, start, end, bits };
      }
      case "boot":
        this.arity(name, 0, 1);
        return { op: "boot", legacy: this.flag(0, "LEGACY", true) };
      case "assign_system":
        this.arity(name, 2, 3);
        return { op: name, vec: this.uint(0, "VEC"), replace: this.flag(1, "REPLACE"), cpu: this.cpu(2, 0) };
      case "assign":
        this.arity(name, 1, 2);
        return { op: name, vec: this.uint(0, "VEC"), cpu: this.cpu(1, 0) };
      default:
        throw new TraceSyntaxError(`unknown op "${this.word()}"`);
    }
  }
}

/**
 * Scans a trace (`> op` / `< result` pairs) or a scenario (bare ops), calling the visitor in file
 * order. Comments start with `#`; a `# variant:` header selects the irq_matrix_allocated() semantics.
 * A malformed line ends the scan with its number, after the visitor saw the ops before it.
 * With `transient`, an op's mask may be reused for the next op: for visitors that keep no op.
 */
export function scanMatrixTrace(source: string, visitor: TraceVisitor, transient = false): ScanResult {
  return new Scanner(source, transient).scan(visitor);
}

/**
 * The variant the last `# variant:` header names, as written (the scan checks it), or undefined:
 * what a replay needs before its first op when it runs while scanning. Reads comment lines only.
 */
export function headerVariant(source: string): string | undefined {
  if (!source.includes("variant:")) return undefined;
  let found: string | undefined;
  for (let start = 0; start < source.length; ) {
    let end = source.indexOf("\n", start);
    if (end < 0) end = source.length;
    let ts = start;
    while (ts < end && isSpace(source.charCodeAt(ts))) ts++;
    if (source.charCodeAt(ts) === 35 /* # */) {
      const v = VARIANT_HEADER.exec(source.slice(ts, end).trim());
      if (v) found = v[1];
    }
    start = end + 1;
  }
  return found;
}
