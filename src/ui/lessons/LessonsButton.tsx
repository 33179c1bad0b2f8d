/** The "Lessons" entry: a button in the header, and a bigger one on the start screen and the empty inspector. */
import { useLessonController, useLessonState } from "./useLessons";

export function LessonsButton({ big = false }: { big?: boolean }) {
  const c = useLessonController();
  const inLesson = useLessonState((s) => s.lesson !== undefined);
  // During a lesson the start screen's invitation has done its job; the header's button stays.
  if (big && inLesson) return null;
  return (
    <button
      type="button"
      className={big ? "lessons-button lessons-button-big" : "lessons-button"}
      data-testid={big ? "lessons-start" : "lessons-button"}
      onClick={() => void c.showList(true)}
    >
      {big ? "New here? Start with the lessons" : "Lessons"}
    </button>
  );
}
