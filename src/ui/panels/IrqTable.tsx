/** Every irq with a message store behind it; a row selects the irq, its buttons act on it. */
import type { IrqRow } from "../../sim/views";
import { useIrqStore } from "../store-context";
import { TableHead } from "./TableHead";

export function targetText(r: IrqRow): string {
  if (r.vector < 0) return r.state === "managed-shutdown" ? "shut down" : "—";
  if (r.vector === 0xef && !r.started) return `0xef (parked) @ CPU ${r.cpu}`;
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

export function IrqTable() {
  const rows = useIrqStore((s) => s.view?.irqs);
  const total = useIrqStore((s) => s.view?.irqTotal ?? 0);
  const selected = useIrqStore((s) => (s.selection?.kind === "irq" ? s.selection.irq : undefined));
  const select = useIrqStore((s) => s.select);
  const apply = useIrqStore((s) => s.apply);
  const readOnly = useIrqStore((s) => s.imported !== undefined);
  if (!rows || rows.length === 0) {
    return (
      <p className="empty">
        {readOnly
          ? "The input holds no numbered irq rows or irqs/N files."
          : "No irqs yet: select a device on the canvas and allocate vectors."}
      </p>
    );
  }
  return (
    <div>
      {total > rows.length ? (
        <p className="empty">
          Showing the first {rows.length} of {total} irqs.
        </p>
      ) : null}
      <table className="irq-table" data-testid="irq-table">
        <TableHead
          columns={[
            ["irq"],
            ["device"],
            ["store", "where the device keeps the message"],
            ["handlers"],
            ["state"],
            ["CPU / vector", "where the hardware points"],
            ["IRTE"],
            ["affinity", "smp_affinity_list (the pending mask while a move waits)"],
            ["effective"],
            ["count"],
            ["", "actions"],
          ]}
        />
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.irq}
              className={r.irq === selected ? "selected" : ""}
              data-testid={`irq-row-${r.irq}`}
              onClick={() => void select({ kind: "irq", irq: r.irq })}
              aria-selected={r.irq === selected}
            >
              <th scope="row">
                <button
                  type="button"
                  className="link"
                  onClick={(e) => {
                    e.stopPropagation();
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
              <td>{r.actions || "—"}</td>
              <td>
                {r.unknown?.includes("vector") ? (
                  <span className="muted">not printed</span>
                ) : (
                  <span className={`state state-${r.state}`}>{r.state}</span>
                )}
              </td>
              <td className="mono">{targetText(r)}</td>
              <td className="mono">{r.irte < 0 ? "" : r.irte}</td>
              <td className="mono">
                {r.affinity}
                {r.managed ? " (managed)" : ""}
              </td>
              <td className="mono">{r.effective}</td>
              <td>{r.count}</td>
              {readOnly ? (
                <td className="row-actions muted">read-only</td>
              ) : (
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
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
