/** The event log both simulators keep: tracepoint lines, kernel messages and step outcomes, in order. */
import type { ErrnoName } from "../kernel/errno";

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
  readonly kind: "trace" | "warn" | "debug" | "write" | "result";
  readonly text: string;
}

const MAX_LOG = 20000;

export class EventLog {
  private seq = 0;
  private events: SimEvent[] = [];
  /** The step the next events belong to. */
  step = -1;

  push(kind: SimEvent["kind"], text: string, about: EventAbout = {}): void {
    const e: { -readonly [K in keyof SimEvent]: SimEvent[K] } = { seq: this.seq++, step: this.step, kind, text };
    // Only the fields that are set: the UI receives these objects after every command. (Plain
    // assignments: this runs for every tracepoint of a 60k-irq boot.)
    if (about.cpu !== undefined) e.cpu = about.cpu;
    if (about.prevCpu !== undefined) e.prevCpu = about.prevCpu;
    if (about.irq !== undefined) e.irq = about.irq;
    if (about.device !== undefined) e.device = about.device;
    if (about.op !== undefined) e.op = about.op;
    if (about.errno !== undefined) e.errno = about.errno;
    this.events.push(e);
    // Trimmed in batches: dropping one line per push would move the whole log every time.
    if (this.events.length > 2 * MAX_LOG) this.events.splice(0, this.events.length - MAX_LOG);
  }

  /** Events with seq >= `since`. */
  since(since = 0): SimEvent[] {
    const first = this.events.findIndex((e) => e.seq >= since);
    return first < 0 ? [] : this.events.slice(first);
  }

  /** Every event still held, oldest first (not a copy: for queries that only read). */
  held(): readonly SimEvent[] {
    return this.events;
  }

  /** How many events were ever logged (the oldest may have been trimmed). */
  get logged(): number {
    return this.seq;
  }
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
