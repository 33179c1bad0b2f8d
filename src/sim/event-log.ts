/** The event log both simulators keep: tracepoint lines, kernel messages and step outcomes, in order. */
import type { ErrnoName } from "../kernel/errno";
import { TRACE_FIELDS_MAX, type TracePrinter } from "../kernel/tracepoint";
import { resized } from "../kernel/typed-grow";

/** What an event concerns, for filtering: each field only when there is one. */
export interface EventAbout {
  /** The CPU it concerns (a tracepoint's cpu=, an IRTE's destination, a hotplug step's CPU). */
  readonly cpu?: number;
  /** The CPU an irq moved from (a tracepoint's prev_cpu=). */
  readonly prevCpu?: number;
  readonly irq?: number;
  readonly device?: string;
  /** A step's op (results only). */
  readonly op?: string;
  /** The errno of a step the kernel or the format refused (results only). */
  readonly errno?: ErrnoName;
}

/** One line of the event log: a tracepoint as ftrace prints it, a kernel message, a device write, or a step's outcome. */
export interface SimEvent extends EventAbout {
  readonly seq: number;
  /** Index of the command that caused it; -1 for boot. */
  readonly step: number;
  /** `virt`: a guest's VMM side (traps, hypercalls, KVM routes, host IRTEs, silent failures). */
  readonly kind: "trace" | "warn" | "debug" | "write" | "result" | "virt";
  readonly text: string;
}

/** Events held: older ones are dropped (the Event log tab says how many were ever logged). */
export const EVENTS_HELD = 40000;

/** An event's text, or how to print it: most lines of a big boot are dropped before anyone reads them. */
export type EventText = string | (() => string);

/**
 * The log is a ring of the last EVENTS_HELD events, kept as parallel arrays and printed only when read:
 * a 64K-irq boot logs half a million lines, and building each as an object and a string (and collecting
 * them again) was most of its load time.
 */
/** The ring's first size: it doubles as events come, up to EVENTS_HELD (a short session never pays for a big one). */
const FIRST_SIZE = 1024;

export class EventLog {
  private seq = 0;
  private steps = new Int32Array(FIRST_SIZE);
  private readonly kinds: SimEvent["kind"][] = [];
  private readonly texts: EventText[] = [];
  /**
   * What each event concerns, without keeping the caller's object: its irq and CPUs as numbers (NONE:
   * none), its device name, and the rare result fields (op, errno). A held object per event was copied
   * by every young-generation collection of a big boot. `fromText`: a tracepoint line, whose irq and
   * CPUs are read from its text when it is printed.
   */
  private irqs = new Int32Array(FIRST_SIZE);
  private cpus = new Int32Array(FIRST_SIZE);
  private prevCpus = new Int32Array(FIRST_SIZE);
  private readonly devices: (string | undefined)[] = [];
  private readonly results: (Pick<EventAbout, "op" | "errno"> | undefined)[] = [];
  private fromText = new Uint8Array(FIRST_SIZE);
  /**
   * An event logged as a printer and its numbers (a tracepoint, an IRTE write): the printer, and
   * TRACE_FIELDS_MAX numbers per event. Most of a big boot's events are dropped from the ring before
   * anyone reads them; a line or closure held per event was copied by every young-generation collection.
   */
  private readonly printers: (TracePrinter | undefined)[] = [];
  private fields = new Float64Array(FIRST_SIZE * TRACE_FIELDS_MAX);
  /** The events as objects, up to `printedTo` (exclusive), for the readers. */
  private printed: SimEvent[] = [];
  private printedTo = 0;
  /** The step the next events belong to. */
  step = -1;

  push(kind: SimEvent["kind"], text: EventText, about: EventAbout = NOTHING): void {
    const at = this.put(kind, text);
    this.irqs[at] = about.irq ?? NONE;
    this.cpus[at] = about.cpu ?? NONE;
    this.prevCpus[at] = about.prevCpu ?? NONE;
    this.devices[at] = about.device;
    this.results[at] =
      about.op !== undefined || about.errno !== undefined ? { op: about.op, errno: about.errno } : undefined;
    this.fromText[at] = 0;
  }

  /** A tracepoint line: its irq= and cpu= fields are read when the line is. */
  pushTrace(line: string): void {
    const at = this.put("trace", line);
    this.devices[at] = undefined;
    this.results[at] = undefined;
    this.fromText[at] = 1;
  }

  /** A tracepoint as its printer and fields, printed (and its irq= and cpu= read) only when read. */
  pushTracepoint(print: TracePrinter, a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0, i = 0, j = 0): void {
    const at = this.putFields("trace", print, a, b, c, d, e, f, g, h, i, j);
    this.devices[at] = undefined;
    this.results[at] = undefined;
    this.fromText[at] = 1;
  }

  /** An event printed when read from its printer and fields (up to five), concerning `irq` and `cpu` when given. */
  pushPrinted(
    kind: SimEvent["kind"],
    irq: number | undefined,
    cpu: number | undefined,
    print: TracePrinter,
    a = 0,
    b = 0,
    c = 0,
    d = 0,
    e = 0,
  ): void {
    const at = this.putFields(kind, print, a, b, c, d, e, 0, 0, 0, 0, 0);
    this.irqs[at] = irq ?? NONE;
    this.cpus[at] = cpu ?? NONE;
    this.prevCpus[at] = NONE;
    this.devices[at] = undefined;
    this.results[at] = undefined;
    this.fromText[at] = 0;
  }

