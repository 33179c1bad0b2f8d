/**
 * A session that keeps a machine one step behind answers a step back from it once it has been still,
 * and the answer is the one a replay from boot gives (same view, same script); steps in a quick run
 * are replays of the checked script, not checked again; without the option nothing is kept.
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
  it("after a pause a step back is the shadow advanced, not a replay, and equals the replay", () => {
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
    // Nothing booted: the shadow stood one step behind (the next one is built only once the session is still).
    expect(boot).not.toHaveBeenCalled();
    expect(parsed).not.toHaveBeenCalled();
    boot.mockRestore();
    parsed.mockRestore();
    const fresh = new SimSession("main").load(back, { irq: 25 });
    expect(answer).toEqual(fresh);
    expect(session.scenario()).toEqual(back);
    // Two further steps back after a pause: the shadow was rebuilt behind, then used.
    vi.runAllTimers();
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
    // The three fresh sessions parsed theirs; this one never did, and built no shadow meanwhile.
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
    session.load(other, {});
    expect(boot).toHaveBeenCalledTimes(1);
    vi.runAllTimers();
    expect(boot).toHaveBeenCalledTimes(2); // the shadow's bare machine, once the session is still
  });
});
