/** The session's steps with their outcomes and captions, and the steps undone; any of them can be jumped to. */
import { stepText } from "../store";
import { useIrqStore } from "../store-context";
import { MachinesAfter, MachinesBefore } from "./MachineHistory";

/** The scenario's caption for a step, under it. */
function StepNote({ note }: { note: string }) {
  return <span className="step-note">{note}</span>;
}

export function Timeline() {
  const done = useIrqStore((s) => s.view?.timeline);
  const total = useIrqStore((s) => s.view?.timelineTotal ?? 0);
  const future = useIrqStore((s) => s.future);
  const goTo = useIrqStore((s) => s.goTo);
  const ready = useIrqStore((s) => s.status === "ready");
  const began = useIrqStore((s) => s.began);
  if (!done) return null;
  const changed = new Map((began?.changed ?? []).map((c) => [c.n, c.changes.join("; ")]));
  const cursor = total;
  const hidden = total - done.length;
  return (
    <div>
      <MachinesBefore />
      <button type="button" disabled={!ready || cursor === 0} onClick={() => void goTo(0)} data-testid="goto-0">
        Back to the bare machine
      </button>
      {hidden > 0 ? <p className="empty">{hidden} earlier steps are not listed.</p> : null}
      <ol className="timeline mono" data-testid="timeline" start={hidden + 1}>
        {done.map((t) => (
          <li
            key={`done-${t.n}`}
            className={t.ok ? (t.silent || changed.has(t.n) ? "silent" : "ok") : "err"}
            data-changed={changed.has(t.n) || undefined}
          >
            <button
              type="button"
              className="link"
              disabled={!ready || t.n + 1 === cursor}
              onClick={() => void goTo(t.n + 1)}
              aria-label={`go to step ${t.n + 1}`}
            >
              {t.n + 1 === cursor ? "now" : "go"}
            </button>{" "}
            <span className="step-what">{t.what}</span> → {t.ok && !t.silent ? "ok: " : ""}
            {t.outcome}
            {changed.has(t.n) ? (
              <span className="step-changed"> (changed by the new machine: {changed.get(t.n)})</span>
            ) : null}
            {t.writes ? <span className="step-writes"> · {t.writes}</span> : null}
            {t.note ? <StepNote note={t.note} /> : null}
          </li>
        ))}
        {future.map((cmd, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the undone steps are a fixed list until the next change
          <li key={`future-${i}`} className="undone">
            <button
              type="button"
              className="link"
              disabled={!ready}
              onClick={() => void goTo(cursor + i + 1)}
              aria-label={`go to step ${cursor + i + 1}`}
            >
              go
            </button>{" "}
            <span className="step-what">{stepText(cmd)}</span> (undone)
            {cmd.note ? <StepNote note={cmd.note} /> : null}
          </li>
        ))}
      </ol>
      <MachinesAfter />
    </div>
  );
}
