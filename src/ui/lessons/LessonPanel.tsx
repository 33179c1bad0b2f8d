/**
 * The lesson beside the workspace: the step's title, what to look at (lit on the page), what to do and
 * whether it was done, why it matters; Back/Next and the progress. A wrong action shows the hint, what
 * was done, and Undo; "Do it for me" and "Restart step" always lead on.
 */
import { actionText } from "../../lessons/match";
import type { Highlight } from "../../lessons/schema";
import { LessonHighlight } from "./LessonHighlight";
import { useLessonController, useLessonState } from "./useLessons";
import "./lessons.css";

function targetText(h: Highlight): string {
  switch (h.kind) {
    case "node":
      return `the ${h.name} node on the canvas`;
    case "cpu":
      return `CPU ${h.cpu} in the CPUs tab`;
    case "irq":
      return `${h.device} ${h.store ?? ""} ${h.index} in the Irqs table`.replace("  ", " ");
    case "bits":
      return `${h.field} in the ${h.of === "message" ? "message" : "IRTE"} bit table of ${h.device} ${h.store ?? ""} ${h.index}`.replace(
        "  ",
        " ",
      );
  }
}

export function LessonPanel() {
  const c = useLessonController();
  const lesson = useLessonState((s) => s.lesson);
  const n = useLessonState((s) => s.step);
  const status = useLessonState((s) => s.status);
  const feedback = useLessonState((s) => s.feedback);
  const did = useLessonState((s) => s.did);
  const busy = useLessonState((s) => s.busy);
  const error = useLessonState((s) => s.error);
  const visit = useLessonState((s) => s.visit);
  const done = useLessonState((s) => (lesson ? (s.progress[lesson.id]?.done.length ?? 0) : 0));
  if (!lesson) return null;
  const step = lesson.steps[n];
  if (!step) return null;
  const last = n === lesson.steps.length - 1;
  const canGoOn = !step.action || status === "done";
  return (
    <aside
      className="lesson-panel"
      aria-label={`lesson: ${lesson.title}`}
      data-testid="lesson-panel"
      data-step={n + 1}
      data-status={status}
      aria-busy={busy}
    >
      <LessonHighlight highlight={step.highlight} stepKey={busy ? undefined : `${lesson.id}/${n}/${visit}`} />
      <header className="lesson-head">
        <button type="button" className="lesson-all" onClick={() => void c.showList(true)}>
          ← All lessons
        </button>
        <button type="button" className="lesson-close" aria-label="close the lesson" onClick={() => c.close()}>
          ✕
        </button>
      </header>
      <p className="lesson-title">{lesson.title}</p>
      <div className="lesson-progress">
        <span data-testid="lesson-step-counter">
          Step {n + 1} of {lesson.steps.length}
        </span>
        <progress max={lesson.steps.length} value={done} aria-label={`${done} of ${lesson.steps.length} steps done`} />
      </div>
      <h2 className="lesson-step-title" data-testid="lesson-step-title">
        {step.title}
      </h2>
      {error ? (
        <p className="lesson-error" role="alert">
          {error}
        </p>
      ) : null}
      <section className="lesson-part">
        <h3>Look</h3>
        <p>{step.look}</p>
        {step.highlight ? (
          <p className="lesson-target" data-testid="lesson-target">
            <span aria-hidden="true">◎ </span>
            {targetText(step.highlight)}
          </p>
        ) : null}
      </section>
      {step.action ? (
        <section className="lesson-part lesson-do">
          <h3>Do</h3>
          <p>{step.do}</p>
          <div className="lesson-status" role="status" data-testid="lesson-status">
            {status === "waiting" ? "Waiting for you to do it…" : null}
            {status === "checking" ? "Checking…" : null}
            {status === "done" ? "✓ Done: that is the step, and everything it should change holds." : null}
            {status === "wrong" ? (
              <span className="lesson-wrong">
                <strong>Not quite.</strong> {did ? <>You did “{did}”. </> : null}
                {feedback}
              </span>
            ) : null}
            {status === "off-track" ? <span className="lesson-wrong">{feedback}</span> : null}
          </div>
          <div className="lesson-actions">
            {status === "wrong" ? (
              <button type="button" className="primary" onClick={() => void c.undo()} data-testid="lesson-undo">
                Undo
              </button>
            ) : null}
            {status === "off-track" || status === "wrong" ? (
              <button type="button" onClick={() => void c.restartStep()} data-testid="lesson-restart">
                Restart step
              </button>
            ) : null}
            {status !== "done" ? (
              <button
                type="button"
                onClick={() => void c.doItForMe()}
                title={step.action ? actionText(step.action) : undefined}
                data-testid="lesson-do-it"
              >
                Do it for me
              </button>
            ) : null}
          </div>
        </section>
      ) : null}
      <section className="lesson-part lesson-why">
        <h3>Why it matters</h3>
        <p>{step.why}</p>
      </section>
      <nav className="lesson-nav" aria-label="lesson steps">
        <button type="button" onClick={() => void c.back()} disabled={n === 0 || busy} data-testid="lesson-back">
          ← Back
        </button>
        {last ? (
          canGoOn ? (
            <button type="button" className="primary" onClick={() => void c.finish()} data-testid="lesson-finish">
              Lesson done: all lessons
            </button>
          ) : null
        ) : (
          <button
            type="button"
            className="primary"
            onClick={() => void c.next()}
            disabled={!canGoOn || busy}
            data-testid="lesson-next"
          >
            Next →
          </button>
        )}
      </nav>
    </aside>
  );
}
