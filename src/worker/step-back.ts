/**
 * A session's simulator kept one step behind the session, built in the background a few steps per
 * task (so a request never waits long behind it) once the session has been still for a moment, so
 * that a step back — undo, a compare's Back — is answered by advancing it to the step asked for
 * instead of replaying the whole script from boot. Opt-in per session (the compare panes): it costs
 * a second machine and the background work. Steps taken in a quick run are not followed one by one:
 * each rebuild would replay the script again behind the user's back, on the cores the steps need.
 */
import { Simulator } from "../sim/simulator";

/** Steps a background slice applies before letting the worker answer a request. */
const SLICE = 16;
/** How long the session must be still before the shadow is built behind it. */
const QUIET_MS = 400;

/** Title, machine and steps as text: two scenarios are the same session iff these match. */
function headText(s: { readonly title?: string; readonly machine: unknown }): string {
  return JSON.stringify([s.title ?? "", s.machine]);
}

export class StepBackShadow {
  private shadow: Simulator | undefined;
  private shadowHead = "";
  private pending: ReturnType<typeof setTimeout> | undefined;

  /**
   * A simulator standing exactly at `scenario` (a load of a prefix of the session's own steps), made
   * from the shadow by applying the steps it still lacks; undefined when the shadow cannot be used.
   */
  take(scenario: unknown): Simulator | undefined {
    const s = this.shadow;
    if (!s || typeof scenario !== "object" || scenario === null) return undefined;
    const want = scenario as { title?: string; machine?: unknown; steps?: unknown };
    if (!Array.isArray(want.steps) || headText({ ...want, machine: want.machine }) !== this.shadowHead)
      return undefined;
    const have = s.records.length;
    // A shadow still far behind is slower to advance step by step than a replay from boot (which
    // checks the whole script at once): only a nearly built one is taken.
    if (have > want.steps.length || want.steps.length - have > 2 * SLICE) return undefined;
    const done = JSON.stringify(s.records.map((r) => r.step));
    if (done !== JSON.stringify(want.steps.slice(0, have))) return undefined;
    this.shadow = undefined;
    // A step the session recorded cannot be refused on the same machine; if one is, replay instead.
    for (const step of want.steps.slice(have)) if (!s.apply(step).record) return undefined;
    return s;
  }

  /** The session now stands at `current`: bring the shadow to one step behind it, once the session is still. */
  follow(current: Simulator): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.build(current), QUIET_MS);
  }

  private build(current: Simulator): void {
    const scenario = current.scenario();
    const target = scenario.steps.slice(0, Math.max(0, scenario.steps.length - 1));
    const head = headText(scenario);
    const s = this.shadow;
    const usable =
      s !== undefined &&
      this.shadowHead === head &&
      s.records.length <= target.length &&
      JSON.stringify(s.records.map((r) => r.step)) === JSON.stringify(target.slice(0, s.records.length));
    if (!usable) {
      const booted = Simulator.boot({ ...scenario, steps: [] });
      this.shadow = booted.ok ? booted.sim : undefined;
      this.shadowHead = head;
    }
    const step = (): void => {
      const sim = this.shadow;
      if (!sim) return;
      for (let i = 0; i < SLICE && sim.records.length < target.length; i++) sim.apply(target[sim.records.length]);
      if (sim.records.length < target.length) this.pending = setTimeout(step, 0);
    };
    this.pending = setTimeout(step, 0);
  }

  drop(): void {
    clearTimeout(this.pending);
    this.shadow = undefined;
  }
}
