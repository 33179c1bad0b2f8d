/**
 * A second simulator built toward one step behind the session, a slice of steps at a time between
 * the session's requests, so that a step back — undo, a compare's Back — is answered by finishing it
 * instead of replaying the whole script from boot. A step back that comes before it is done finishes
 * what is left (never more than a replay); one that comes after it is done costs nothing but the view.
 * The slices (100 steps or 8 ms) keep the worker answering: a request waits for one slice at most.
 * Opt-in per session (the compare panes): it costs a second machine and that background work.
 */
import type { Scenario, Step } from "../scenario/schema";
import { Simulator } from "../sim/simulator";
import { headText } from "./own-prefix";

/** Steps replayed per slice (a 1,000-step script replays in about 20 ms: a slice is 2–5 ms in a browser). */
const SLICE_STEPS = 100;
/** And at most this long (the step running then is finished). */
const SLICE_MS = 8;
/** In a browser's worker the slices follow each other through a MessageChannel (Node's tests: timers). */
const IN_A_WORKER = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";

/** The script the shadow is built toward: the session's, less its last step. */
interface Goal {
  readonly head: string;
  readonly scenario: Scenario;
}

export class StepBackShadow {
  private shadow: Simulator | undefined;
  private goal: Goal | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every cancel: a slice posted before it does not run. */
  private generation = 0;

  /**
   * A simulator standing exactly at `own` (a prefix of the session's checked script), made from the
   * shadow by replaying the steps it still lacks; undefined when the shadow is not on that script's way.
   */
  take(own: Scenario): Simulator | undefined {
    const s = this.shadow;
    const goal = this.goal;
    if (!s || !goal || headText(own) !== goal.head || s.records.length > own.steps.length) return undefined;
    if (!sameSteps(own.steps, s.records.length, goal.scenario.steps)) return undefined;
    this.shadow = undefined;
    this.goal = undefined;
    this.cancel();
    // The goal's step objects are the ones the shadow replayed: `own` agrees with them up to here.
    for (let n = s.records.length; n < own.steps.length; n++) {
      const step = own.steps[n];
      if (step) s.applyChecked(step);
    }
    return s;
  }

  /** The session now stands at `current`: build the shadow toward one step behind it, from now on. */
  follow(current: Simulator): void {
    const scenario = current.scenario();
    const goal: Goal = {
      head: headText(scenario),
      scenario: { ...scenario, steps: scenario.steps.slice(0, Math.max(0, scenario.steps.length - 1)) },
    };
    const s = this.shadow;
    const old = this.goal;
    // A shadow on the way to the new goal keeps what it built (a step forward: one more step to take).
    const onTheWay =
      s !== undefined &&
      old !== undefined &&
      old.head === goal.head &&
      s.records.length <= goal.scenario.steps.length &&
      sameSteps(goal.scenario.steps, s.records.length, old.scenario.steps);
    if (!onTheWay) this.shadow = undefined;
    this.goal = goal;
    this.schedule();
  }

  drop(): void {
    this.cancel();
    this.shadow = undefined;
    this.goal = undefined;
  }

  private cancel(): void {
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.pending = undefined;
    this.generation++;
  }

  /**
   * The next slice, in a task of its own at once (after a request already waiting). At once, not after
   * a pause for the page to draw: measured on two cores, 100 steps back clicked as fast as drawn
   * (median / p95), at once 51–53 / 83–97, after 20 ms 53–66 / 117–129, after 60 ms 57–60 / 114–125.
   */
  private schedule(): void {
    this.cancel();
    const mine = this.generation;
    if (!IN_A_WORKER) {
      this.pending = setTimeout(() => {
        this.pending = undefined;
        this.slice();
      });
      return;
    }
    // Not setTimeout(0): nested timers wait at least 4 ms each, which left the worker idle for half
    // of a build cut in 4 ms slices.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      if (mine === this.generation) this.slice();
    };
    channel.port2.postMessage(null);
  }

  /** One slice of the build: boot the machine, or replay the next steps toward the goal. */
  private slice(): void {
    const goal = this.goal;
    if (!goal) return;
    if (!this.shadow) {
      const booted = Simulator.bootParsed({ ...goal.scenario, steps: [] });
      if (!booted.ok) return;
      this.shadow = booted.sim;
    }
    const s = this.shadow;
    const steps = goal.scenario.steps;
    const end = Math.min(steps.length, s.records.length + SLICE_STEPS);
    // Also cut by time: a step can be heavy (2,048 vectors allocated), and a request must not wait long.
    const until = performance.now() + SLICE_MS;
    for (let n = s.records.length; n < end; n++) {
      const step = steps[n];
      if (step) s.applyChecked(step);
      if (performance.now() >= until) break;
    }
    if (s.records.length < steps.length) this.schedule();
  }
}

/**
 * Whether `a` and `b` agree on their first `count` steps: the same objects (the usual case: both taken
 * from one session's records, on every answer) or, from the first that is not, the same text.
 */
function sameSteps(a: readonly Step[], count: number, b: readonly Step[]): boolean {
  if (a.length < count || b.length < count) return false;
  let i = 0;
  while (i < count && a[i] === b[i]) i++;
  return i === count || JSON.stringify(a.slice(i, count)) === JSON.stringify(b.slice(i, count));
}
