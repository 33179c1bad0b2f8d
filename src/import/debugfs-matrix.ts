/**
 * The VECTOR domain's irq_matrix summary (irq_matrix_debug_show). The four summary lines and
 * "System:" have no indentation even when nested; the table has one row per online CPU only.
 */
import { parseCpuList } from "./cpulist";
import { badValue, type DebugfsLine } from "./debugfs-lines";
import { parseDecimal } from "./numbers";

export interface MatrixRow {
  cpu: number;
  /** Vectors still available. */
  avl: number;
  /** Reserved for managed irqs. */
  man: number;
  /** Managed and allocated. */
  mac: number;
  /** Allocated. */
  act: number;
  vectors: number[];
}

export interface VectorMatrix {
  onlineBitmaps: number;
  globalAvailable: number;
  globalReserved: number;
  totalAllocated: number;
  system: { count: number; list: number[] };
  rows: MatrixRow[];
}

export type MatrixDraft = Partial<Omit<VectorMatrix, "rows">> & { rows: MatrixRow[]; line: number; header: boolean };

type KeyLine = DebugfsLine & { kind: "key" };

const SUMMARY = {
  "Online bitmaps": "onlineBitmaps",
  "Global available": "globalAvailable",
  "Global reserved": "globalReserved",
  "Total allocated": "totalAllocated",
} as const;

export const MATRIX_KEYS: ReadonlySet<string> = new Set([...Object.keys(SUMMARY), "System"]);
const TABLE_HEADER = /^\s*\|\s*CPU\s*\|\s*avl\s*\|\s*man\s*\|\s*mac\s*\|\s*act\s*\|\s*vectors\s*$/;
const TABLE_ROW = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)(?:\s+(\S+))?$/;

function isSummaryKey(key: string): key is keyof typeof SUMMARY {
  return key in SUMMARY;
}

export function isMatrixTableLine(text: string): boolean {
  return TABLE_HEADER.test(text) || TABLE_ROW.test(text);
}

/** Apply a summary line; returns the error text, if any. */
export function applyMatrixKey(d: MatrixDraft, l: KeyLine): string | undefined {
  if (isSummaryKey(l.key)) {
    const v = parseDecimal(l.value);
    if (v === undefined) return badValue(l, "a decimal number");
    d[SUMMARY[l.key]] = v;
    return undefined;
  }
  const m = /^(\d+):\s*(.*)$/.exec(l.value);
  const list = m ? parseCpuList(m[2] ?? "") : undefined;
  if (!m || !list) return badValue(l, "'<count>: <vector list>'");
  d.system = { count: Number(m[1]), list };
  return undefined;
}

/** Apply a table line (header or row); returns the error text, if any. */
export function applyMatrixTableLine(d: MatrixDraft, n: number, text: string): string | undefined {
  if (TABLE_HEADER.test(text)) {
    d.header = true;
    return undefined;
  }
  const m = TABLE_ROW.exec(text);
  const vectors = parseCpuList(m?.[6] ?? "");
  if (!m || !vectors) return `line ${n}: matrix row '${text.trim()}' is not "cpu avl man mac act vectors"`;
  if (!d.header) return `line ${n}: matrix row before the '| CPU | avl | ...' header`;
  const [cpu, avl, man, mac, act] = m.slice(1, 6).map(Number);
  d.rows.push({ cpu: cpu ?? 0, avl: avl ?? 0, man: man ?? 0, mac: mac ?? 0, act: act ?? 0, vectors });
  return undefined;
}

export function finishMatrix(d: MatrixDraft, warnings: string[]): VectorMatrix | string {
  const { onlineBitmaps, globalAvailable, globalReserved, totalAllocated, system } = d;
  if (
    onlineBitmaps === undefined ||
    globalAvailable === undefined ||
    globalReserved === undefined ||
    totalAllocated === undefined ||
    system === undefined ||
    !d.header
  ) {
    return `line ${d.line}: the vector matrix is incomplete (needs Online bitmaps, Global available, Global reserved, Total allocated, System and the CPU table)`;
  }
  if (system.count !== system.list.length) {
    warnings.push(`line ${d.line}: System says ${system.count} vectors but lists ${system.list.length}`);
  }
  const avl = d.rows.reduce((sum, r) => sum + r.avl, 0);
  if (avl !== globalAvailable) {
    warnings.push(`line ${d.line}: Global available is ${globalAvailable} but the rows' avl add up to ${avl}`);
  }
  return { onlineBitmaps, globalAvailable, globalReserved, totalAllocated, system, rows: d.rows };
}
