/**
 * A session that keeps a machine one step behind answers a step back from it, brought up to date once
 * the session is still, and the answer is the one a replay from boot gives (same view, same script); a
 * step back before that is a replay of the checked script, not checked again.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { PRESETS } from "../scenario/presets";
import { Simulator } from "../sim/simulator";
import { SimSession } from "./session";

const SERVER = PRESETS.find((p) => p.id === "server-vtd")?.scenario;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("keepStepBack", () => {
  it("a step back is the shadow advanced, not a replay, and equals the replay", () => {
    vi.useFakeTimers();
    const session = new SimSession("main");
    session.keepStepBack(true);
    expect("error" in session.load(SERVER, {})).toBe(false);
    const whole = session.scenario();
    session.apply({ op: "cpu_offline", cpu: 5 }, {});
    vi.runAllTimers();
    const boot = vi.spyOn(Simulator, "boot");
    const parsed = vi.spyOn(Simulator, "bootParsed");
    const back = { ...whole, steps: whole.steps.slice(0, whole.steps.length) };
    const answer = session.load(back, { irq: 25 });
    // Nothing booted: the shadow stood one step behind (the next one is built once the session is still).
    expect(boot).not.toHaveBeenCalled();
    expect(parsed).not.toHaveBeenCalled();
    boot.mockRestore();
    parsed.mockRestore();
    const fresh = new SimSession("main").load(back, { irq: 25 });
    expect(answer).toEqual(fresh);
    expect(session.scenario()).toEqual(back);
    // Two further steps back: the shadow was rebuilt behind (the checked script, not parsed again), then used.
    const rebuilt = vi.spyOn(Simulator, "bootParsed");
    vi.runAllTimers();
    expect(rebuilt).toHaveBeenCalledTimes(1);
    const twoBack = { ...whole, steps: whole.steps.slice(0, whole.steps.length - 2) };
    expect(session.load(twoBack, {})).toEqual(new SimSession("main").load(twoBack, {}));
  });

  it("steps back in a quick run replay the checked script without checking it again", () => {
    vi.useFakeTimers();
    const session = new SimSession("main");
    session.keepStepBack(true);
    session.load(SERVER, {});
    const whole = session.scenario();
    const boot = vi.spyOn(Simulator, "boot");
    const parsed = vi.spyOn(Simulator, "bootParsed");
    for (let k = 1; k <= 3; k++) {
      const back = { ...whole, steps: whole.steps.slice(0, whole.steps.length - k) };
      expect(session.load(back, { irq: 25 })).toEqual(new SimSession("main").load(back, { irq: 25 }));
    }
    // The three fresh sessions parsed theirs; this one never did (its shadow was never built: no pause).
    expect(boot).toHaveBeenCalledTimes(3);
    expect(parsed).toHaveBeenCalledTimes(3 + 3);
  });

  it("a load of another machine or script is booted as before", () => {
    vi.useFakeTimers();
    const session = new SimSession("main");
    session.keepStepBack(true);
    session.load(SERVER, {});
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