  private put(kind: SimEvent["kind"], text: EventText): number {
    const at = this.seq % EVENTS_HELD;
    if (at >= this.steps.length) this.grow();
    this.steps[at] = this.step;
    this.kinds[at] = kind;
    this.texts[at] = text;
    this.printers[at] = undefined;
    this.seq++;
    return at;
  }

  private putFields(
    kind: SimEvent["kind"],
    print: TracePrinter,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    f: number,
    g: number,
    h: number,
    i: number,
    j: number,
  ): number {
    const at = this.put(kind, "");
    this.printers[at] = print;
    const o = at * TRACE_FIELDS_MAX;
    const w = this.fields;
    w[o] = a;
    w[o + 1] = b;
    w[o + 2] = c;
    w[o + 3] = d;
    w[o + 4] = e;
    w[o + 5] = f;
    w[o + 6] = g;
    w[o + 7] = h;
    w[o + 8] = i;
    w[o + 9] = j;
    return at;
  }

  /**
   * Grows the typed columns fourfold (the others are arrays that grow as written): a replay boots a
   * fresh log per step back, and 40,000-row columns made up a fifth of a 1,000-step replay; a big boot
   * copied them six times when they doubled.
   */
  private grow(): void {
    const size = Math.min(EVENTS_HELD, this.steps.length * 4);
    this.steps = resized(this.steps, size);
    this.irqs = resized(this.irqs, size);
    this.cpus = resized(this.cpus, size);
    this.prevCpus = resized(this.prevCpus, size);
    this.fromText = resized(this.fromText, size);
    this.fields = resized(this.fields, size * TRACE_FIELDS_MAX);
  }

  /** Events with seq >= `since`. */
  since(since = 0): SimEvent[] {
    const held = this.held();
    const first = held.findIndex((e) => e.seq >= since);
    return first < 0 ? [] : held.slice(first);
  }

  /** Every event still held, oldest first (not a copy: for queries that only read). */
  held(): readonly SimEvent[] {
    const oldest = Math.max(0, this.seq - EVENTS_HELD);
    if (this.printedTo < oldest) {
      this.printed = [];
      this.printedTo = oldest;
    }
    for (let seq = this.printedTo; seq < this.seq; seq++) this.printed.push(this.print(seq));
    this.printedTo = this.seq;
    const drop = this.printed.length - EVENTS_HELD;
    if (drop > 0) this.printed.splice(0, drop);
    return this.printed;
  }

  private print(seq: number): SimEvent {
    const at = seq % EVENTS_HELD;
    const t = this.texts[at] ?? "";
    const printer = this.printers[at];
    const text = printer ? this.printFields(printer, at) : typeof t === "string" ? t : t();
    const e: { -readonly [K in keyof SimEvent]: SimEvent[K] } = {
      seq,
      step: this.steps[at] ?? -1,
      kind: this.kinds[at] ?? "debug",
      text,
    };
    // Only the fields that are set: the filters test for their presence.
    if (this.fromText[at] === 1) {
      const about = traceAbout(text);
      if (about.cpu !== undefined) e.cpu = about.cpu;
      if (about.prevCpu !== undefined) e.prevCpu = about.prevCpu;
      if (about.irq !== undefined) e.irq = about.irq;
      return e;
    }
    const cpu = this.cpus[at] ?? NONE;
    const prevCpu = this.prevCpus[at] ?? NONE;
    const irq = this.irqs[at] ?? NONE;
    const device = this.devices[at];
    const result = this.results[at];
    if (cpu !== NONE) e.cpu = cpu;
    if (prevCpu !== NONE) e.prevCpu = prevCpu;
    if (irq !== NONE) e.irq = irq;
    if (device !== undefined) e.device = device;
    if (result?.op !== undefined) e.op = result.op;
    if (result?.errno !== undefined) e.errno = result.errno;
    return e;
  }

  private printFields(print: TracePrinter, at: number): string {
    const o = at * TRACE_FIELDS_MAX;
    const w = this.fields;
    const f = (k: number) => w[o + k] ?? 0;
    return print(f(0), f(1), f(2), f(3), f(4), f(5), f(6), f(7), f(8), f(9));
  }

  /** How many events were ever logged (the oldest may have been dropped). */
  get logged(): number {
    return this.seq;
  }
}

const NOTHING: EventAbout = {};
/** No irq or CPU in the number columns (a CPU or irq the caller gave is kept, even a negative one). */
const NONE = -0x80000000;

/** A tracepoint line's irq and CPUs. */
function traceAbout(line: string): EventAbout {
  const irq = irqOfTraceLine(line);
  const cpus = cpusOfTraceLine(line);
  return irq === undefined ? cpus : { irq, ...cpus };
}

/** The irq a tracepoint line names (`irq=N`). */
export function irqOfTraceLine(line: string): number | undefined {
  const m = /\birq=(\d+)/.exec(line);
  return m ? Number(m[1]) : undefined;
}

/**
 * The CPUs a tracepoint line names: `cpu=N`, and `prev_cpu=N` when there is a previous vector.
 * Found with indexOf, not regular expressions: a big boot logs tens of thousands of these lines.
 */
export function cpusOfTraceLine(line: string): { cpu?: number; prevCpu?: number } {
  const at = line.indexOf(" cpu=");
  if (at < 0) return {};
  const cpu = Number.parseInt(line.slice(at + 5), 10);
  const prevVector = line.indexOf(" prev_vector=", at);
  if (prevVector < 0 || line.startsWith("0 ", prevVector + 13)) return { cpu };
  const prevCpu = line.indexOf(" prev_cpu=", prevVector);
  return prevCpu < 0 ? { cpu } : { cpu, prevCpu: Number.parseInt(line.slice(prevCpu + 10), 10) };
}
