/**
 * Beside the write banner, large enough for a room: the step the session stands on, its caption (the
 * scenario's `note`), and back / next along the loaded script. Stepping selects what the step touched
 * (store.ts, step-focus.ts), so the canvas lights it. Shown for a script with captions, and for any
 * script in presentation mode.
 */
import { actionById } from "../actions/registry";
import { usePresentation } from "../present/presentation";
import "./steps.css";
import { stepText } from "../store";
import { useIrqStore, useIrqStoreApi } from "../store-context";

// Back and next walk the loaded script on this machine: undo (step-back) would leave a loaded
// scenario for the machine before once it reaches the loaded steps.
const back = actionById("script-back");
const next = actionById("script-next");

export function StepCaption() {
  const store = useIrqStoreApi();
  const cursor = useIrqStore((s) => s.steps.length);
  const total = useIrqStore((s) => s.steps.length + s.future.length);
  const entry = useIrqStore((s) => s.view?.timeline.at(-1));
  const note = useIrqStore((s) => s.steps.at(-1)?.note);
  const coming = useIrqStore((s) => s.future[0]);
  const ready = useIrqStore((s) => s.status === "ready");
  const canBack = useIrqStore((s) => back.enabledWhen(s));
  const canNext = useIrqStore((s) => next.enabledWhen(s));
  const goTo = useIrqStore((s) => s.goTo);
  const captioned = useIrqStore((s) => s.steps.some((c) => c.note) || s.future.some((c) => c.note));
  const presenting = usePresentation((s) => s.on);
  // Outside a room, a script without captions has the Steps tab and the session bar already.
  if (total === 0 || !(captioned || presenting)) return null;
  const what = cursor === 0 ? "the bare machine" : (entry?.what ?? "");
  const outcome = cursor === 0 || !entry ? undefined : entry.ok ? (entry.silent ? "silent" : "ok") : "err";
  return (
    <section className="step-caption" data-testid="step-caption" aria-label="scenario step">
      <div className="step-caption-text" aria-live="polite">
        <div className="step-caption-head">
          <span className="step-caption-count" data-testid="step-count">
            {cursor === 0 ? "Start" : `Step ${cursor} of ${total}`}
          </span>{" "}
          <span className="step-caption-what mono">{what}</span>
          {outcome && entry && outcome !== "ok" ? (
            <span className={`step-caption-outcome ${outcome}`}> → {entry.outcome}</span>
          ) : null}
        </div>
        {note ? (
          <div className="step-caption-note" data-testid="step-note">
            {note}
          </div>
        ) : coming ? (
          <div className="step-caption-next muted">
            Next: <span className="mono">{stepText(coming)}</span>
            {coming.note ? ` — ${coming.note}` : ""}
          </div>
        ) : null}
      </div>
      <div className="step-caption-buttons">
        <button
          type="button"
          disabled={!ready || cursor === 0}
          onClick={() => void goTo(0)}
          title="Back to the bare machine, to walk the script from its start"
          data-testid="caption-start"
        >
          ⇤ Start
        </button>
        <button
          type="button"
          disabled={!canBack}
          onClick={() => void back.perform({ store, open: () => {} })}
          title={`${back.label} (${back.keys[0]})`}
          data-testid="caption-back"
        >
          ◀ Back
        </button>
        <button
          type="button"
          disabled={!canNext}
          onClick={() => void next.perform({ store, open: () => {} })}
          title={`${next.label} (${next.keys[0]})`}
          data-testid="caption-next"
        >
          Next ▶
        </button>
      </div>
    </section>
  );
}
