/**
 * A session that keeps a machine one step behind answers a step back from it, built between requests a
 * slice at a time, and the answer is the one a replay from boot gives (same view, same script); a step
 * back before the build began is a replay of the checked script, not checked again, and one that comes
 * in the middle of it finishes the build.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { PRESETS } from "../scenario/presets";
import { Simulator } from "../sim/simulator";
import { SimSession } from "./session";

const SERVER = PRESETS.find((p) => p.id === "server-vtd")?.scenario;

/** A session that keeps a machine one step behind, on fake timers, with `script` loaded. */
function keepingStepBack(script: unknown = SERVER): SimSession {
  vi.useFakeTimers();
  const session = new SimSession("main");
  session.keepStepBack(true);
  expect("error" in session.load(script, {})).toBe(false);
  return session;
}

/** `s` without its last `k` steps. */
function cut<S extends { steps: readonly unknown[] }>(s: S, k: number): S {
  return { ...s, steps: s.steps.slice(0, s.steps.length - k) };
}

/** What a fresh session answers for `script`: a replay from boot. */
const replayed = (script: unknown, want = {}) => new SimSession("main").load(script, want);

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("keepStepBack", () => {
  it("a step back is the shadow advanced, not a replay, and equals the replay", () => {
    const session = keepingStepBack();
    const whole = session.scenario();
    session.apply({ op: "cpu_offline", cpu: 5 }, {});
    vi.runAllTimers();
    const boot = vi.spyOn(Simulator, "boot");
    const parsed = vi.spyOn(Simulator, "bootParsed");
    const back = whole;
    const answer = session.load(back, { irq: 25 });
    // Nothing booted: the shadow stood one step behind (the next one is built once the session is still).
    expect(boot).not.toHaveBeenCalled();
    expect(parsed).not.toHaveBeenCalled();
    boot.mockRestore();
    parsed.mockRestore();
    const fresh = replayed(back, { irq: 25 });
    expect(answer).toEqual(fresh);
    expect(session.scenario()).toEqual(back);
    // Two further steps back: the shadow was rebuilt behind (the checked script, not parsed again), then used.
    const rebuilt = vi.spyOn(Simulator, "bootParsed");
    vi.runAllTimers();
    expect(rebuilt).toHaveBeenCalledTimes(1);
    const twoBack = cut(whole, 2);
    expect(session.load(twoBack, {})).toEqual(replayed(twoBack));
  });

  it("steps back in a quick run replay the checked script without checking it again", () => {
    const session = keepingStepBack();
    const whole = session.scenario();
    const boot = vi.spyOn(Simulator, "boot");
    const parsed = vi.spyOn(Simulator, "bootParsed");
    for (let k = 1; k <= 3; k++) {
      const back = cut(whole, k);
      expect(session.load(back, { irq: 25 })).toEqual(replayed(back, { irq: 25 }));
    }
    // The three fresh sessions parsed theirs; this one never did (its shadow was never built: no pause).
    expect(boot).toHaveBeenCalledTimes(3);
    expect(parsed).toHaveBeenCalledTimes(3 + 3);
  });

  it("a step back in the middle of the build finishes it, and equals the replay", () => {
    // 200 steps: the shadow takes several slices to come up behind them.
    const flips = Array.from({ length: 200 }, (_, i) => ({ op: i % 2 ? "cpu_online" : "cpu_offline", cpu: 5 }));
    const base = SERVER as { steps: unknown[] };
    const session = keepingStepBack({ ...base, steps: [...base.steps, ...flips] });
    const whole = session.scenario();
    // One slice: the machine booted; a second: its first steps.
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    const boot = vi.spyOn(Simulator, "boot");
    const parsed = vi.spyOn(Simulator, "bootParsed");
    const back = cut(whole, 3);
    // As the page sends it: the script as JSON text.
    const answer = session.load(JSON.stringify(back), { irq: 25 });
    expect(boot).not.toHaveBeenCalled();
    expect(parsed).not.toHaveBeenCalled();
    boot.mockRestore();
    parsed.mockRestore();
    expect(answer).toEqual(replayed(back, { irq: 25 }));
    expect(session.scenario()).toEqual(back);
  });

  it("a step forward, after a step back too, advances the shadow instead of building it again", () => {
    const session = keepingStepBack();
    vi.runAllTimers();
    const parsed = vi.spyOn(Simulator, "bootParsed");
    session.apply({ op: "cpu_offline", cpu: 5 }, {});
    vi.runAllTimers();
    expect(parsed).not.toHaveBeenCalled();
    const whole = session.scenario();
    const back = cut(whole, 1);
    expect(session.load(back, {})).toEqual(replayed(back));
    // The shadow was used up: one boot to build the next one behind the step back.
    vi.runAllTimers();
    parsed.mockClear();
    // Another step than the one undone: the shadow behind it is the same, one step on.
    session.apply({ op: "cpu_offline", cpu: 6 }, {});
    vi.runAllTimers();
    expect(parsed).not.toHaveBeenCalled();
    const again = session.scenario();
    const backAgain = cut(again, 1);
    expect(session.load(backAgain, {})).toEqual(replayed(backAgain));
  });

  it("a slice of the build stops after 8 ms, however few steps it took", () => {
    const session = keepingStepBack();
    // Each reading of the clock 5 ms later: the slice's second step ends it.
    let now = 0;
    vi.spyOn(performance, "now").mockImplementation(() => (now += 5));
    const applied = vi.spyOn(Simulator.prototype, "applyChecked");
    vi.advanceTimersToNextTimer();
    expect(applied).toHaveBeenCalledTimes(2);
    // The rest in later slices, and the shadow is then used whole.
    vi.runAllTimers();
    const whole = session.scenario();
    expect(applied.mock.calls.length).toBe(whole.steps.length - 1);
    vi.restoreAllMocks();
    const back = cut(whole, 1);
    const parsed = vi.spyOn(Simulator, "bootParsed");
    expect(session.load(back, {})).toEqual(replayed(back));
    // One boot: the fresh session's; this one's step back was the shadow.
    expect(parsed).toHaveBeenCalledTimes(1);
  });

  it("a load of another machine or script is booted as before", () => {
    const session = keepingStepBack();
    vi.runAllTimers();
    const other = PRESETS.find((p) => p.id === "laptop")?.scenario;
    const boot = vi.spyOn(Simulator, "boot");
    const parsed = vi.spyOn(Simulator, "bootParsed");
    session.load(other, {});
    expect(boot).toHaveBeenCalledTimes(1);
    vi.runAllTimers();
    // The shadow behind the new script: its checked steps replayed, not parsed again.
    expect(boot).toHaveBeenCalledTimes(1);
    expect(parsed).toHaveBeenCalledTimes(2);
  });
});
