/** The importer's entry point: find every dump in a pasted text and parse each with its parser. */
import { type DebugfsDomainResult, parseDebugfsDomainLines } from "./debugfs-domains";
import { type DebugfsIrqResult, parseDebugfsIrqLines } from "./debugfs-irqs";
import { type DumpKind, type DumpSection, findLineSections } from "./dump-sections";
import { type ProcInterruptsResult, parseProcInterruptsLines } from "./proc-interrupts";
import { type SourceLine, toSourceLines } from "./text-lines";

/** Where a section sat in the text: its kind and first and last line (1-based, inclusive). */
export type SectionPlace = Omit<DumpSection, "text">;

export type ParsedSection =
  | { section: SectionPlace & { kind: "proc-interrupts" }; result: ProcInterruptsResult }
  | { section: SectionPlace & { kind: "debugfs-irq" }; result: DebugfsIrqResult }
  | { section: SectionPlace & { kind: "debugfs-domain" }; result: DebugfsDomainResult };

function parseSection(kind: DumpKind, lines: readonly SourceLine[]): ParsedSection {
  const firstLine = lines[0]?.n ?? 1;
  const lastLine = lines.at(-1)?.n ?? firstLine;
  switch (kind) {
    case "proc-interrupts":
      return { section: { kind, firstLine, lastLine }, result: parseProcInterruptsLines(lines) };
    case "debugfs-irq":
      return { section: { kind, firstLine, lastLine }, result: parseDebugfsIrqLines(lines) };
    default:
      return { section: { kind: "debugfs-domain", firstLine, lastLine }, result: parseDebugfsDomainLines(lines) };
  }
}

/** Every dump in cleaned lines, parsed; `progress` hears after each section (a big paste takes a while). */
export function parseDumpLines(
  lines: readonly SourceLine[],
  progress?: (done: number, total: number) => void,
): ParsedSection[] {
  const sections = findLineSections(lines);
  return sections.map((s, i) => {
    const parsed = parseSection(s.kind, lines.slice(s.from, s.to));
    progress?.(i + 1, sections.length);
    return parsed;
  });
}

export function parseDump(text: string): ParsedSection[] {
  return parseDumpLines(toSourceLines(text));
}
