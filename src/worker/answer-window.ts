/**
 * What the positions just behind a compare pane looked like, kept from the replay that passed them: a
 * step back (or forward again) to one of them is answered from here, with no machine at all, and the
 * session's machine is made only when something needs it. One replay from boot leaves many positions'
 * answers behind, where it used to leave one machine one step back: stepping back quickly no longer
 * costs a replay per step, whose CPU the page's redraw needed on a two-core machine.
 *
 * An answer is kept for the requests the page will make there: `stepFocus` on the kept view names what
 * stepping back or forward selects, `detailRequestOf` turns it into the request, as the page does. A
 * load with any other request, or on another script, is not found here and is replayed as before.
 */
import type { Scenario, Step } from "../scenario/schema";
import type { Simulator } from "../sim/simulator";
import { detailRequestOf, stepFocus } from "../sim/step-focus";
import type { StepWrites } from "../sim/step-writes";
import type { MachineRole } from "../sim/tree-ids";
import { type DetailRequest, type Details, details, type MachineView, machineView } from "../sim/views";
import type { LoadAnswer } from "./api";
import { headText } from "./own-prefix";

/** Positions kept at most (the farthest from where the session stands go first): ~35 KB each, 5.6 MB in all. */
const MAX_KEPT = 160;

/** A request as text, the same for the same request whatever its fields' order. */
function requestKey(want: DetailRequest): string {
  return JSON.stringify([
    want.irq ?? null,
    want.cpu ?? null,
    want.domain ?? null,
    want.interrupts ?? null,
    want.collapsed ?? null,
  ]);
}

/** One position: its view, its details for each request the page may make there, its last step's writes. */
interface KeptPosition {
  readonly view: MachineView;
  readonly details: ReadonlyMap<string, Details>;
  readonly writes: StepWrites | undefined;
}

export class AnswerWindow {
  /** The script the positions are of (the longest one followed), its head, and the request's fold. */
  private head: string | undefined;
  private steps: readonly Step[] = [];
  private base: Pick<DetailRequest, "interrupts" | "collapsed"> = {};
  private baseKey = "";
  private readonly kept = new Map<number, KeptPosition>();

  constructor(private readonly machine: MachineRole) {}

  /**
   * The session stands at the end of `script`, asked with `want`: positions of another machine, or of
   * steps `script` no longer shares, or made for another fold or /proc/interrupts choice, are dropped.
   */
  follow(script: Scenario, want: DetailRequest): void {
    const head = headText(script);
    const base = { interrupts: want.interrupts, collapsed: want.collapsed };
    const baseKey = requestKey(base);
    if (head !== this.head || baseKey !== this.baseKey) {
      this.kept.clear();
      this.head = head;
      this.steps = script.steps;
      this.base = base;
      this.baseKey = baseKey;
    } else {
      // A step back keeps the longer script: its later positions are still the ones a step forward shows.
      // Another step at some position: the positions after it are another script's.
      const shared = sharedSteps(this.steps, script.steps);
      if (shared < script.steps.length) {
        for (const position of this.kept.keys()) if (position > shared) this.kept.delete(position);
        this.steps = script.steps;
      }
    }
    this.trim(script.steps.length);
  }

  has(position: number): boolean {
    return this.kept.has(position);
  }

  /** Keeps what `sim`, standing at `position` of the script followed, answers there. */
  keep(sim: Simulator, position: number): void {
    const view = machineView(sim, this.base, this.machine);
    const asked = new Map<string, Details>();
    for (const want of this.requestsAt(view, position)) {
      const key = requestKey(want);
      if (!asked.has(key)) asked.set(key, details(sim, want, this.machine));
    }
    this.kept.set(position, { view, details: asked, writes: position > 0 ? sim.stepWrites(position - 1) : undefined });
  }

  /**
   * What a step to `position` asks for (store.ts goToStep): back from the next position, the step undone
   * (steps[position]) in the view on screen; forward, the step now applied (steps[position - 1]), first
   * guessed in the view before it, then by its record. The kept view stands in for the view on screen:
   * where the two would name another irq, the page's request is not found and is replayed.
   */
  private requestsAt(view: MachineView, position: number): DetailRequest[] {
    const focuses = [
      stepFocus(view, this.steps[position], false),
      stepFocus(view, this.steps[position - 1], false),
      stepFocus(view, this.steps[position - 1], true),
    ];
    return focuses.flatMap((f) => (f ? [detailRequestOf(f, this.base.interrupts, this.base.collapsed)] : []));
  }

  /** The answer to a load of `own` (a prefix of the script followed) with `want`, if kept. */
  answer(own: Scenario, want: DetailRequest): LoadAnswer | undefined {
    const at = this.at(own);
    const details = at?.details.get(requestKey(want));
    return at && details ? { view: at.view, details } : undefined;
  }

  /** What step `n` wrote, kept with the position just after it on `own`'s script. */
  writes(own: Scenario, n: number): { readonly writes: StepWrites | undefined } | undefined {
    const at = n + 1 === own.steps.length ? this.at(own) : undefined;
    return at ? { writes: at.writes } : undefined;
  }

  private at(own: Scenario): KeptPosition | undefined {
    const position = own.steps.length;
    const at = this.kept.get(position);
    if (!at || headText(own) !== this.head || sharedSteps(own.steps, this.steps) < position) return undefined;
    return at;
  }

  /** At most MAX_KEPT positions, the nearest to `position`. */
  private trim(position: number): void {
    if (this.kept.size <= MAX_KEPT) return;
    const byDistance = [...this.kept.keys()].sort((a, b) => Math.abs(b - position) - Math.abs(a - position));
    for (const p of byDistance.slice(0, this.kept.size - MAX_KEPT)) this.kept.delete(p);
  }
}

/**
 * How many first steps `a` and `b` share: the same objects (both from one session's checked script, the
 * usual case) or, from the first that is not, the same text. The shadow's tests of its way use it too.
 */
export function sharedSteps(a: readonly Step[], b: readonly Step[]): number {
  const count = Math.min(a.length, b.length);
  let i = 0;
  while (i < count && a[i] === b[i]) i++;
  while (i < count && JSON.stringify(a[i]) === JSON.stringify(b[i])) i++;
  return i;
}
