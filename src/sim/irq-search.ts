/**
 * The Irqs table's questions: which irqs a search names (by number, device, store and slot
 * ("nvme0 msix 3"), handler name or chip), and one window of their rows. The worker answers them, so
 * a 10,000-irq machine sends the rows in view, never the whole list.
 */
import type { Platform } from "../kernel/platform";
import { allIrqSources, type IrqSource, irqsOfDevice } from "./irq-source";
import { type IrqRow, irqRowOf } from "./snapshot";

export interface IrqSearchPage {
  /** The position of the first row in the matched list. */
  readonly from: number;
  readonly rows: readonly IrqRow[];
  /** How many irqs the search matches, and how many there are. */
  readonly matched: number;
  readonly total: number;
}

export const IRQ_PAGE_LIMIT = 500;

/** Other names people type for a store. */
const STORE_ALIASES: Record<string, string> = { msix: "msi-x", ims: "ims", ioapic: "io-apic", intx: "intx" };

interface Token {
  readonly text: string;
  readonly number: number | undefined;
}

function tokens(query: string): Token[] {
  return query
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((text) => ({ text, number: /^\d+$/.test(text) ? Number(text) : undefined }));
}

/**
 * Whether one token names this irq: a number its irq or slot (never a digit inside "nic0"), a word
 * part of its device, store, handlers or chip.
 */
function tokenMatches(t: Token, irq: number, src: IrqSource, words: () => string): boolean {
  if (t.number !== undefined) return t.number === irq || t.number === src.slot;
  return words().includes(t.text);
}

/**
 * The irqs `query` matches, ascending, those whose number it names first; every irq for an empty
 * query. Every token must match (so "nvme0 msix 3" is one entry).
 */
export function matchIrqs(p: Platform, query: string): { readonly irqs: number[]; readonly total: number } {
  const sources = allIrqSources(p);
  const all = [...sources.keys()].sort((a, b) => a - b);
  const want = tokens(query);
  if (want.length === 0) return { irqs: all, total: all.length };
  const named = new Set(want.flatMap((t) => (t.number === undefined ? [] : [t.number])));
  const first: number[] = [];
  const rest: number[] = [];
  for (const irq of all) {
    const src = sources.get(irq);
    if (!src) continue;
    let text: string | undefined;
    const words = () => {
      if (text === undefined) {
        const desc = p.machine.descs.desc(irq);
        const actions = desc?.actions.map((a) => a.name).join(" ") ?? "";
        const domain = desc?.data?.domain?.name ?? "";
        text =
          `${src.device} ${src.store} ${STORE_ALIASES[src.store] ?? ""} ${actions} ${desc?.data?.chip ?? ""} ${domain}`.toLowerCase();
      }
      return text;
    };
    if (!want.every((t) => tokenMatches(t, irq, src, words))) continue;
    (named.has(irq) ? first : rest).push(irq);
  }
  return { irqs: first.concat(rest), total: all.length };
}

/** Rows `from` … `from + count - 1` (at most IRQ_PAGE_LIMIT) of the matched irqs. */
export function irqSearchPage(
  p: Platform,
  matched: { readonly irqs: readonly number[]; readonly total: number },
  from: number,
  count: number,
): IrqSearchPage {
  const start = Math.max(0, Math.min(from, matched.irqs.length));
  const slice = matched.irqs.slice(start, start + Math.max(0, Math.min(count, IRQ_PAGE_LIMIT)));
  const sources = allIrqSources(p, new Set(slice));
  const rows: IrqRow[] = [];
  for (const irq of slice) {
    const src = sources.get(irq);
    const row = src ? irqRowOf(p, irq, src) : undefined;
    if (row) rows.push(row);
  }
  return { from: start, rows, matched: matched.irqs.length, total: matched.total };
}

/**
 * One device's irqs, ascending (its name exactly: "hba1" is not "hba10"), as a window of rows like a
 * search's: a device inspector lists them on a machine whose view carries only the first rows.
 */
export function deviceIrqPage(p: Platform, device: string, from: number, count: number): IrqSearchPage {
  const irqs = [...irqsOfDevice(p, device)].sort((a, b) => a - b);
  return irqSearchPage(p, { irqs, total: p.machine.descs.count }, from, count);
}

/**
 * The same search over rows already built (an imported machine's snapshot: no model to ask), and one
 * window of what it matched.
 */
export function searchRows(rows: readonly IrqRow[], query: string, from: number, count: number): IrqSearchPage {
  const want = tokens(query);
  const named = new Set(want.flatMap((t) => (t.number === undefined ? [] : [t.number])));
  const first: IrqRow[] = [];
  const rest: IrqRow[] = [];
  for (const r of rows) {
    const words = `${r.device} ${r.store} ${STORE_ALIASES[r.store] ?? ""} ${r.actions} ${r.chip}`.toLowerCase();
    const ok = want.every((t) =>
      t.number !== undefined ? t.number === r.irq || t.number === r.slot : words.includes(t.text),
    );
    if (ok) (named.has(r.irq) ? first : rest).push(r);
  }
  const matched = first.concat(rest);
  const start = Math.max(0, Math.min(from, matched.length));
  const page = matched.slice(start, start + Math.max(0, Math.min(count, IRQ_PAGE_LIMIT)));
  return { from: start, rows: page, matched: matched.length, total: rows.length };
}
