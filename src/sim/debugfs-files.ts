/**
 * The debugfs files the model renders, as the debugfs tab lists and reads them: irq/irqs/N for every
 * irq descriptor with a hierarchy, irq/domains/NAME for every domain (and `default`, the
 * x86 vector domain), and under interrupt remapping iommu/intel/ir_translation_struct.
 * Paths are relative to /sys/kernel/debug.
 */
import { irTranslationStructShow } from "../kernel/drivers/iommu/intel/ir-translation-debugfs";
import { domainDebugShow, irqDebugShow } from "../kernel/irq/debugfs";
import type { Platform } from "../kernel/platform";

export const DEBUGFS_ROOT = "/sys/kernel/debug";
export const IRQS_DIR = "irq/irqs";
export const DOMAINS_DIR = "irq/domains";
export const IR_TRANSLATION_STRUCT = "iommu/intel/ir_translation_struct";

/**
 * The model's IR table has no physical address; this is the one the q35 6.12 recording printed
 * (shared/real-kernel/q35-6.12-ir), so the file reads like the real one.
 */
const IR_TABLE_ADDRESS = 0x1b00000;

export interface DebugfsListing {
  /** The irq numbers with a file under irq/irqs, ascending (a typed array: a big machine has tens of thousands). */
  readonly irqs: Int32Array;
  /** The files under irq/domains, as the kernel names them. */
  readonly domains: readonly string[];
  /** Other files the model renders (iommu/intel/ir_translation_struct under IR). */
  readonly others: readonly string[];
}

export interface DebugfsPage {
  readonly path: string;
  /** Lines in the file, and the window asked for. */
  readonly lines: number;
  readonly from: number;
  readonly window: readonly string[];
}

export function debugfsListing(p: Platform): DebugfsListing {
  const { descs } = p.machine;
  const irqs = [...descs.irqs()].filter((irq) => descs.desc(irq)?.data).sort((a, b) => a - b);
  const domains = [...p.domains().map((d) => d.name), "default"];
  return {
    irqs: Int32Array.from(irqs),
    domains,
    others: p.iommu ? [IR_TRANSLATION_STRUCT] : [],
  };
}

/** The text of one file, as `cat` would print it; undefined when the model has no such file. */
export function debugfsText(p: Platform, path: string): string | undefined {
  if (path.startsWith(`${IRQS_DIR}/`)) {
    const name = path.slice(IRQS_DIR.length + 1);
    return /^(0|[1-9]\d*)$/.test(name) ? irqDebugShow(p.machine.core, Number(name)) : undefined;
  }
  if (path.startsWith(`${DOMAINS_DIR}/`)) {
    const name = path.slice(DOMAINS_DIR.length + 1);
    // mirrors irq_domain_debugfs_init(): "default" shows irq_default_domain, the x86 vector domain.
    const domain = name === "default" ? p.machine.vector.domain : p.domains().find((d) => d.name === name);
    return domain ? domainDebugShow(domain) : undefined;
  }
  if (path === IR_TRANSLATION_STRUCT && p.iommu) {
    const u = p.iommu;
    return irTranslationStructShow([
      { name: u.name, tableAddress: IR_TABLE_ADDRESS, table: u.table, entries: u.entries },
    ]);
  }
  return undefined;
}

/** The lines of a text without the newline that ends the last one. */
export function textLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Lines `from` … `from + count - 1` of a file's lines. */
export function debugfsPage(path: string, lines: readonly string[], from: number, count: number): DebugfsPage {
  const start = Math.max(0, Math.min(Math.floor(from), Math.max(0, lines.length - 1)));
  return { path, lines: lines.length, from: start, window: lines.slice(start, start + Math.max(0, count)) };
}
