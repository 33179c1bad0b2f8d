/**
 * A second simulator built toward a position of the session's script, a slice of steps at a time
 * between the session's requests: one step behind the session, so that a step back — undo, a compare's
 * Back — is answered by finishing it instead of replaying the whole script from boot; or, once the
 * session stands where only kept answers were (answer-window.ts), that position itself, so that what
 * comes next finds its machine. The replay keeps the answers of the positions it passes just behind the
 * session: a run of steps back is answered from them without a machine, one replay for dozens of steps.
 * The slices (100 steps or 8 ms) keep the worker answering: a request waits for one slice at most.
 * Opt-in per session (the compare panes): it costs a second machine and that background work.
 */
import type { Scenario } from "../scenario/schema";
import { Simulator } from "../sim/simulator";
import type { MachineRole } from "../sim/tree-ids";
import type { DetailRequest } from "../sim/views";
import { AnswerWindow, sharedSteps } from "./answer-window";
import type { LoadAnswer } from "./api";
import { headText } from "./own-prefix";

/** Steps replayed per slice (a 1,000-step script replays in about 20 ms: a slice is 2–5 ms in a browser). */
const SLICE_STEPS = 100;
/** And at most this long (the step running then is finished). */
const SLICE_MS = 8;
/** In a browser's worker the slices follow each other through a MessageChannel (Node's tests: timers). */
const IN_A_WORKER = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined";
/** A replay started for a run of steps back keeps the answers of this many positions behind the session. */
const KEEP_BEHIND = 48;
/**
 * One started by a load or an action, fewer: the first steps back, without taking much CPU from the
 * next move (a jump's replay costs ~0.6 ms more per position kept: its view and details).
 */
const KEEP_ON_LOAD = 16;
/** Fewer kept positions than this just behind the session: a new replay starts at once. */
const KEEP_MARGIN = 12;
/**
 * Standing on a kept answer, the session's own machine is built once the page has been still this long:
 * while the user steps, the page's redraws have the CPU to themselves.
 */
const QUIET_MS = 300;
/**
 * A replay that keeps more while the session still has a dozen kept answers behind it has time: its
 * slices are this far apart, so that the two panes' workers leave the page's thread a core of its own
 * while the user keeps stepping (it is done within four or five steps).
 */
const PACED_GAP_MS = 12;

/** The script the shadow is built toward, from which position on it keeps answers, and for whom. */
interface Goal {
  readonly head: string;
  readonly scenario: Scenario;
  readonly keepFrom: number;
  /** Built for the session standing on a kept answer at `for`: handed over to it once built. */
  readonly for?: Scenario;
  /** Its slices PACED_GAP_MS apart. */
  readonly paced?: boolean;
  /**
   * The session's machine when it was followed, and its version then: its own position is kept by the
   * first slice (after the answer has gone), if nothing ran on it since.
   */
  readonly live?: { readonly sim: Simulator; readonly version: number };
}

export class StepBackShadow {
  private shadow: Simulator | undefined;
  private goal: Goal | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every cancel: a slice posted before it does not run. */
  private generation = 0;
  private readonly window: AnswerWindow;

  /** `handOver`: the machine built for the session standing at `at`, which takes it if it still stands there. */
  constructor(
    machine: MachineRole,
    private readonly handOver: (sim: Simulator, at: Scenario) => void = () => undefined,
  ) {
    this.window = new AnswerWindow(machine);
  }

  /** A kept answer to a load of `own` with `want` (no machine stands there: the session makes it later). */
  kept(own: Scenario, want: DetailRequest): LoadAnswer | undefined {
    return this.window.answer(own, want);
  }

  /** What step `n` wrote, when kept with the position the session stands at (`own`). */
  keptWrites(own: Scenario, n: number): ReturnType<AnswerWindow["writes"]> {
    return this.window.writes(own, n);
  }

