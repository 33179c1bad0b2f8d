/** Lines of the debugfs irq files: `key: value`, flag-name lines under a hex field, blanks, the rest. */
import { skippedLineWarnings } from "./skipped-lines";
import { indentOf, type SourceLine } from "./text-lines";

export type DebugfsLine =
  | { kind: "key"; line: SourceLine; indent: number; key: string; value: string }
  | { kind: "name"; line: SourceLine; name: string }
  | { kind: "blank"; line: SourceLine }
  | { kind: "other"; line: SourceLine };

// Keys are words, some two words ("Previous vector", "Global available"); values may hold colons.
const KEY = /^\s*([A-Za-z_]\w*(?: [A-Za-z_]\w*)?):(?:\s+(.*))?$/;
// IRQD_*, IRQCHIP_*, _IRQ_*, IRQS_*, IRQ_DOMAIN_* names printed one per line under their field.
const FLAG_NAME = /^\s*([A-Z_][A-Z0-9]*_[A-Z0-9_]+)$/;

export function classifyDebugfsLine(line: SourceLine): DebugfsLine {
  const t = line.text;
  if (t.trim() === "") return { kind: "blank", line };
  const name = FLAG_NAME.exec(t);
  if (name) return { kind: "name", line, name: name[1] ?? "" };
  const key = KEY.exec(t);
  if (key) return { kind: "key", line, indent: indentOf(t), key: key[1] ?? "", value: (key[2] ?? "").trim() };
  return { kind: "other", line };
}

/** "line 12: 'hwirq:' value 'zz' is not ..." */
export function badValue(l: { line: SourceLine; key: string; value: string }, expected: string): string {
  return `line ${l.line.n}: '${l.key}:' value '${l.value}' is not ${expected}`;
}

/**
 * Feeds one file's lines, from `start`, to `step` until it says "end"; the lines before and after
 * the body become one warning. Returns the index just past the body, or the first error.
 */
export function walkDebugfsFile<S extends { warnings: string[] }>(
  lines: readonly DebugfsLine[],
  start: number,
  s: S,
  step: (s: S, l: DebugfsLine) => string | "end" | undefined,
  what: string,
): number | { readonly error: string } {
  let i = start;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (!l) break;
    const r = step(s, l);
    if (r === "end") break;
    if (r !== undefined) return { error: r };
  }
  const skipped = [...lines.slice(0, start), ...lines.slice(i)].filter((l) => l.kind !== "blank");
  s.warnings.unshift(
    ...skippedLineWarnings(
      skipped.map((l) => l.line),
      what,
    ),
  );
  return i;
}
