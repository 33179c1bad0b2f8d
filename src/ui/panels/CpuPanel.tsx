/** Per-CPU vector counts as debugfs prints them, with hotplug buttons; a row inspects its CPU. */
import { memo } from "react";
import type { CpuRow } from "../../sim/views";
import { useIrqStore } from "../store-context";
import { TableHead } from "./TableHead";

export function CpuPanel() {
  const cpus = useIrqStore((s) => s.view?.cpus);
  const ready = useIrqStore((s) => s.status === "ready");
  const selected = useIrqStore((s) => (s.selection?.kind === "cpu" ? s.selection.cpu : undefined));
  const readOnly = useIrqStore((s) => s.imported !== undefined);
  if (!cpus) return null;
  if (readOnly) return <ImportedCpus />;
  return (
    <div className="cpu-panel">
      <h2>CPUs</h2>
      <table className="cpu-rows" data-testid="cpu-table">
        <TableHead
          columns={[
            ["CPU"],
            ["avl", "available"],
            ["man", "managed reservations"],
            ["mac", "managed allocated"],
            ["act", "allocated"],
            ["vectors"],
            ["", "hotplug"],
          ]}
        />
        <tbody>
          {cpus.map((c) => (
            <CpuRowView key={c.cpu} c={c} selected={c.cpu === selected} ready={ready} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The row's fields as shown: a view after each command brings 256 new row objects, most unchanged. */
function sameRow(a: CpuRow, b: CpuRow): boolean {
  return (
    a.cpu === b.cpu &&
    a.online === b.online &&
    a.fixed === b.fixed &&
    a.avl === b.avl &&
    a.man === b.man &&
    a.mac === b.mac &&
    a.act === b.act &&
    a.vectors === b.vectors
  );
}

/** One CPU's row: drawn again only when what it shows changed (256 rows on a big machine). */
const CpuRowView = memo(
  function CpuRowView({ c, selected, ready }: { c: CpuRow; selected: boolean; ready: boolean }) {
    const apply = useIrqStore((s) => s.apply);
    const select = useIrqStore((s) => s.select);
    return (
      <tr
        className={`cpu-row${c.online ? "" : " offline"}${selected ? " selected" : ""}`}
        aria-selected={selected}
        data-testid={`cpu-row-${c.cpu}`}
        onClick={() => void select({ kind: "cpu", cpu: c.cpu })}
      >
        <th scope="row">
          <button
            type="button"
            className="link"
            onClick={(e) => {
              e.stopPropagation();
              void select({ kind: "cpu", cpu: c.cpu });
            }}
            aria-label={`inspect CPU ${c.cpu}`}
          >
            {c.cpu}
          </button>
        </th>
        <td data-col="avl">{c.avl}</td>
        <td data-col="man">{c.man}</td>
        <td data-col="mac">{c.mac}</td>
        <td data-col="act">{c.act}</td>
        <td className="vectors">{c.online ? c.vectors : "offline"}</td>
        <td>
          <button
            type="button"
            disabled={!ready || (c.online && c.fixed !== undefined)}
            title={c.online ? c.fixed : undefined}
            onClick={(e) => {
              e.stopPropagation();
              void apply({ op: c.online ? "cpu_offline" : "cpu_online", cpu: c.cpu });
            }}
            aria-label={`${c.online ? "Take offline" : "Bring online"} CPU ${c.cpu}${c.online && c.fixed ? ` (${c.fixed})` : ""}`}
            data-testid={`cpu-toggle-${c.cpu}`}
          >
            {c.online ? "Offline" : "Online"}
          </button>
        </td>
      </tr>
    );
  },
  (a, b) => a.selected === b.selected && a.ready === b.ready && sameRow(a.c, b.c),
);

/** The CPUs of an imported machine: which the input names online, and the matrix row where debugfs printed one. */
function ImportedCpus() {
  const cpus = useIrqStore((s) => s.view?.cpus) ?? [];
  const select = useIrqStore((s) => s.select);
  const fact = useIrqStore((s) => s.view?.provenance?.facts.find((f) => f.what === "CPUs"));
  const n = (c: (typeof cpus)[number], v: number) => (c.vectors === "?" ? "?" : v);
  return (
    <div className="cpu-panel">
      <h2>
        CPUs{" "}
        <span className="muted">
          {fact ? `${fact.value}, ${fact.how}` : "unknown"}; matrix columns only where debugfs printed them
        </span>
      </h2>
      {cpus.length === 0 ? <p className="empty">The input does not say which CPUs the machine has.</p> : null}
      <table data-testid="cpu-table">
        <TableHead
          columns={[["CPU"], ["avl", "available"], ["man"], ["mac"], ["act", "allocated"], ["vectors"], ["state"]]}
        />
        <tbody>
          {cpus.map((c) => (
            <tr key={c.cpu} className={`cpu-row${c.online ? "" : " offline"}`} data-testid={`cpu-row-${c.cpu}`}>
              <th scope="row">
                <button
                  type="button"
                  className="link"
                  onClick={() => void select({ kind: "cpu", cpu: c.cpu })}
                  aria-label={`inspect CPU ${c.cpu}`}
                >
                  {c.cpu}
                </button>
              </th>
              <td data-col="avl">{n(c, c.avl)}</td>
              <td data-col="man">{n(c, c.man)}</td>
              <td data-col="mac">{n(c, c.mac)}</td>
              <td data-col="act">{n(c, c.act)}</td>
              <td className="vectors">{c.vectors === "?" ? "not printed" : c.vectors}</td>
              <td>{c.online ? "online" : "not listed (offline?)"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
