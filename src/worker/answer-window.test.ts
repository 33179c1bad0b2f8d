/**
 * A compare pane's steps back and forward over the positions its shadow's replay passed are answered
 * from what that replay kept, with no machine booted or step replayed, and every answer (view, details,
 * the step's writes) is the one a fresh replay gives; the machine is made when something needs it, and
 * handed over once the page is still.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { compareScript } from "../../bench/compare-script.mjs";
import type { Scenario } from "../scenario/schema";
import { Simulator } from "../sim/simulator";
import { detailRequestOf, stepFocus } from "../sim/step-focus";
import type { DetailRequest, MachineView } from "../sim/views";
import { SimSession } from "./session";
import { StepBackShadow } from "./step-back";

/** The compare benchmark's script (a DSA-like device, steps on its MSI-X and IMS entries), as checked. */
function script(n: number, scheme: "old" | "new" = "new"): Scenario {
  const bench = compareScript(n);
  const booted = Simulator.boot({ ...bench, machine: { ...bench.machine, scheme } });
  if (!booted.ok) throw new Error(booted.error);
  return booted.sim.scenario();
}

const cut = (s: Scenario, n: number): Scenario => ({ ...s, steps: s.steps.slice(0, n) });
const BASE = { interrupts: false, collapsed: [] as string[] };

/** What the page asks for moving from the view on screen to position `n` (store.ts goToStep). */
function pageRequest(s: Scenario, onScreen: MachineView, from: number, n: number): DetailRequest {
  const forward = n > from;
  const focus = stepFocus(onScreen, forward ? s.steps[n - 1] : s.steps[n], false);
  return detailRequestOf(focus, BASE.interrupts, BASE.collapsed);
}

/** A fresh session's answer and step writes at `n`: a replay from boot. */
function replayed(s: Scenario, n: number, want: DetailRequest) {
  const fresh = new SimSession("main");
  const answer = fresh.load(cut(s, n), want);
  return { answer, writes: n > 0 ? fresh.stepWrites(n - 1) : undefined };
}

/** A compare pane's session: `s` loaded at its end, its shadow built (timers run). */
function pane(s: Scenario) {
  vi.useFakeTimers();
  const session = new SimSession("main");
  session.keepStepBack(true);
  const opened = session.load(s, BASE);
  if ("error" in opened) throw new Error(opened.error);
  vi.runAllTimers();
  return { session, view: opened.view };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("the answers kept behind a compare pane", () => {
  for (const scheme of ["old", "new"] as const) {
    it(`steps back and forward again are answered without a machine, as a replay answers (${scheme} scheme)`, () => {
      const s = script(160, scheme);
      const { session, view } = pane(s);
      const moves = [
        ...Array.from({ length: 30 }, (_, k) => 159 - k),
        ...Array.from({ length: 12 }, (_, k) => 131 + k),
      ];
      // The page's requests and a fresh replay's answers, worked out before the session is watched.
      let onScreen = view;
      let at = 160;
      const expected = moves.map((n) => {
        const want = pageRequest(s, onScreen, at, n);
        const r = replayed(s, n, want);
        if ("error" in r.answer) throw new Error(r.answer.error);
        onScreen = r.answer.view;
        at = n;
        return { n, want, ...r };
      });
      const booted = vi.spyOn(Simulator, "bootParsed");
      const stepped = vi.spyOn(Simulator.prototype, "applyChecked");
      const machines = vi.spyOn(StepBackShadow.prototype, "take");
      for (const [i, e] of expected.entries()) {
        // As the page sends it: the script as text, then the step's writes.
        expect(session.load(JSON.stringify(cut(s, e.n)), e.want)).toEqual(e.answer);
        expect(session.stepWrites(e.n - 1)).toEqual(e.writes);
        // The first steps back, before any timer ran: nothing booted or replayed.
        if (i === 3) {
          expect(booted).not.toHaveBeenCalled();
          expect(stepped).not.toHaveBeenCalled();
        }
        // A click every 40 ms, as fast as the page draws: the page is never still.
        vi.advanceTimersByTime(40);
      }
      // No move needed a machine of its own.
      expect(machines).not.toHaveBeenCalled();
    });
  }

  it("a run of steps back longer than what was kept starts a replay that keeps more, at once", () => {
    const s = script(200);
    const { session, view } = pane(s);
    let onScreen = view;
    const expected = [];
    for (let n = 199; n >= 100; n--) {
      const want = pageRequest(s, onScreen, n + 1, n);
      const r = replayed(s, n, want).answer;
      if ("error" in r) throw new Error(r.error);
      expected.push({ n, want, answer: r });
      onScreen = r.view;
    }
    const machines = vi.spyOn(StepBackShadow.prototype, "take");
    for (const e of expected) {
      expect(session.load(cut(s, e.n), e.want)).toEqual(e.answer);
      // A click every 40 ms, as fast as the page draws: the page is never still.
      vi.advanceTimersByTime(40);
    }
    // A hundred steps back, twice what one replay keeps: none needed a machine.
    expect(machines).not.toHaveBeenCalled();
  });

  it("the machine is made when something needs it, and it is the replay's", () => {
    const s = script(120);
    const { session, view } = pane(s);
    const want = pageRequest(s, view, 120, 119);
    session.load(cut(s, 119), want);
    const fresh = new SimSession("main");
    fresh.load(cut(s, 119), BASE);
    const irq = view.irqs.find((r) => r.device === "dsa0" && r.store === "ims")?.irq ?? -1;
    expect(session.details({ irq })).toEqual(fresh.details({ irq }));
    expect(session.irqIdentity(irq)).toBe(fresh.irqIdentity(irq));
    expect(session.irqIdentity(irq)).toBeDefined();
    expect(session.scenario()).toEqual(cut(s, 119));
    const step = { op: "set_affinity", device: "dsa0", store: "msix", index: 1, cpus: "9" };
    expect(session.apply(step, BASE)).toEqual(fresh.apply(step, BASE));
  });

  it("once the page is still the machine is handed over, with a shadow one step behind it", () => {
    const s = script(120);
    const { session, view } = pane(s);
    session.load(cut(s, 119), pageRequest(s, view, 120, 119));
    vi.runAllTimers();
    const booted = vi.spyOn(Simulator, "bootParsed");
    const step = { op: "set_affinity", device: "dsa0", store: "msix", index: 2, cpus: "3" };
    session.apply(step, BASE);
    vi.runAllTimers();
    // The action found its machine, and the shadow behind it only took the step before it.
    expect(booted).not.toHaveBeenCalled();
    // A step back from it: the shadow, no boot either.
    const after = session.scenario();
    const back = session.load(cut(after, 119), BASE);
    expect(booted).not.toHaveBeenCalled();
    expect(back).toEqual(replayed(after, 119, BASE).answer);
  });

  it("a request the page did not make before is replayed, and so is a position of a script since changed", () => {
    const s = script(120);
    const { session, view } = pane(s);
    const other = { ...BASE, cpu: 3 };
    expect(session.load(cut(s, 118), other)).toEqual(replayed(s, 118, other).answer);
    // Another step at 118: the old script's positions beyond it are not the session's any more.
    const step = { op: "raise", device: "dsa0", store: "msix", index: 0 };
    session.apply(step, BASE);
    vi.runAllTimers();
    const want = pageRequest(s, view, 118, 119);
    expect(session.load(cut(s, 119), want)).toEqual(replayed(s, 119, want).answer);
  });
});
