/** The event log both simulators keep: tracepoint lines, kernel messages and step outcomes, in order. */

/** One line of the event log: a tracepoint as ftrace prints it, a kernel message, a device write, or a step's outcome. */
export interface SimEvent {
  readonly seq: number;
  /** Index of the command that caused it; -1 for boot. */
  readonly step: number;
  readonly kind: "trace" | "warn" | "debug" | "write" | "result";
  readonly text: string;
  /** The CPU it concerns, when there is one (for filtering). */
  readonly cpu?: number;
  /** The irq it concerns, when there is one (for filtering). */
  readonly irq?: number;
  /** The device it concerns, when there is one (for filtering). */
  readonly device?: string;
}

const MAX_LOG = 20000;

export class EventLog {
  private seq = 0;
  private events: SimEvent[] = [];
  /** The step the next events belong to. */
  step = -1;

  push(kind: SimEvent["kind"], text: string, about: { cpu?: number; irq?: number; device?: string } = {}): void {
    const e: { -readonly [K in keyof SimEvent]: SimEvent[K] } = { seq: this.seq++, step: this.step, kind, text };
    if (about.cpu !== undefined) e.cpu = about.cpu;
    if (about.irq !== undefined) e.irq = about.irq;
    if (about.device !== undefined) e.device = about.device;
    this.events.push(e);
    // Trimmed in batches: dropping one line per push would move the whole log every time.
    if (this.events.length > 2 * MAX_LOG) this.events.splice(0, this.events.length - MAX_LOG);
  }

  /** Events with seq >= `since`. */
  since(since = 0): SimEvent[] {
    const first = this.events.findIndex((e) => e.seq >= since);
    return first < 0 ? [] : this.events.slice(first);
  }
}

/** The irq a tracepoint line names (`irq=N`). */
export function irqOfTraceLine(line: string): number | undefined {
  const m = /\birq=(\d+)/.exec(line);
  return m ? Number(m[1]) : undefined;
}