  /**
   * A simulator standing exactly at `own` (a prefix of the session's checked script), made from the
   * shadow by replaying the steps it still lacks; undefined when the shadow is not on that script's way.
   */
  take(own: Scenario): Simulator | undefined {
    const s = this.shadow;
    const goal = this.goal;
    if (!s || !goal || headText(own) !== goal.head || s.records.length > own.steps.length) return undefined;
    if (sharedSteps(own.steps, goal.scenario.steps) < s.records.length) return undefined;
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

  /** The session now stands at `current`, asked with `want`: the shadow goes one step behind it, at once. */
  follow(current: Simulator, want: DetailRequest): void {
    const scenario = current.scenario();
    this.window.follow(scenario, want);
    const n = scenario.steps.length;
    // Its own position kept too: a step forward back to here, after steps back, needs no machine.
    this.aim(scenario, Math.max(0, n - 1), n - KEEP_ON_LOAD, 0, { live: { sim: current, version: current.version } });
  }

  /**
   * The session stands at `at` on a kept answer, with no machine: with enough answers kept just behind
   * it, its machine is built once the page is still, and handed over (the session then follows with a
   * shadow behind it, as after any load); with too few, a replay that keeps more starts now.
   */
  followKept(at: Scenario, want: DetailRequest): void {
    this.window.follow(at, want);
    const n = at.steps.length;
    let behind = 0;
    while (behind < KEEP_MARGIN && n - 1 - behind >= 0 && this.window.has(n - 1 - behind)) behind++;
    if (behind === Math.min(KEEP_MARGIN, n)) this.aim(at, n, n + 1 - KEEP_BEHIND, QUIET_MS, { for: at });
    else this.aim(at, n - 1, n - KEEP_BEHIND, 0, { paced: true });
  }

  /** Builds toward `position` of `scenario`, keeping answers from `keepFrom` on, starting after `delayMs`. */
  private aim(
    scenario: Scenario,
    position: number,
    keepFrom: number,
    delayMs: number,
    how: Pick<Goal, "for" | "paced" | "live"> = {},
  ): void {
    const goal: Goal = {
      head: headText(scenario),
      scenario: { ...scenario, steps: scenario.steps.slice(0, Math.max(0, position)) },
      keepFrom,
      ...how,
    };
    const s = this.shadow;
    const old = this.goal;
    // A shadow on the way to the new goal keeps what it built (a step forward: one more step to take).
    const onTheWay =
      s !== undefined &&
      old !== undefined &&
      old.head === goal.head &&
      s.records.length <= goal.scenario.steps.length &&
      sharedSteps(goal.scenario.steps, old.scenario.steps) >= s.records.length;
    if (!onTheWay) this.shadow = undefined;
    this.goal = goal;
    if (onTheWay && s.records.length === goal.scenario.steps.length && !goal.for && !goal.live) {
      this.cancel();
      this.keepAt(s, goal);
      return;
    }
    this.schedule(delayMs);
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
   * The next slice, in a task of its own: at once (after a request already waiting), or after `delayMs`.
   * At once after a step back, not after a pause for the page to draw: measured on two cores, 100 steps
   * back clicked as fast as drawn (median / p95), at once 51–53 / 83–97, after 20 ms 53–66 / 117–129,
   * after 60 ms 57–60 / 114–125.
   */
  private schedule(delayMs = 0): void {
    this.cancel();
    const mine = this.generation;
    if (!IN_A_WORKER || delayMs > 0) {
      this.pending = setTimeout(() => {
        this.pending = undefined;
        if (mine === this.generation) this.slice();
      }, delayMs);
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

  /** One slice of the build: boot the machine, or replay the next steps toward the goal, keeping answers. */
  private slice(): void {
    const goal = this.goal;
    if (!goal) return;
    const live = goal.live;
    if (live) {
      this.goal = { ...goal, live: undefined };
      const position = live.sim.records.length;
      if (live.sim.version === live.version && !this.window.has(position)) this.window.keep(live.sim, position);
    }
    if (!this.shadow) {
      const booted = Simulator.bootParsed({ ...goal.scenario, steps: [] });
      if (!booted.ok) return;
      this.shadow = booted.sim;
      this.keepAt(this.shadow, goal);
    }
    const s = this.shadow;
    const steps = goal.scenario.steps;
    const end = Math.min(steps.length, s.records.length + SLICE_STEPS);
    // Also cut by time: a step can be heavy (2,048 vectors allocated), and a request must not wait long.
    const until = performance.now() + SLICE_MS;
    for (let n = s.records.length; n < end; n++) {
      const step = steps[n];
      if (step) s.applyChecked(step);
      this.keepAt(s, goal);
      if (performance.now() >= until) break;
    }
    if (s.records.length < steps.length) this.schedule(goal.paced ? PACED_GAP_MS : 0);
    else if (goal.for) {
      this.shadow = undefined;
      this.goal = undefined;
      this.handOver(s, goal.for);
    }
  }

  /** Keeps the answer of the position `s` stands at, when the goal keeps it and it is not kept yet. */
  private keepAt(s: Simulator, goal: Goal): void {
    const position = s.records.length;
    if (position >= goal.keepFrom && !this.window.has(position)) this.window.keep(s, position);
  }
}
