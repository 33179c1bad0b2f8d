/**
 * Above the workspace while an imported machine is shown: it is read-only history, where it came from,
 * what is read, inferred or unknown, the machines of a paste that held several, and the two ways on:
 * simulate a machine like this one (when the input says enough), or go back (undo).
 */
import { useIrqStore } from "../store-context";

export function ImportBanner() {
  const p = useIrqStore((s) => s.view?.provenance);
  const like = useIrqStore((s) => s.imported?.like);
  const load = useIrqStore((s) => s.load);
  const undo = useIrqStore((s) => s.undo);
  const choose = useIrqStore((s) => s.chooseImported);
  const ready = useIrqStore((s) => s.status === "ready");
  if (!p) return null;
  return (
    <section className="import-banner" aria-label="imported machine" data-testid="import-banner">
      <div className="import-head">
        <strong>Imported, read-only.</strong> <span data-testid="import-label">{p.label}</span>
        <span className="muted">
          {" "}
          — a record of what the machine printed, not a simulation: nothing here can be changed or replayed.
        </span>
      </div>
      <div className="import-actions">
        {p.machines.length > 1 ? (
          <label>
            machine
            <select
              value={p.chosen}
              onChange={(e) => void choose(Number(e.target.value))}
              disabled={!ready}
              data-testid="import-machine"
            >
              {p.machines.map((m, i) => (
                <option key={m} value={i}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button
          type="button"
          className="primary"
          disabled={!ready || like === undefined}
          title={p.like.ok ? p.like.title : `Not enough is known: ${p.like.why}`}
          onClick={() => void load(like, p.like.ok ? p.like.title : "a machine like this")}
          data-testid="simulate-like"
        >
          Simulate a machine like this
        </button>
        {p.like.ok ? null : (
          <span className="muted" data-testid="simulate-like-why">
            (not enough is known: {p.like.why})
          </span>
        )}
        <button type="button" disabled={!ready} onClick={() => void undo()} data-testid="leave-import">
          Back to the simulation
        </button>
      </div>
      <ul className="import-facts" aria-label="what is known">
        {p.facts.map((f) => (
          <li key={f.what} className={`fact-${f.how}`} title={f.why}>
            {f.what}: <strong>{f.value}</strong> <span className={`how how-${f.how}`}>{f.how}</span>
          </li>
        ))}
      </ul>
      {p.notes.length + p.log.length + p.sources.length > 0 ? (
        <details className="import-notes">
          <summary>
            {p.sources.length} part{p.sources.length === 1 ? "" : "s"} read, {p.notes.length} note
            {p.notes.length === 1 ? "" : "s"}
            {p.log.length ? `, ${p.log.length} kernel log lines` : ""}
          </summary>
          <ul data-testid="import-notes">
            {[...p.sources.map((s) => `read: ${s}`), ...p.notes, ...p.log].map((n, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, never reordered
              <li key={i}>{n}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
