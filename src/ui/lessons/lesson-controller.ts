/**
 * A lesson being taken in a pane: which lesson and step, and whether the learner's action was the one
 * the step expects. The learner acts through the normal UI; the pane's store records every step it
 * applies (by device entry, from the worker), so the controller watches the store's steps: the first
 * step after the lesson's state is compared with the expected action (lessons/match.ts), its result
 * with the action's own `expect`, and then the step's conditions are checked in the worker. A wrong
 * action gets the hint and an Undo; nothing is a dead end (Restart step, Do it for me).
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import { type LessonEntry, parseLessonIndex } from "../../lessons/index-file";
import { actionMatches, actionText } from "../../lessons/match";
import { type Lesson, type LessonStep, parseLesson } from "../../lessons/parse";
import { expectationOf, irqRefOf, type Step } from "../../scenario/schema";
import type { IrqscopeStore } from "../store";
import { isLessonHash, lessonHash } from "./lesson-hash";
import { loadProgress, type ProgressMap, recordProgress } from "./progress";

export type StepStatus = "look" | "waiting" | "checking" | "done" | "wrong" | "off-track";

export interface LessonState {
  listOpen: boolean;
  index: readonly LessonEntry[] | undefined;
  lesson: Lesson | undefined;
  step: number;
  /** Counts the steps entered (a restart too): what is lit and selected is chosen once per visit. */
  visit: number;
  status: StepStatus;
  /** The hint, the conditions that failed, or why the lesson's state was lost. */
  feedback: string | undefined;
  /** What the learner did, for a wrong action. */
  did: string | undefined;
  busy: boolean;
  error: string | undefined;
  progress: ProgressMap;
}

export interface LessonController {
  readonly state: StoreApi<LessonState>;
  showList(open: boolean): Promise<void>;
  open(id: string, step?: number): Promise<void>;
  goTo(step: number): Promise<void>;
  next(): Promise<void>;
  back(): Promise<void>;
  /** The last step: counted done (a step that only looks is done once read) and the list opened. */
  finish(): Promise<void>;
  restartStep(): Promise<void>;
  doItForMe(): Promise<void>;
  undo(): Promise<void>;
  close(): void;
}

const fetchJson = async (path: string): Promise<unknown> => {
  const r = await fetch(new URL(path, document.baseURI));
  if (!r.ok) throw new Error(`${path}: ${r.status} ${r.statusText}`);
  return r.json();
};

/** The setup steps and the expected actions of the steps before `n`: the state step `n` starts from. */
function stepsBefore(lesson: Lesson, n: number): Step[] {
  return [...lesson.scenario.steps, ...lesson.steps.slice(0, n).flatMap((s) => (s.action ? [s.action] : []))];
}

/** Whether a step's result is what the action's own `expect` says of it (ok, errno, silent). */
function resultProblem(
  step: LessonStep,
  result: { ok: boolean; errno?: string; silent?: string } | undefined,
): string | undefined {
  const e = step.action ? expectationOf(step.action) : undefined;
  if (!e || !result) return undefined;
  if (e.ok !== undefined && e.ok !== result.ok) return `expected ${e.ok ? "success" : "a refusal"}`;
  if (e.errno !== undefined && (result.ok || result.errno !== e.errno)) return `expected -${e.errno}`;
  if (e.silent !== undefined && e.silent !== (result.ok && result.silent !== undefined))
    return "expected a silent failure";
  return undefined;
}

/** The action's own `expect` fields about its interrupt, as a condition the worker checks. */
function actionCondition(step: LessonStep): Record<string, unknown> | undefined {
  const e = step.action ? expectationOf(step.action) : undefined;
  const ref = step.action ? irqRefOf(step.action) : undefined;
  if (!e || !ref || step.action?.op === "expect") return undefined;
  const { ok: _ok, errno: _errno, silent: _silent, ...fields } = e;
  return Object.values(fields).some((x) => x !== undefined) ? { op: "expect", ...ref, ...fields } : undefined;
}

