/** The learner's step against the lesson's: by device entry and the values the lesson gives, never by irq number. */
import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import type { Step } from "../scenario/schema";
import { actionMatches, actionText } from "./match";

const machine = {
  cpus: 4,
  devices: [
    { name: "nic0", model: "pci-msix", bdf: "03:00.0", table_size: 4 },
    { name: "ahci0", model: "pci-msi", bdf: "00:17.0", vectors: 4 },
  ],
};
/** A step as the scenario schema completes it (what both the lesson and the simulator's record hold). */
function step(s: Record<string, unknown>): Step {
  const r = parseScenario({ format: "irqscope-scenario", version: 1, machine, steps: [s] });
  if (!r.ok) throw new Error(r.error);
  const [out] = r.scenario.steps;
  if (!out) throw new Error("no step");
  return out;
}

describe("actionMatches", () => {
  const move = step({ op: "set_affinity", device: "nic0", store: "msix", index: 0, cpus: "2" });

  it("matches the same entry and CPUs however the list is written, and in the hex mask file", () => {
    expect(
      actionMatches(move, step({ op: "set_affinity", device: "nic0", store: "msix", index: 0, cpus: "2-2" })),
    ).toBe(true);
    expect(
      actionMatches(
        move,
        step({ op: "set_affinity", device: "nic0", store: "msix", index: 0, cpus: "4", file: "smp_affinity" }),
      ),
    ).toBe(true);
  });

  it("refuses another entry, other CPUs, another op", () => {
    expect(actionMatches(move, step({ op: "set_affinity", device: "nic0", store: "msix", index: 1, cpus: "2" }))).toBe(
      false,
    );
    expect(
      actionMatches(move, step({ op: "set_affinity", device: "nic0", store: "msix", index: 0, cpus: "2-3" })),
    ).toBe(false);
    expect(actionMatches(move, step({ op: "raise", device: "nic0", store: "msix", index: 0 }))).toBe(false);
  });

  it("a store the lesson leaves out matches any; names, notes, repeats and expectations do not matter", () => {
    const request = step({ op: "request_irq", device: "nic0", index: 0 });
    expect(
      actionMatches(request, step({ op: "request_irq", device: "nic0", store: "msix", index: 0, name: "x" })),
    ).toBe(true);
    const raise = step({ op: "raise", device: "nic0", store: "msix", index: 0, expect: { delivered: true } });
    expect(
      actionMatches(raise, step({ op: "raise", device: "nic0", store: "msix", index: 0, times: 3, note: "n" })),
    ).toBe(true);
  });

  it("an allocation matches on type, counts and affinity", () => {
    const alloc = step({ op: "alloc", device: "ahci0", type: "msi", min: 1, max: 4 });
    expect(
      actionMatches(alloc, step({ op: "alloc", device: "ahci0", type: "msi", min: 1, max: 4, affinity: "none" })),
    ).toBe(true);
    expect(
      actionMatches(alloc, step({ op: "alloc", device: "ahci0", type: "msi", min: 1, max: 4, affinity: "managed" })),
    ).toBe(false);
    expect(actionMatches(alloc, step({ op: "alloc", device: "ahci0", type: "msi", min: 4, max: 4 }))).toBe(false);
  });

  it("names a step the way a hint shows it", () => {
    expect(actionText(move)).toBe("set_affinity nic0 msix 0 cpus 2");
  });
});
