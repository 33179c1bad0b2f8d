/**
 * A session that keeps a machine one step behind answers a step back from it, and the answer is the
 * one a replay from boot gives (same view, same script); without the option nothing is kept.
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
    const back = { ...whole, steps: whole.steps.slice(0, whole.steps.length) };
    const answer = session.load(back, { irq: 25 });
    // Only the next shadow's bare machine is booted: the script is not replayed.
    expect(boot.mock.calls.map(([s]) => (s as { steps: unknown[] }).steps.length)).toEqual([0]);
    boot.mockRestore();
    const fresh = new SimSession("main").load(back, { irq: 25 });
    expect(answer).toEqual(fresh);
    expect(session.scenario()).toEqual(back);
    // Two further steps back: the shadow is rebuilt behind each (in the background), then used.
    vi.runAllTimers();
    const twoBack = { ...whole, steps: whole.steps.slice(0, whole.steps.length - 2) };
    expect(session.load(twoBack, {})).toEqual(new SimSession("main").load(twoBack, {}));
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
    expect(boot).toHaveBeenCalledTimes(2); // the laptop, then the shadow's bare machine behind it
  });
});
