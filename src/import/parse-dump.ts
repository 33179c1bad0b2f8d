/** The importer's entry point: find every dump in a pasted text and parse each with its parser. */
import { type DebugfsDomainResult, parseDebugfsDomain } from "./debugfs-domains";
import { type DebugfsIrqResult, parseDebugfsIrq } from "./debugfs-irqs";
import { type DumpSection, findDumpSections } from "./dump-sections";
import { type ProcInterruptsResult, parseProcInterrupts } from "./proc-interrupts";

export type ParsedSection =
  | { section: DumpSection & { kind: "proc-interrupts" }; result: ProcInterruptsResult }
  | { section: DumpSection & { kind: "debugfs-irq" }; result: DebugfsIrqResult }
  | { section: DumpSection & { kind: "debugfs-domain" }; result: DebugfsDomainResult };

function parseSection(section: DumpSection): ParsedSection {
  const { text, firstLine } = section;
  switch (section.kind) {
    case "proc-interrupts":
      return { section: { ...section, kind: section.kind }, result: parseProcInterrupts(text, firstLine) };
    case "debugfs-irq":
      return { section: { ...section, kind: section.kind }, result: parseDebugfsIrq(text, firstLine) };
    default:
      return { section: { ...section, kind: "debugfs-domain" }, result: parseDebugfsDomain(text, firstLine) };
  }
}

export function parseDump(text: string): ParsedSection[] {
  return findDumpSections(text).map(parseSection);
}
