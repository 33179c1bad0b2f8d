import { describe, expect, it } from "vitest";
import { PRESETS } from "../scenario/presets";
import { allIrqSources, irqsWithSource } from "./irq-source";
import { Simulator } from "./simulator";

describe("irqsWithSource", () => {
  it("names the irqs allIrqSources() finds, ascending, cut at the limit with the whole count", () => {
    for (const preset of PRESETS) {
      const r = Simulator.boot(preset.scenario);
      if (!r.ok) continue;
      const p = r.sim.platform;
      const all = [...allIrqSources(p).keys()].sort((a, b) => a - b);
      expect(irqsWithSource(p)).toEqual({ first: all, total: all.length });
      expect(irqsWithSource(p, 3)).toEqual({ first: all.slice(0, 3), total: all.length });
    }
  });
});
