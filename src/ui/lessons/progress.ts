/** Lesson progress, kept in localStorage: per lesson, the steps done and the step last open. */
const KEY = "irqscope.lessons.progress.v1";

export interface LessonProgress {
  readonly done: readonly number[];
  readonly at: number;
}

export type ProgressMap = Readonly<Record<string, LessonProgress>>;

export function loadProgress(): ProgressMap {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return {};
    const out: Record<string, LessonProgress> = {};
    for (const [id, p] of Object.entries(raw as Record<string, unknown>)) {
      const { done, at } = (p ?? {}) as { done?: unknown; at?: unknown };
      if (Array.isArray(done) && typeof at === "number") {
        out[id] = { done: done.filter((n): n is number => Number.isInteger(n)), at };
      }
    }
    return out;
  } catch {
    return {};
  }
}

function save(map: ProgressMap): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(map));
  } catch {
    // Full or disabled storage: progress is only lost, the lesson goes on.
  }
}

/** The map with step `n` of lesson `id` done (when `done`) and open. */
export function recordProgress(map: ProgressMap, id: string, n: number, done: boolean): ProgressMap {
  const before = map[id] ?? { done: [], at: 0 };
  const doneSteps = done && !before.done.includes(n) ? [...before.done, n].sort((a, b) => a - b) : before.done;
  const next = { ...map, [id]: { done: doneSteps, at: n } };
  save(next);
  return next;
}
