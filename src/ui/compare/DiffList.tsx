/**
 * Between the panes: what differs, step by step, in plain words. Each entry says both outcomes and,
 * where the writes differ, what each scheme wrote where; choosing one moves both panes to just after
 * that step. "Every step" lists the steps that end the same too.
 */
import { memo, useState } from "react";
import type { CompareStep } from "../../sim/compare";
import { useCompare } from "./compare-context";

/** One step's entry; memoised, so a step redraws the two entries whose `current` changed, not the list. */
const Entry = memo(function Entry({
  s,
  current,
  goTo,
}: {
  s: CompareStep;
  current: boolean;
  goTo: (n: number) => Promise<void>;
}) {
  const kind = s.differs ? "outcome" : s.writesDiffer ? "writes" : "same";
  return (
    <li>
      <button
        type="button"
        className={`diff-entry diff-${kind}`}
        aria-current={current ? "step" : undefined}
        onClick={() => void goTo(s.step + 1)}
        data-testid={`diff-${s.step}`}
        data-differs={s.differs ? "true" : "false"}
      >
        <span className="diff-head">
          <span className="diff-step">#{s.step + 1}</span> <span className="mono">{s.what}</span>
          {kind === "same" ? null : (
            <span className="diff-badge">{kind === "outcome" ? "outcome differs" : "writes differ"}</span>
          )}
        </span>
        <span className="diff-side">
          <strong>old:</strong> {s.old.words}
        </span>
        <span className="diff-side">
          <strong>new:</strong> {s.new.words}
        </span>
        {s.writesDiffer ? (
          <span className="diff-writes">
            old wrote: {s.old.writes.headline}; new wrote: {s.new.writes.headline}
          </span>
        ) : null}
      </button>
    </li>
  );
});

export const DiffList = memo(function DiffList() {
  const result = useCompare((s) => s.result);
  const at = useCompare((s) => s.at);
  const goTo = useCompare((s) => s.goTo);
  const [every, setEvery] = useState(false);
  if (!result) return <section className="diff-list" aria-label="differences" />;
  const shown = every ? result.steps : result.steps.filter((s) => s.differs || s.writesDiffer);
  const n = result.steps.length;
  return (
    <section className="diff-list" aria-label="differences" data-testid="diff-list">
      <h2 className="diff-title">Differences</h2>
      <p className="diff-summary" data-testid="diff-summary">
        {result.differing} of {n} step{n === 1 ? "" : "s"} end differently
        {result.writesDiffering ? `; ${result.writesDiffering} more wrote differently` : ""}.
      </p>
      {result.differing + result.writesDiffering === 0 ? (
        <p className="muted">
          Nothing tells the schemes apart in this script.{" "}
          {result.machine.ir === "off"
            ? "Without interrupt remapping the new scheme stays on the old shapes, and IMS is unavailable to both."
            : "On bare metal with IR the two behave the same until IMS: add an IMS allocation (alloc_ims) to see them part."}
        </p>
      ) : null}
      <label className="diff-every">
        <input type="checkbox" checked={every} onChange={(e) => setEvery(e.target.checked)} data-testid="diff-every" />
        every step
      </label>
      <ol className="diff-entries">
        {shown.map((s) => (
          <Entry key={s.step} s={s} current={s.step === at - 1} goTo={goTo} />
        ))}
      </ol>
    </section>
  );
});
