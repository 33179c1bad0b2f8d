/** What the browser's importer uses: dump detection and the three parsers. */
export { type ChipColumn, type ChipEra, parseChipColumn } from "./chip-column";
export { parseCpuList } from "./cpulist";
export {
  type DebugfsDomain,
  type DebugfsDomainResult,
  type MatrixRow,
  parseDebugfsDomain,
  type VectorMatrix,
} from "./debugfs-domains";
export {
  type DebugfsDump,
  type DebugfsDumpFile,
  type DebugfsIrq,
  type DebugfsIrqResult,
  type DebugfsLevel,
  type DebugfsMsiMsg,
  type DebugfsVector,
  parseDebugfsIrq,
  splitDebugfsDump,
} from "./debugfs-irqs";
export { type DumpKind, type DumpSection, findDumpSections } from "./dump-sections";
export { type ParsedSection, parseDump } from "./parse-dump";
export { decodeGlobalPciMsiHwirq, type PciMsiHwirq } from "./pci-msi-hwirq";
export {
  type ProcArchRow,
  type ProcInterrupts,
  type ProcInterruptsResult,
  type ProcIrqRow,
  parseProcInterrupts,
} from "./proc-interrupts";