export function createLessonController(sim: IrqscopeStore): LessonController {
  const state = createStore<LessonState>(() => ({
    listOpen: false,
    index: undefined,
    lesson: undefined,
    step: 0,
    visit: 0,
    status: "look",
    feedback: undefined,
    did: undefined,
    busy: false,
    error: undefined,
    progress: loadProgress(),
  }));
  const set = state.setState;
  const get = state.getState;
  /**
   * The session's title and machine as the lesson loaded them (as JSON: an undo boots the same machine
   * again as a new object); another one means the learner changed the machine.
   */
  let base: string | undefined;
  const baseOf = (s: { base: unknown }) => JSON.stringify(s.base);
  /** How many of the session's steps are the lesson's own (setup + expected actions done). */
  let entered = 0;

  const loadIndex = async (): Promise<readonly LessonEntry[] | undefined> => {
    if (get().index) return get().index;
    try {
      const parsed = parseLessonIndex(await fetchJson("lessons/index.json"));
      if (!parsed.ok) throw new Error(`lessons/index.json: ${parsed.error}`);
      set({ index: parsed.lessons, error: undefined });
      return parsed.lessons;
    } catch (e) {
      set({ error: `The lesson list could not be read: ${e instanceof Error ? e.message : String(e)}` });
      return undefined;
    }
  };

  const showHash = (id: string, step: number) => {
    const hash = lessonHash({ id, step });
    if (location.hash !== hash) history.replaceState(null, "", `${location.pathname}${location.search}${hash}`);
  };

  const enter = async (n: number, reload: boolean, lesson = get().lesson): Promise<void> => {
    if (!lesson) return;
    const step = Math.max(0, Math.min(n, lesson.steps.length - 1));
    const want = stepsBefore(lesson, step);
    const s = sim.getState();
    const clean = baseOf(s) === base && s.steps.length === want.length && !reload;
    set({ busy: true, feedback: undefined, did: undefined });
    if (!clean) {
      const ok = await s.load({ ...lesson.scenario, steps: want }, `lesson “${lesson.title}”, step ${step + 1}`);
      if (!ok) {
        const r = sim.getState().lastResult?.result;
        set({
          busy: false,
          error: `The lesson's machine could not be loaded: ${r && !r.ok ? r.reason : "the model is not ready"}`,
        });
        return;
      }
      base = baseOf(sim.getState());
    }
    entered = sim.getState().steps.length;
    const lessonStep = lesson.steps[step];
    set({
      lesson,
      visit: get().visit + 1,
      listOpen: false,
      step,
      status: lessonStep?.action ? "waiting" : "look",
      busy: false,
      error: undefined,
      progress: recordProgress(get().progress, lesson.id, step, false),
    });
    showHash(lesson.id, step);
  };

  const markDone = () => {
    const { lesson, step } = get();
    if (lesson) set({ progress: recordProgress(get().progress, lesson.id, step, true) });
  };

  /** Compares what the learner did since the step began with what it expects. */
  const evaluate = async (): Promise<void> => {
    const { lesson, step, status, busy } = get();
    const lessonStep = lesson?.steps[step];
    if (!lesson || !lessonStep || busy) return;
    const s = sim.getState();
    if (s.status !== "ready") return;
    if (baseOf(s) !== base) {
      set({
        status: "off-track",
        feedback: "The machine was changed: this lesson needs its own machine. Restart the step to go on.",
      });
      return;
    }
    if (!lessonStep.action) return; // a step that only looks: exploring changes nothing asked for
    if (s.steps.length < entered) {
      set({ status: "off-track", feedback: "Steps the lesson needs were undone. Restart the step to go on." });
      return;
    }
    if (s.steps.length === entered) {
      if (status !== "waiting") set({ status: "waiting", feedback: undefined, did: undefined });
      return;
    }
    if (status === "done" || status === "checking") return;
    const did = s.steps[entered] as Step;
    if (!actionMatches(lessonStep.action, did) || s.steps.length > entered + 1) {
      set({ status: "wrong", feedback: lessonStep.hint, did: actionText(did) });
      return;
    }
    const wrongResult = resultProblem(lessonStep, s.lastResult?.result);
    if (wrongResult) {
      set({ status: "wrong", feedback: `${lessonStep.hint ?? ""} (${wrongResult})`, did: actionText(did) });
      return;
    }
    set({ status: "checking" });
    const conditions = [actionCondition(lessonStep), ...lessonStep.holds].filter((c) => c !== undefined);
    const failed = conditions.length && s.client ? (await s.client.check(conditions)).flat() : [];
    if (get().lesson !== lesson || get().step !== step) return;
    if (failed.length) {
      set({
        status: "wrong",
        feedback: `${lessonStep.hint ?? ""} Not as expected: ${failed.join("; ")}`,
        did: actionText(did),
      });
      return;
    }
    entered += 1;
    set({ status: "done", feedback: undefined, did: undefined });
    markDone();
  };

  sim.subscribe((s, prev) => {
    if (s.steps !== prev.steps || s.base !== prev.base || s.status !== prev.status) void evaluate();
  });

  const controller: LessonController = {
    state,
    async showList(open) {
      set({ listOpen: open });
      if (open) await loadIndex();
    },
    async open(id, step = 0) {
      const index = await loadIndex();
      const entry = index?.find((l) => l.id === id);
      if (!entry) {
        if (index) set({ error: `There is no lesson named “${id}”.` });
        return;
      }
      try {
        const parsed = parseLesson(await fetchJson(`lessons/${entry.file}`));
        if (!parsed.ok) throw new Error(`${entry.file}: ${parsed.error}`);
        await enter(step, true, parsed.lesson);
      } catch (e) {
        set({ error: `The lesson could not be read: ${e instanceof Error ? e.message : String(e)}` });
      }
    },
    goTo: (n) => enter(n, false),
    async next() {
      const { lesson, step, status } = get();
      if (!lesson) return;
      if (!lesson.steps[step]?.action && status === "look") markDone();
      if (step + 1 < lesson.steps.length) await enter(step + 1, false);
    },
    async finish() {
      const { lesson, step, status } = get();
      if (lesson && !lesson.steps[step]?.action && status === "look") markDone();
      await controller.showList(true);
    },
    async back() {
      const { step } = get();
      if (step > 0) await enter(step - 1, false);
    },
    restartStep: () => enter(get().step, true),
    async doItForMe() {
      const { lesson, step } = get();
      const action = lesson?.steps[step]?.action;
      const s = sim.getState();
      if (!action) return;
      if (baseOf(s) !== base || s.steps.length !== entered) await enter(step, true);
      await sim.getState().apply(action);
    },
    async undo() {
      await sim.getState().undo();
    },
    close() {
      set({ lesson: undefined, step: 0, status: "look", feedback: undefined, did: undefined });
      if (isLessonHash(location.hash)) history.replaceState(null, "", `${location.pathname}${location.search}`);
    },
  };
  return controller;
}
