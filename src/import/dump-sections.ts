/**
 * Finds the kernel dumps inside pasted text (a mail, a blog post, a notes file): /proc/interrupts
 * tables, debugfs irqs/N files and debugfs domains/NAME files, each with its line range, so each can
 * go to its own parser. Everything else (prose, prompts, dmesg, `ls` listings) is left out.
 */

import { LEVEL_KEYS } from "./debugfs-irq-level";
import { TOP_KEYS } from "./debugfs-irq-top";
import { classifyDebugfsLine, type DebugfsLine } from "./debugfs-lines";
import { isMatrixTableLine, MATRIX_KEYS } from "./debugfs-matrix";
import { classifyProcLine } from "./proc-interrupts-lines";
import { type SourceLine, toSourceLines } from "./text-lines";

export type DumpKind = "proc-interrupts" | "debugfs-irq" | "debugfs-domain";

export interface DumpSection {
  kind: DumpKind;
  /** 1-based, inclusive. */
  firstLine: number;
  lastLine: number;
  /** The original lines of the range; parse with `firstLine` so errors name lines of the whole text. */
  text: string;
}

const DOMAIN_KEYS: ReadonlySet<string> = new Set(["size", "mapped", "flags", "parent", ...MATRIX_KEYS]);

function debugfsKey(l: DebugfsLine, key: string): boolean {
  return l.kind === "key" && l.key === key;
}

/** Index after the last line of an irqs/N file starting at `i`. */
function irqEnd(lines: readonly SourceLine[], i: number, base: number): number {
  let end = i + 1;
  for (let j = i + 1; j < lines.length; j++) {
    const l = classifyDebugfsLine(lines[j] ?? { n: 0, text: "" });
    if (l.kind === "blank") continue;
    if (l.kind === "other" || debugfsKey(l, "handler")) break;
    if (l.kind === "key" && !TOP_KEYS.has(l.key) && !LEVEL_KEYS.has(l.key) && l.key !== "domain" && l.indent <= base) {
      break;
    }
    end = j + 1;
  }
  return end;
}

/** Index after the last line of a domains/NAME file starting at `i`; a `name:` only continues after `parent:`. */
function domainEnd(lines: readonly SourceLine[], i: number): number {
  let end = i + 1;
  let afterParent = false;
  for (let j = i + 1; j < lines.length; j++) {
    const line = lines[j] ?? { n: 0, text: "" };
    const l = classifyDebugfsLine(line);
    if (l.kind === "blank") continue;
    if (l.kind === "other" && !isMatrixTableLine(line.text)) break;
    if (l.kind === "key") {
      if (l.key === "name" && !afterParent) break;
      if (l.key !== "name" && !DOMAIN_KEYS.has(l.key)) break;
      afterParent = l.key === "parent";
    }
    end = j + 1;
  }
  return end;
}

/** Index after a /proc/interrupts table starting at `i`: rows, blanks between rows, wrapped lines. */
function procEnd(lines: readonly SourceLine[], i: number): number {
  let end = i + 1;
  let rows = classifyProcLine(lines[i] ?? { n: 0, text: "" }).kind !== "header";
  for (let j = i + 1; j < lines.length; j++) {
    const line = lines[j] ?? { n: 0, text: "" };
    const p = classifyProcLine(line);
    if (p.kind === "header" && rows) break;
    if (p.kind === "header" || p.kind === "irq" || p.kind === "arch") {
      rows ||= p.kind !== "header";
      end = j + 1;
      continue;
    }
    if (p.kind === "blank") continue;
    const d = classifyDebugfsLine(line);
    // A line right under a row may be its wrapped end; the parser decides and warns.
    if (j !== end || debugfsKey(d, "handler") || debugfsKey(d, "name")) break;
    end = j + 1;
  }
  return end;
}

/** The kind and end of a section starting at line `i`, if one starts there. */
function sectionAt(lines: readonly SourceLine[], i: number): { kind: DumpKind; end: number } | undefined {
  const line = lines[i] ?? { n: 0, text: "" };
  const d = classifyDebugfsLine(line);
  if (debugfsKey(d, "handler") && d.kind === "key") return { kind: "debugfs-irq", end: irqEnd(lines, i, d.indent) };
  if (debugfsKey(d, "name")) return { kind: "debugfs-domain", end: domainEnd(lines, i) };
  const p = classifyProcLine(line);
  if (p.kind === "header" || p.kind === "irq" || p.kind === "arch")
    return { kind: "proc-interrupts", end: procEnd(lines, i) };
  return undefined;
}

/** A section as cleaned lines (a slice of the caller's array: nothing is copied or split again). */
export interface LineSection {
  kind: DumpKind;
  /** Index range in the lines given: `lines.slice(from, to)`. */
  from: number;
  to: number;
}

/** The sections of lines already cleaned by toSourceLines; what the importer uses on a big paste. */
export function findLineSections(lines: readonly SourceLine[]): LineSection[] {
  const sections: LineSection[] = [];
  for (let i = 0; i < lines.length; ) {
    const found = sectionAt(lines, i);
    if (found) sections.push({ kind: found.kind, from: i, to: found.end });
    i = found?.end ?? i + 1;
  }
  return sections;
}

export function findDumpSections(text: string): DumpSection[] {
  const raw = text.split(/\r\n|\r|\n/);
  const lines = toSourceLines(text);
  return findLineSections(lines).map(({ kind, from, to }) => {
    const firstLine = lines[from]?.n ?? 1;
    const lastLine = lines[to - 1]?.n ?? firstLine;
    return { kind, firstLine, lastLine, text: raw.slice(firstLine - 1, lastLine).join("\n") };
  });
}
