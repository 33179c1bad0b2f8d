/**
 * The IR unit's IRTE table, all 65,536 entries or only the used ones. Windowed by hand: a spacer as
 * tall as every row, and only the rows in view (plus a margin) asked of the worker and drawn.
 */

import { type FormEvent, useState } from "react";
import { hex } from "../../kernel/arch/x86/bitfield";
import type { IrteRow } from "../../sim/irte-table";
import { useIrqStore, useIrqStoreApi } from "../store-context";
import { ColumnHeads } from "./ColumnHeads";
import { IrqLink } from "./IrqLink";
import { useRowWindow } from "./useRowWindow";
import { useWorkerQuery } from "./useWorkerQuery";

/** Must match .tbl-row's height in styles.css. */
export const IRTE_ROW_HEIGHT = 24;
/** Rows asked for above and below the visible ones, so a short scroll needs no new answer. */
const MARGIN = 60;
/** Rows drawn above and below the visible ones: the page holds a screenful, not the whole answer. */
const DRAWN_MARGIN = 8;

const hex8 = (v: number): string => (v >>> 0).toString(16).padStart(8, "0");
const DELIVERY = ["fixed", "lowest", "SMI", "rsvd3", "NMI", "INIT", "rsvd6", "ExtINT"];

function sidText(r: IrteRow): string {
  if (r.svt === 2) return `bus ${hex(r.sid >>> 8)}–${hex(r.sid & 0xff)}`;
  const h2 = (v: number) => v.toString(16).padStart(2, "0");
  return `${h2(r.sid >>> 8)}:${h2((r.sid >>> 3) & 0x1f)}.${r.sid & 7}`;
}

function modeText(r: IrteRow): string {
  if (r.posted) return r.urgent ? "posted, urgent" : "posted";
  return [
    r.dstMode ? "logical" : "phys",
    r.redirHint ? "RH" : "",
    r.triggerMode ? "level" : "edge",
    DELIVERY[r.dlvryMode] ?? "",
    r.fpd ? "FPD" : "",
  ]
    .filter(Boolean)
    .join(" ");
}

const COLUMNS: readonly (readonly [string, string])[] = [
  ["index", "IRTE index"],
  ["P", "present"],
  ["irq", "the irq that owns the entry (block index + sub-handle)"],
  ["vector", "IDT vector"],
  ["destination", "the APIC id in dest_id (xAPIC: bits 15:8; x2APIC: all 32 bits)"],
  ["mode", "destination mode, redirection hint, trigger, delivery mode"],
  ["SVT / SQ / SID", "source validation type, source-id qualifier, source id"],
  ["raw (bits 127:0)", "the four u32 words, word 3 first"],
];

