/**
 * Every irq with a message store behind it, searched and windowed by the worker: a search box (irq
 * number, device, store and slot "nvme0 msix 3", handler, chip) with the count of matches, and only
 * the rows in view asked for and drawn, so a 10,000-irq machine scrolls like a small one. A row
 * selects the irq, its buttons act on it; in the search box ↑/↓ pick a row and Enter inspects it.
 */

import { type KeyboardEvent, useState } from "react";
import type { IrqRow } from "../../sim/views";
import { Term } from "../glossary/Term";
import { useIrqStore, useIrqStoreApi } from "../store-context";
import { ColumnHeads } from "../tables/ColumnHeads";
import { useRowWindow } from "../tables/useRowWindow";
import { useWorkerQuery } from "../tables/useWorkerQuery";

/** Must match table.tbl-irqs tr's height in styles.css. */
export const IRQ_ROW_HEIGHT = 30;
/** Rows asked for above and below the visible ones, so a short scroll needs no new answer. */
const MARGIN = 60;
/** Rows drawn beyond the visible ones (a small machine is drawn whole). */
const DRAWN_MARGIN = 40;

/** Where the hardware points, its state words explained (glossary). */
function TargetCell({ r }: { r: IrqRow }) {
  if (r.vector < 0) return r.state === "managed-shutdown" ? <Term word="shut down" /> : "—";
  if (r.vector === 0xef && !r.started) {
    return (
      <>
        0xef (<Term word="parked" />) @ CPU {r.cpu}
      </>
    );
  }
  return `0x${r.vector.toString(16)} @ CPU ${r.cpu}`;
}

/** An imported row's provenance, as a tooltip: which fields are deduced and which the input does not say. */
function provenanceText(r: IrqRow): string | undefined {
  if (!r.inferred && !r.unknown) return undefined;
  const parts = [];
  if (r.inferred?.length) parts.push(`inferred: ${r.inferred.join(", ")}`);
  if (r.unknown?.length) parts.push(`unknown: ${r.unknown.join(", ")}`);
  return parts.join(" · ") || "all read";
}

const COLUMNS: readonly (readonly [string, string])[] = [
  ["irq", "Linux irq number"],
  ["device", "the device"],
  ["store", "where the device keeps the message"],
  ["handlers", "request_irq() names"],
  ["state", "vector state"],
  ["CPU / vector", "where the hardware points"],
  ["IRTE", "IRTE index under IR"],
  ["affinity", "smp_affinity_list (the pending mask while a move waits)"],
  ["effective", "effective affinity"],
  ["count", "interrupts handled"],
  ["chip", "the outermost chip (/proc/interrupts)"],
  ["actions", "request or free, raise"],
];

const fmt = (n: number): string => n.toLocaleString("en");

function RowActions({ r }: { r: IrqRow }) {
  const apply = useIrqStore((s) => s.apply);
  // An imported machine is history: nothing to request, free or raise.
  const readOnly = useIrqStore((s) => s.imported !== undefined);
  if (readOnly) return <td className="row-actions muted">read-only</td>;
  return (
    <td className="row-actions">
      <button
        type="button"
        onClick={(e) => {
          e.stopPropagation();
          void apply(
            r.actions
              ? { op: "free_irq", irq: r.irq }
              : { op: "request_irq", irq: r.irq, name: `${r.device}-${r.store}${r.slot}` },
          );
        }}
        aria-label={`${r.actions ? "free_irq" : "request_irq"} ${r.irq}`}
      >
        {r.actions ? "free_irq" : "request_irq"}
      </button>
      <button
        type="button"
        onClick={(e) => {
          e.stopPropagation();
          void apply({ op: "raise", irq: r.irq, times: 1 });
        }}
        aria-label={`raise irq ${r.irq}`}
      >
        Raise
      </button>
    </td>
  );
}

