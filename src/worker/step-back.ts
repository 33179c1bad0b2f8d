/**
 * A session's simulator kept one step behind the session, so that a step back — undo, a compare's
 * Back — is answered by advancing it to the step asked for instead of replaying the whole script from
 * boot. It is brought up to date once the session has been still for a moment: by the steps the
 * session took, or, after a step back used it up, by replaying the checked script in one go (a
 * 1,000-step script: about 20 ms). Not after every answer: in a quick run of steps that replay would
 * take the cores the page needs to draw them (measured: steps back 20 % slower on two cores), and a
 * step back in such a run is a replay of the checked script anyway (own-prefix.ts). Opt-in per
 * session (the compare panes): it costs a second machine and that background work.
 */
import { Simulator } from "../sim/simulator";
import { headText } from "./own-prefix";

/** How far behind a shadow may be and still be advanced step by step rather than replayed. */
const NEAR = 32;
/** How long the session must be still before the shadow is brought up to date. */
const QUIET_MS = 400;

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
    if (!Array.isArray(want.steps) || headText(want) !== this.shadowHead) return undefined;
    const have = s.records.length;
    // A shadow still far behind is slower to advance step by step (each step checked alone) than a
    // replay of the checked script (own-prefix.ts): only a nearly built one is taken.
    if (have > want.steps.length || want.steps.length - have > NEAR) return undefined;
    const done = JSON.stringify(s.records.map((r) => r.step));
    if (done !== JSON.stringify(want.steps.slice(0, have))) return undefined;
    this.shadow = undefined;
    // A step the session recorded cannot be refused on the same machine; if one is, replay instead.
    for (const step of want.steps.slice(have)) if (!s.apply(step).record) return undefined;
    return s;
  }

  /** The session now stands at `current`: bring the shadow to one step behind it once the session is still. */
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
      target.length - s.records.length <= NEAR &&
      JSON.stringify(s.records.map((r) => r.step)) === JSON.stringify(target.slice(0, s.records.length));
    if (usable) {
      // A step forward (or a few): the shadow takes the same steps.
      while (s.records.length < target.length) s.apply(target[s.records.length]);
      return;
    }
    // The session's own steps, as it recorded them: replayed without checking them again.
    const booted = Simulator.bootParsed({ ...scenario, steps: target });
    this.shadow = booted.ok ? booted.sim : undefined;
    this.shadowHead = head;
  }

  drop(): void {
    clearTimeout(this.pending);
    this.shadow = undefined;
  }
}