export function IrteTable() {
  const ir = useIrqStore((s) => s.view?.ir);
  // The scroller exists only while there is an IR unit: measure it again when it appears.
  const hasIr = ir !== undefined;
  const selected = useIrqStore((s) => (s.selection?.kind === "irq" ? s.selection.irq : undefined));
  const select = useIrqStore((s) => s.select);
  const store = useIrqStoreApi();
  const [usedOnly, setUsedOnly] = useState(true);
  const [jump, setJump] = useState("");
  const [marked, setMarked] = useState<number | undefined>(undefined);
  const [note, setNote] = useState("");
  const { win, scroller, onScroll } = useRowWindow(IRTE_ROW_HEIGHT, 20, [hasIr]);

  // The window asked for moves in steps of MARGIN rows, so scrolling within it asks nothing new.
  const from = Math.max(0, Math.floor((win.first - MARGIN) / MARGIN) * MARGIN);
  const count = win.visible + 3 * MARGIN;
  const { data, error, pending } = useWorkerQuery(`irte ${from}+${count} ${usedOnly}`, (api) =>
    api.irteRange(from, count, usedOnly),
  );
  const total = data?.total ?? 0;

  const scrollToRow = (pos: number) => {
    const el = scroller.current;
    if (el) el.scrollTop = Math.max(0, pos * IRTE_ROW_HEIGHT - 2 * IRTE_ROW_HEIGHT);
  };

  const onJump = async (e: FormEvent) => {
    e.preventDefault();
    const index = Number.parseInt(jump, jump.trim().toLowerCase().startsWith("0x") ? 16 : 10);
    const api = store.getState().client;
    if (!api || !Number.isFinite(index)) return;
    const pos = await api.irtePosition(index, usedOnly);
    if (pos < 0) {
      setNote("no entry to show");
      return;
    }
    setMarked(pos);
    setNote(usedOnly ? "used entries only: the first at or after that index" : "");
    scrollToRow(pos);
  };

  if (!ir) return <p className="empty">This machine has no interrupt-remapping unit.</p>;
  const base = data?.from ?? 0;
  const lo = Math.max(0, win.first - DRAWN_MARGIN - base);
  const rows = (data?.rows ?? []).slice(lo, Math.max(lo, win.first + win.visible + DRAWN_MARGIN - base));
  return (
    <div className="tbl-wrap" data-testid="irte-table" aria-busy={pending}>
      <div className="tbl-toolbar">
        <span className="muted">
          {data?.unit ?? "IR unit"} ({ir.name}): {ir.used.toLocaleString("en")} of {ir.entries.toLocaleString("en")}{" "}
          entries used · {data?.x2apic ? "x2APIC: dest_id = APIC id" : "xAPIC: dest_id = APIC id << 8"}
        </span>
        <label className="check">
          <input
            type="checkbox"
            checked={usedOnly}
            onChange={(e) => {
              setUsedOnly(e.target.checked);
              setMarked(undefined);
              scrollToRow(0);
            }}
            data-testid="irte-used-only"
          />
          used only
        </label>
        <form className="tbl-jump" onSubmit={(e) => void onJump(e)}>
          <label>
            IRTE index{" "}
            <input
              type="text"
              inputMode="numeric"
              size={7}
              value={jump}
              onChange={(e) => setJump(e.target.value)}
              placeholder="0–65535"
              data-testid="irte-jump"
            />
          </label>
          <button type="submit">Go</button>
          {note ? <span className="muted">{note}</span> : null}
        </form>
        {error ? <span className="err">{error}</span> : null}
      </div>
      <div className="tbl-scroll" ref={scroller} onScroll={onScroll}>
        <table className="tbl-virtual tbl-irte" aria-label={`IRTE table of ${ir.name}`} aria-rowcount={total + 1}>
          <thead>
            <tr className="tbl-row" aria-rowindex={1}>
              <ColumnHeads names={COLUMNS} />
            </tr>
          </thead>
          <tbody style={{ height: total * IRTE_ROW_HEIGHT }}>
            {rows.map((r, i) => {
              const pos = base + lo + i;
              const owned = r.irq >= 0;
              const cls = [
                "tbl-row",
                owned ? "tbl-owned" : "",
                r.present ? "" : "tbl-absent",
                owned && r.irq === selected ? "selected" : "",
                pos === marked ? "tbl-marked" : "",
              ]
                .filter(Boolean)
                .join(" ");
              return (
                <tr
                  key={r.index}
                  aria-rowindex={pos + 2}
                  aria-selected={owned && r.irq === selected}
                  className={cls}
                  style={{ top: pos * IRTE_ROW_HEIGHT }}
                  data-testid={`irte-row-${r.index}`}
                  onClick={owned ? () => void select({ kind: "irq", irq: r.irq }) : undefined}
                >
                  <td>{r.index}</td>
                  <td>{r.present ? "1" : "0"}</td>
                  <td>
                    {owned ? <IrqLink irq={r.irq} label={`select irq ${r.irq} (IRTE ${r.index})`} /> : null}
                    {owned && r.subHandle > 0 ? <span className="muted"> sub {r.subHandle}</span> : null}
                    {!owned && r.allocated ? (
                      <span
                        className="muted"
                        title="allocated in the bitmap but no irq uses it (the rest of an aligned block)"
                      >
                        unused
                      </span>
                    ) : null}
                  </td>
                  <td>{r.present || r.vector ? hex(r.vector) : ""}</td>
                  <td title={`dest_id ${hex(r.destField)}`}>{r.present && !r.posted ? `APIC ${r.apicId}` : ""}</td>
                  <td>{r.present ? modeText(r) : ""}</td>
                  <td>{r.svt || r.sid ? `${r.svt} / ${r.sq} / ${sidText(r)}` : ""}</td>
                  <td className="tbl-raw">{[...r.words].reverse().map(hex8).join(" ")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