export function IrqTable() {
  const selected = useIrqStore((s) => (s.selection?.kind === "irq" ? s.selection.irq : undefined));
  const select = useIrqStore((s) => s.select);
  const store = useIrqStoreApi();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const { win, scroller, onScroll } = useRowWindow(IRQ_ROW_HEIGHT, 12);

  const from = Math.max(0, Math.floor((win.first - MARGIN) / MARGIN) * MARGIN);
  const count = win.visible + 3 * MARGIN;
  const { data, error, pending } = useWorkerQuery(`irqs ${from}+${count} ${query}`, (api) =>
    api.irqSearch(query, from, count),
  );
  const matched = data?.matched ?? 0;
  const total = data?.total ?? 0;

  /** Keeps row `pos` in view (a row's height from the edge). */
  const reveal = (pos: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = pos * IRQ_ROW_HEIGHT;
    if (top < el.scrollTop + IRQ_ROW_HEIGHT) el.scrollTop = Math.max(0, top - IRQ_ROW_HEIGHT);
    else if (top + 2 * IRQ_ROW_HEIGHT > el.scrollTop + el.clientHeight) {
      el.scrollTop = top + 2 * IRQ_ROW_HEIGHT - el.clientHeight + IRQ_ROW_HEIGHT;
    }
  };

  const onKey = async (e: KeyboardEvent<HTMLInputElement>) => {
    const last = Math.max(0, matched - 1);
    if (e.key === "ArrowDown" || e.key === "ArrowUp" || e.key === "PageDown" || e.key === "PageUp") {
      e.preventDefault();
      const step = e.key.startsWith("Page") ? Math.max(1, win.visible - 1) : 1;
      const next = Math.min(last, Math.max(0, active + (e.key === "ArrowDown" || e.key === "PageDown" ? step : -step)));
      setActive(next);
      reveal(next);
    } else if (e.key === "Enter") {
      e.preventDefault();
      // Asked of the worker for what was typed: the rows on screen may still answer an earlier search.
      const api = store.getState().client;
      const page = await api?.irqSearch(query, active, 1);
      const row = page?.rows[0];
      if (row) void select({ kind: "irq", irq: row.irq });
    } else if (e.key === "Escape" && query) {
      e.preventDefault();
      setQuery("");
      setActive(0);
    }
  };

  const base = data?.from ?? 0;
  const lo = Math.max(0, win.first - DRAWN_MARGIN - base);
  const rows = (data?.rows ?? []).slice(lo, Math.max(lo, win.first + win.visible + DRAWN_MARGIN - base));
  // Named only while drawn: aria-activedescendant must point at an element that exists.
  const activeRow = rows[active - base - lo];
  const noIrqs = data !== undefined && total === 0;
  return (
    <div className="tbl-wrap" data-testid="irq-table-panel" aria-busy={pending}>
      <div className="tbl-toolbar">
        <label className="irq-search">
          Find irq{" "}
          <input
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
              const el = scroller.current;
              if (el) el.scrollTop = 0;
            }}
            onKeyDown={(e) => void onKey(e)}
            placeholder="number, device, “nvme0 msix 3”, handler, chip"
            size={34}
            role="combobox"
            aria-expanded={matched > 0}
            aria-controls="irq-table"
            aria-autocomplete="list"
            aria-activedescendant={activeRow ? `irq-row-${activeRow.irq}` : undefined}
            data-testid="irq-search"
          />
        </label>
        <output className="muted" data-testid="irq-matches" aria-live="polite">
          {query ? `${fmt(matched)} of ${fmt(total)} irqs` : `${fmt(total)} irqs`}
        </output>
        <span className="muted">↑/↓ pick · Enter inspects · Esc clears</span>
        {error ? <span className="err">{error}</span> : null}
      </div>
      {noIrqs ? <p className="empty">No irqs yet: select a device on the canvas and allocate vectors.</p> : null}
      <div className="tbl-scroll" ref={scroller} onScroll={onScroll} hidden={noIrqs}>
        <table
          id="irq-table"
          className="tbl-virtual tbl-irqs irq-table"
          data-testid="irq-table"
          aria-label={query ? `irqs matching “${query}”` : "irqs"}
          aria-rowcount={matched + 1}
        >
          <thead>
            <tr className="tbl-row" aria-rowindex={1}>
              <ColumnHeads names={COLUMNS} />
            </tr>
          </thead>
          <tbody style={{ height: matched * IRQ_ROW_HEIGHT }}>
            {rows.map((r, i) => {
              const pos = base + lo + i;
              const cls = [
                "tbl-row",
                "tbl-owned",
                r.irq === selected ? "selected" : "",
                query && pos === active ? "tbl-marked" : "",
              ]
                .filter(Boolean)
                .join(" ");
              return (
                <tr
                  key={r.irq}
                  id={`irq-row-${r.irq}`}
                  aria-rowindex={pos + 2}
                  aria-selected={r.irq === selected}
                  className={cls}
                  style={{ top: pos * IRQ_ROW_HEIGHT }}
                  data-testid={`irq-row-${r.irq}`}
                  onClick={() => {
                    setActive(pos);
                    void select({ kind: "irq", irq: r.irq });
                  }}
                >
                  <th scope="row">
                    <button
                      type="button"
                      className="link"
                      onClick={(e) => {
                        e.stopPropagation();
                        setActive(pos);
                        void select({ kind: "irq", irq: r.irq });
                      }}
                      aria-label={`inspect irq ${r.irq}`}
                    >
                      {r.irq}
                    </button>
                  </th>
                  <td title={provenanceText(r)}>
                    {r.device}
                    {r.inferred?.includes("device") ? <span className="how how-inferred"> inferred</span> : null}
                  </td>
                  <td className="mono">{r.store === "?" ? "—" : `${r.store} ${r.slot < 0 ? "" : r.slot}`}</td>
                  <td title={r.actions}>{r.actions || "—"}</td>
                  <td>
                    {r.unknown?.includes("vector") ? (
                      <span className="muted">not printed</span>
                    ) : (
                      <Term word={r.state} className={`state state-${r.state}`} />
                    )}
                  </td>
                  <td className="mono">
                    <TargetCell r={r} />
                  </td>
                  <td className="mono">{r.irte < 0 ? "" : r.irte}</td>
                  <td className="mono" title={r.affinity}>
                    {r.affinity}
                    {r.managed ? " (managed)" : ""}
                  </td>
                  <td className="mono">{r.effective}</td>
                  <td>{r.count}</td>
                  <td className="mono" title={r.chip}>
                    {r.chip}
                  </td>
                  <RowActions r={r} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
