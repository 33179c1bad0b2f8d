/** Every device irq with its vector-level state; a row selects the irq, its buttons act on it. */
import type { Command } from "../../sim/commands";
import type { IrqRow } from "../../sim/views";
import { useSim } from "../store";
import { TableHead } from "./TableHead";

export function vectorText(r: IrqRow): string {
  if (r.vector === 0) return r.state === "managed-shutdown" ? "shut down" : "0xef (parked)";
  return `${r.vector} @ CPU ${r.cpu}`;
}

/** The driver's next step on an irq: request_irq() when it has no handler, free_irq() when it has. */
export function requestOrFree(r: IrqRow): Command {
  return r.actions ? { op: "irq_free", irq: r.irq } : { op: "irq_request", irq: r.irq };
}

export function IrqTable() {
  const rows = useSim((s) => s.view?.irqs);
  const total = useSim((s) => s.view?.irqTotal ?? 0);
  const selected = useSim((s) => s.selectedIrq);
  const select = useSim((s) => s.select);
  const apply = useSim((s) => s.apply);
  if (!rows || rows.length === 0) {
    return <p className="empty">No irqs yet: allocate some above (as a driver's pci_alloc_irq_vectors() would).</p>;
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
            ["kind"],
            ["handlers"],
            ["state"],
            ["vector"],
            ["previous"],
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
              onClick={() => void select(r.irq)}
              aria-selected={r.irq === selected}
            >
              <th scope="row">{r.irq}</th>
              <td>{r.device}</td>
              <td>{r.kind}</td>
              <td>{r.actions || "—"}</td>
              <td>
                <span className={`state state-${r.state}`}>{r.state}</span>
              </td>
              <td className="mono">{vectorText(r)}</td>
              <td className="mono">{r.prevVector ? `${r.prevVector} @ CPU ${r.prevCpu}` : ""}</td>
              <td className="mono">
                {r.affinity}
                {r.pending ? " (pending)" : ""}
              </td>
              <td className="mono">{r.effective}</td>
              <td>{r.count}</td>
              <td className="row-actions">
                <button
                  type="button"
                  onClick={(e) => {
                    e.stopPropagation();
                    void apply(requestOrFree(r));
                  }}
                  aria-label={`${r.actions ? "free_irq" : "request_irq"} ${r.irq}`}
                >
                  {r.actions ? "free_irq" : "request_irq"}
                </button>
                <button
                  type="button"
                  onClick={(e) => {
                    e.stopPropagation();
                    void apply({ op: "irq_raise", irq: r.irq });
                  }}
                  aria-label={`raise irq ${r.irq}`}
                >
                  Raise
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
