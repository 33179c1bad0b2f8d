/**
 * The event log as the Event log tab reads it: filtered in the worker (the log holds up to 40,000
 * events on a big machine) and cut into fixed-height lines, so the tab draws only the lines in view.
 * A refused step gets lines of its own under it: the errno's meaning and the rule behind it.
 */

import type { SimEvent } from "./event-log";
import { explainRefusal } from "./refusal-explained";

/** What kind of line an event is, for the kind filter. */
export const LOG_CATEGORIES = ["vector", "matrix", "irte", "store", "step", "error", "kernel", "virt"] as const;
export type LogCategory = (typeof LOG_CATEGORIES)[number];

export interface LogFilter {
  /** The kinds to show; undefined: all. */
  readonly categories?: readonly LogCategory[];
  readonly irq?: number;
  readonly cpu?: number;
  /** The device's own lines (its store writes, its steps) and the lines of the irqs it has now. */
  readonly device?: string;
  /** Case-insensitive text the line contains (a tracepoint name, "vector=0x21" …). */
  readonly text?: string;
  readonly errorsOnly?: boolean;
}

export interface LogQuery {
  readonly filter: LogFilter;
  /** The first line wanted, or "tail": the last `count` lines. */
  readonly from: number | "tail";
  readonly count: number;
}

export interface LogLine {
  readonly seq: number;
  /** 0: the event's own line; 1…: its continuation lines (an explanation, a failed expectation). */
  readonly part: number;
  readonly category: LogCategory;
  /** For a refused step's lines: the errno ("EINVAL"). */
  readonly errno?: string;
  readonly text: string;
}

export interface LogPage {
  /** Events held, and how many older ones were dropped to keep the log bounded. */
  readonly held: number;
  readonly dropped: number;
  /** Events that pass the filter. */
  readonly matched: number;
  /** Events of each kind that pass the other filters (what ticking that kind would add). */
  readonly counts: Readonly<Record<LogCategory, number>>;
  /** Lines of the matched events, and the window asked for. */
  readonly lines: number;
  readonly from: number;
  readonly window: readonly LogLine[];
}

/** At most this many lines per answer: a screenful and a margin, never the whole log. */
export const LOG_PAGE_LIMIT = 1000;
/** Explanations are wrapped like a terminal would, so every line of the tab has one height. */
const WRAP = 110;
const INDENT = "    ";

export function eventCategory(e: SimEvent): LogCategory {
  switch (e.kind) {
    case "result":
      return e.errno === undefined ? "step" : "error";
    case "write":
      return e.text.startsWith("irte_write") ? "irte" : "store";
    case "trace":
      return e.text.startsWith("irq_matrix_") ? "matrix" : "vector";
    case "virt":
      return e.text.startsWith("SILENT") || e.text.startsWith("LOST") ? "error" : "virt";
    default:
      return "kernel";
  }
}

/** Words wrapped at `width` columns, each line indented. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      out.push(INDENT + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(INDENT + line);
  return out;
}

/** The lines one event takes: its text (split at newlines), then for a refused step the explanation. */
function linesOf(e: SimEvent, category: LogCategory): LogLine[] {
  const errno = e.errno === undefined ? {} : { errno: e.errno };
  const texts = e.text.split("\n");
  if (e.errno !== undefined) {
    const x = explainRefusal(e.op, e.errno, e.text.startsWith("refused:"));
    texts.push(...wrap(`${x.errno}: ${x.meaning}. Why: ${x.why}`, WRAP));
  }
  return texts.map((text, part) => ({ seq: e.seq, part, category, ...errno, text }));
}

interface Matched {
  readonly events: readonly SimEvent[];
  readonly categories: readonly LogCategory[];
  readonly counts: Record<LogCategory, number>;
  /** lineStart[i]: the first line of events[i]; one more entry at the end (the number of lines). */
  readonly lineStart: Int32Array;
}

function match(all: readonly SimEvent[], f: LogFilter, deviceIrqs: ReadonlySet<number> | undefined): Matched {
  const wanted = new Set<LogCategory>(f.errorsOnly ? ["error"] : (f.categories ?? LOG_CATEGORIES));
  const text = f.text?.trim().toLowerCase() ?? "";
  const counts = Object.fromEntries(LOG_CATEGORIES.map((c) => [c, 0])) as Record<LogCategory, number>;
  const events: SimEvent[] = [];
  const categories: LogCategory[] = [];
  for (const e of all) {
    if (f.irq !== undefined && e.irq !== f.irq) continue;
    if (f.cpu !== undefined && e.cpu !== f.cpu && e.prevCpu !== f.cpu) continue;
    if (f.device !== undefined && e.device !== f.device && !(e.irq !== undefined && deviceIrqs?.has(e.irq))) continue;
    if (text && !e.text.toLowerCase().includes(text)) continue;
    const c = eventCategory(e);
    counts[c]++;
    if (!wanted.has(c)) continue;
    events.push(e);
    categories.push(c);
  }
  const lineStart = new Int32Array(events.length + 1);
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as SimEvent;
    // Only refused steps and multi-line texts take more than one line: no need to build them here.
    const extra = e.errno !== undefined ? linesOf(e, "error").length - 1 : countNewlines(e.text);
    lineStart[i + 1] = (lineStart[i] ?? 0) + 1 + extra;
  }
  return { events, categories, counts, lineStart };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** The index of the last event whose first line is at or before `line`. */
function eventAtLine(lineStart: Int32Array, events: number, line: number): number {
  let lo = 0;
  let hi = events - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStart[mid] ?? 0) <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * One window of the filtered log. `deviceIrqs` is the filter's device's irqs (irqsOfDevice in
 * irq-source.ts), asked for by the caller so this stays a function of the events alone.
 */
export function queryLog(
  all: readonly SimEvent[],
  logged: number,
  q: LogQuery,
  deviceIrqs?: ReadonlySet<number>,
): LogPage {
  const m = match(all, q.filter, deviceIrqs);
  const lines = m.lineStart[m.events.length] ?? 0;
  const count = Math.max(0, Math.min(LOG_PAGE_LIMIT, Math.floor(q.count)));
  const from =
    q.from === "tail" ? Math.max(0, lines - count) : Math.max(0, Math.min(Math.floor(q.from), Math.max(0, lines - 1)));
  const window: LogLine[] = [];
  if (lines > 0 && count > 0) {
    for (let i = eventAtLine(m.lineStart, m.events.length, from); i < m.events.length; i++) {
      const start = m.lineStart[i] ?? 0;
      if (start >= from + count) break;
      const e = m.events[i] as SimEvent;
      for (const line of linesOf(e, m.categories[i] ?? "kernel")) {
        const at = start + line.part;
        if (at >= from && at < from + count) window.push(line);
      }
    }
  }
  return {
    held: all.length,
    dropped: logged - all.length,
    matched: m.events.length,
    counts: m.counts,
    lines,
    from,
    window,
  };
}
