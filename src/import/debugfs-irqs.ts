/**
 * Reads one /sys/kernel/debug/irq/irqs/N file. The domain chain is read from indentation: each
 * parent level is printed 4 columns right of its child, outermost (the device's domain) first.
 * Never throws: bad input is an error naming the line.
 */

import {
  applyLevelLine,
  type DebugfsLevel,
  finishLevel,
  LEVEL_KEYS,
  type LevelDraft,
  newLevel,
} from "./debugfs-irq-level";
import { applyTopLine, type DebugfsIrqTop, finishTop, TOP_KEYS } from "./debugfs-irq-top";
import { classifyDebugfsLine, type DebugfsLine, walkDebugfsFile } from "./debugfs-lines";
import { type SourceLine, toSourceLines } from "./text-lines";

export type { DebugfsLevel } from "./debugfs-irq-level";
export { type DebugfsDump, type DebugfsDumpFile, splitDebugfsDump } from "./debugfs-split";
export type { DebugfsMsiMsg, DebugfsVector } from "./debugfs-vector";

export interface DebugfsIrq extends DebugfsIrqTop {
  /** Outermost first; the last is the root (VECTOR on x86). */
  levels: DebugfsLevel[];
  warnings: string[];
}

export type DebugfsIrqResult = { ok: true; irq: DebugfsIrq } | { ok: false; error: string };

type KeyLine = DebugfsLine & { kind: "key" };

interface State {
  base: number;
  top: Partial<DebugfsIrqTop>;
  levels: LevelDraft[];
  names: string[] | undefined;
  warnings: string[];
}

/** Where a `domain:` line sits in the chain, from its indentation. */
function placeLevel(s: State, l: KeyLine): string | undefined {
  const rel = l.indent - s.base;
  const depth = Math.round(rel / 4);
  const expected = s.levels.length;
  const prev = s.levels.at(-1);
  if (rel % 4 !== 0) s.warnings.push(`line ${l.line.n}: 'domain:' indented ${rel}, not a multiple of 4`);
  if (depth === expected) {
    if (prev && !prev.sawParent) s.warnings.push(`line ${l.line.n}: no 'parent:' line above this level`);
    return undefined;
  }
  // Pages that collapse whitespace lose the indentation; 'parent:' still says a level follows.
  if (rel === 0 && prev?.sawParent) {
    s.warnings.push(`line ${l.line.n}: 'domain:' not indented; taken as the parent level (whitespace collapsed?)`);
    return undefined;
  }
  return (
    `line ${l.line.n}: 'domain:' indented ${rel} (level ${depth}), but level ${expected} was expected ` +
    "here; each parent is indented 4 more than its child"
  );
}

/** Apply one line; returns an error, "end" when the file is over, or undefined to go on. */
function step(s: State, l: DebugfsLine): string | "end" | undefined {
  if (l.kind === "blank") return undefined;
  if (l.kind === "name") {
    if (s.names) s.names.push(l.name);
    else s.warnings.push(`line ${l.line.n}: flag name '${l.name}' under no hex field; ignored`);
    return undefined;
  }
  if (l.kind === "other") return "end";
  if (l.key === "handler" && s.top.handler !== undefined) {
    return `line ${l.line.n}: a second irqs/N file starts here; split the dump first (splitDebugfsDump)`;
  }
  const level = s.levels.at(-1);
  let applied: { error: string } | { names?: string[] };
  if (l.key === "domain") {
    const error = placeLevel(s, l);
    if (error) return error;
    s.levels.push(newLevel(l));
    applied = {};
  } else if (level && LEVEL_KEYS.has(l.key)) applied = applyLevelLine(level, l);
  else if (!level && TOP_KEYS.has(l.key)) applied = applyTopLine(s.top, l);
  else if (l.indent > s.base) {
    s.warnings.push(`line ${l.line.n}: unknown field '${l.key}:' ignored`);
    applied = {};
  } else return "end";
  if ("error" in applied) return applied.error;
  s.names = applied.names;
  return undefined;
}

function finish(s: State, lines: SourceLine[]): DebugfsIrqResult {
  const last = lines.at(-1)?.n ?? 1;
  const top = finishTop(s.top, `lines ${lines[0]?.n ?? 1}-${last}`);
  if (typeof top === "string") return { ok: false, error: top };
  if (s.levels.length === 0) return { ok: false, error: `line ${last}: the file ends before its 'domain:' line` };
  const levels: DebugfsLevel[] = [];
  for (const [depth, draft] of s.levels.entries()) {
    const level = finishLevel(draft, depth);
    if (typeof level === "string") return { ok: false, error: level };
    if (Object.keys(draft.msg).length > 0 && !level.msg) {
      s.warnings.push(`line ${draft.line}: address/data lines incomplete; message left out`);
    }
    levels.push(level);
  }
  return { ok: true, irq: { ...top, levels, warnings: s.warnings } };
}

/** Parse one irqs/N file; `firstLine` numbers its first line when it was cut out of a bigger dump. */
export function parseDebugfsIrq(text: string, firstLine = 1): DebugfsIrqResult {
  if (text.trim() === "") return { ok: false, error: "empty input: paste a /sys/kernel/debug/irq/irqs/N file" };
  return parseDebugfsIrqLines(toSourceLines(text, firstLine));
}

/** Parse one irqs/N file from lines already cleaned (toSourceLines). */
export function parseDebugfsIrqLines(source: readonly SourceLine[]): DebugfsIrqResult {
  const firstLine = source[0]?.n ?? 1;
  const lines = source.map(classifyDebugfsLine);
  const start = lines.findIndex((l) => l.kind === "key" && l.key === "handler");
  const handler = lines[start];
  if (handler?.kind !== "key") {
    return { ok: false, error: `line ${firstLine}: no 'handler:' line, so this is not an irqs/N file` };
  }
  const s: State = { base: handler.indent, top: {}, levels: [], names: undefined, warnings: [] };
  const i = walkDebugfsFile(lines, start, s, step, "the irqs/N file");
  if (typeof i !== "number") return { ok: false, error: i.error };
  const body = lines.slice(start, i).map((l) => l.line);
  return finish(s, body);
}
