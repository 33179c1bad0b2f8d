/**
 * The IR unit's IRTE table as the UI's virtualised table asks for it: a window of rows, never the
 * whole 65,536-entry table. Each row is one entry decoded (irteFromWords) with the irq that owns it.
 */
import { irteFromWords, irtePresent, irteWords } from "../kernel/drivers/iommu/intel/irte";
import type { Platform } from "../kernel/platform";

export interface IrteRow {
  readonly index: number;
  /** Allocated in the unit's bitmap (alloc_irte()); an allocated entry is not present until activation. */
  readonly allocated: boolean;
  readonly present: boolean;
  readonly fpd: number;
  /** Posted format (pst = 1): vector and descriptor instead of a destination. */
  readonly posted: boolean;
  /** Posted only: notify even when the vCPU is not running. */
  readonly urgent: number;
  readonly vector: number;
  /** The raw dest_id field (bits 63:32). */
  readonly destField: number;
  /** The APIC id it names: bits 15:8 in xAPIC mode, all 32 bits under x2APIC (EIM). */
  readonly apicId: number;
  readonly dstMode: number;
  readonly redirHint: number;
  readonly triggerMode: number;
  readonly dlvryMode: number;
  readonly svt: number;
  readonly sq: number;
  readonly sid: number;
  /** The irq whose requests hit this entry (index + sub_handle), -1 when none. */
  readonly irq: number;
  /** That irq's sub_handle within its block, -1 when none. */
  readonly subHandle: number;
  /** The four u32 words, word 0 (bits 31:0) first. */
  readonly words: readonly [number, number, number, number];
}

export interface IrteRange {
  /** The unit's name ("dmar0") and table size. */
  readonly unit: string;
  readonly entries: number;
  readonly x2apic: boolean;
  /** Rows matching the filter in all: the table's length in rows. */
  readonly total: number;
  /** The row position of the first row answered. */
  readonly from: number;
  readonly rows: readonly IrteRow[];
}

/** At most this many rows per answer: a screenful plus margins, never the whole table. */
export const IRTE_RANGE_LIMIT = 1000;

/** The IRTE indexes "used only" lists, ascending: allocated or present entries. */
function usedIndexes(p: Platform): number[] {
  const iommu = p.iommu;
  const out: number[] = [];
  if (!iommu) return out;
  for (let i = 0; i < iommu.entries; i++) {
    // A present entry outside the bitmap would be a model bug, but it must still be visible.
    if (iommu.bitmap.isUsed(i) || irtePresent(iommu.table, i)) out.push(i);
  }
  return out;
}

/** index + sub_handle → irq: the reverse of the unit's irq_2_iommu map. */
function owners(p: Platform): Map<number, { irq: number; subHandle: number }> {
  const out = new Map<number, { irq: number; subHandle: number }>();
  for (const [irq, ird] of p.iommu?.irqs ?? []) out.set(ird.index + ird.subHandle, { irq, subHandle: ird.subHandle });
  return out;
}

function row(p: Platform, index: number, owner: { irq: number; subHandle: number } | undefined): IrteRow {
  const iommu = p.iommu;
  const words = iommu ? irteWords(iommu.table, index) : ([0, 0, 0, 0] as const);
  const e = irteFromWords(words);
  const x2apic = iommu?.config.x2apic ?? false;
  return {
    index,
    allocated: iommu?.bitmap.isUsed(index) ?? false,
    present: e.present === 1,
    fpd: e.fpd,
    posted: e.pst === 1,
    urgent: e.urgent,
    vector: e.vector,
    destField: e.destId >>> 0,
    // the inverse of IRTE_DEST()
    apicId: x2apic ? e.destId >>> 0 : (e.destId >>> 8) & 0xff,
    dstMode: e.dstMode,
    redirHint: e.redirHint,
    triggerMode: e.triggerMode,
    dlvryMode: e.dlvryMode,
    svt: e.svt,
    sq: e.sq,
    sid: e.sid,
    irq: owner?.irq ?? -1,
    subHandle: owner?.subHandle ?? -1,
    words: [words[0], words[1], words[2], words[3]],
  };
}

/**
 * Rows `from` … `from + count - 1` of the table, all entries or only the used ones (allocated or
 * present); undefined without an IR unit. `count` is capped at IRTE_RANGE_LIMIT.
 */
export function irteRange(p: Platform, from: number, count: number, usedOnly: boolean): IrteRange | undefined {
  const iommu = p.iommu;
  if (!iommu) return undefined;
  const listed = usedOnly ? usedIndexes(p) : undefined;
  const total = listed ? listed.length : iommu.entries;
  const start = Math.max(0, Math.min(Math.trunc(from) || 0, total));
  const end = Math.min(total, start + Math.max(0, Math.min(Math.trunc(count) || 0, IRTE_RANGE_LIMIT)));
  const own = owners(p);
  const rows: IrteRow[] = [];
  for (let i = start; i < end; i++) {
    const index = listed ? (listed[i] ?? 0) : i;
    rows.push(row(p, index, own.get(index)));
  }
  return { unit: iommu.name, entries: iommu.entries, x2apic: iommu.config.x2apic, total, from: start, rows };
}

/**
 * The row position of IRTE `index` under the filter; with "used only", of the first used entry at or
 * after it (the last row when none follows). -1 without an IR unit or rows.
 */
export function irtePosition(p: Platform, index: number, usedOnly: boolean): number {
  const iommu = p.iommu;
  if (!iommu) return -1;
  const want = Math.max(0, Math.trunc(index) || 0);
  if (!usedOnly) return Math.min(want, iommu.entries - 1);
  const listed = usedIndexes(p);
  if (listed.length === 0) return -1;
  // Binary search: the first listed index >= want.
  let lo = 0;
  let hi = listed.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((listed[mid] ?? 0) < want) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, listed.length - 1);
}
