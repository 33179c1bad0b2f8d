/** The lessons, in order, with each one's progress: a dialog opened from the header or the start screen. */
import { Modal } from "../dialogs/Modal";
import { useLessonController, useLessonState } from "./useLessons";

export function LessonList() {
  const c = useLessonController();
  const open = useLessonState((s) => s.listOpen);
  const index = useLessonState((s) => s.index);
  const progress = useLessonState((s) => s.progress);
  const error = useLessonState((s) => s.error);
  return (
    <Modal
      open={open}
      onClose={() => void c.showList(false)}
      title="Lessons"
      className="lesson-list-dialog"
      testId="lesson-list"
    >
      <p className="lesson-list-intro">
        Short guided walks through Linux interrupt handling on x86. Each lesson sets up a machine; you look, click, and
        the lesson checks what happened.
      </p>
      {error ? (
        <p className="lesson-error" role="alert">
          {error}
        </p>
      ) : null}
      {index ? (
        <ol className="lesson-list">
          {index.map((l, i) => {
            const p = progress[l.id];
            const done = p?.done.length ?? 0;
            const resume = p && p.at > 0 && done < l.steps ? p.at : 0;
            return (
              <li key={l.id}>
                <button
                  type="button"
                  className="lesson-list-item"
                  data-testid={`lesson-open-${l.id}`}
                  data-autofocus={i === 0 ? true : undefined}
                  onClick={() => void c.open(l.id, resume)}
                >
                  <span className="lesson-list-text">
                    <span className="lesson-list-title">{l.title}</span>
                    <span className="lesson-list-summary">{l.summary}</span>
                  </span>
                  <span className="lesson-list-progress" data-testid={`lesson-progress-${l.id}`}>
                    {done >= l.steps ? "✓ done" : done > 0 ? `${done}/${l.steps} steps` : `${l.steps} steps`}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      ) : error ? null : (
        <p>Reading the lesson list…</p>
      )}
    </Modal>
  );
}
