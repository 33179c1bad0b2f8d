import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../scenario/presets";
import type { Command } from "./commands";
import { Simulator } from "./simulator";
import { stepFocus } from "./step-focus";
import { machineView } from "./views";

function viewAfter(steps: readonly Command[]) {
  const base = DEFAULT_PRESET.scenario;
  const r = Simulator.boot({ ...base, steps: [...(base.steps ?? []), ...steps] });
  if (!r.ok) throw new Error(r.error);
  return machineView(r.sim);
}

describe("stepFocus", () => {
  it("a step on a device entry selects its irq (the worker resolved it)", () => {
    const step: Command = { op: "set_affinity", device: "nic0", store: "msix", index: 0, cpus: "5" };
    const view = viewAfter([step]);
    const sel = stepFocus(view, step);
    expect(sel).toEqual({ kind: "irq", irq: view.timeline.at(-1)?.irq });
    expect(view.irqs.find((r) => r.irq === (sel as { irq: number }).irq)).toMatchObject({ device: "nic0", slot: 0 });
  });

  it("a step just undone selects the irq its device entry names in the view before it", () => {
    const step: Command = { op: "set_affinity", device: "nic0", store: "msix", index: 0, cpus: "5" };
    const view = viewAfter([]);
    const sel = stepFocus(view, step, false);
    expect(view.irqs.find((r) => r.irq === (sel as { irq: number }).irq)).toMatchObject({ device: "nic0", slot: 0 });
    // Not the irq of the step the session stands on.
    expect(sel).not.toEqual({ kind: "irq", irq: view.timeline.at(-1)?.irq });
    expect(stepFocus(view, { op: "raise", irq: 4, times: 1 }, false)).toEqual({ kind: "irq", irq: 4 });
  });

  it("a CPU going down selects the CPU; a device removed is not selected", () => {
    const down: Command = { op: "cpu_offline", cpu: 3 };
    expect(stepFocus(viewAfter([down]), down)).toEqual({ kind: "cpu", cpu: 3 });
    const gone: Command = { op: "device_remove", device: "nic0" };
    expect(stepFocus(viewAfter([gone]), gone)).toBeUndefined();
  });

  it("a step about nothing selectable keeps the selection (undefined)", () => {
    const tick: Command = { op: "tick", jiffies: 1 };
    expect(stepFocus(viewAfter([tick]), tick)).toBeUndefined();
    expect(stepFocus(undefined, tick)).toBeUndefined();
  });
});
