import { describe, expect, it } from "vitest";
import { domainDebugShow, irqDebugShow } from "../kernel/irq/debugfs";
import { DEFAULT_PRESET, PRESETS } from "../scenario/presets";
import {
  DOMAINS_DIR,
  debugfsListing,
  debugfsPage,
  debugfsText,
  IR_TRANSLATION_STRUCT,
  IRQS_DIR,
  textLines,
} from "./debugfs-files";
import { Simulator } from "./simulator";

function boot(input: unknown): Simulator {
  const r = Simulator.boot(input);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

describe("debugfs files (the debugfs tab)", () => {
  it("lists irqs/N for every irq with a hierarchy, every domain and default, and ir_translation_struct under IR", () => {
    const p = boot(DEFAULT_PRESET.scenario).platform;
    const l = debugfsListing(p);
    expect([...l.irqs]).toEqual([0, 1, ...Array.from({ length: 13 }, (_, i) => i + 3), ...range(24, 37)]);
    expect(l.domains).toEqual([...p.domains().map((d) => d.name), "default"]);
    expect(l.domains).toContain("VECTOR");
    expect(l.others).toEqual([IR_TRANSLATION_STRUCT]);
    const laptop = boot(PRESETS.find((x) => x.id === "laptop")?.scenario).platform;
    expect(debugfsListing(laptop).others).toEqual([]);
    expect(debugfsText(laptop, IR_TRANSLATION_STRUCT)).toBeUndefined();
  });

  it("renders each file as the kernel prints it, and follows the model", () => {
    const sim = boot(DEFAULT_PRESET.scenario);
    const p = sim.platform;
    expect(debugfsText(p, `${IRQS_DIR}/29`)).toBe(irqDebugShow(p.machine.core, 29));
    expect(debugfsText(p, `${IRQS_DIR}/29`)).toContain("effectiv: 2");
    const vector = debugfsText(p, `${DOMAINS_DIR}/VECTOR`);
    expect(vector).toBe(domainDebugShow(p.machine.vector.domain));
    expect(vector).toContain(" | CPU | avl | man | mac | act | vectors\n     0   199");
    expect(debugfsText(p, `${DOMAINS_DIR}/default`)).toBe(vector);
    expect(debugfsText(p, `${DOMAINS_DIR}/INTEL-IR-0-13`)).toContain("name:   INTEL-IR-0-13");
    expect(debugfsText(p, IR_TRANSLATION_STRUCT)).toContain(" 19    3d:00.0 00000200 21  ");
    sim.apply({ op: "set_affinity", irq: 29, cpus: "5" });
    expect(debugfsText(p, `${IRQS_DIR}/29`)).toContain("effectiv: 5");
    expect(debugfsText(p, IR_TRANSLATION_STRUCT)).toContain(" 19    3d:00.0 00000500 22  ");
    for (const bad of [
      `${IRQS_DIR}/500`,
      `${IRQS_DIR}/029`,
      `${IRQS_DIR}/29.0`,
      `${IRQS_DIR}/x`,
      `${IRQS_DIR}/999`,
      `${DOMAINS_DIR}/nope`,
      "irq/other",
      "",
    ]) {
      expect(debugfsText(p, bad), bad).toBeUndefined();
    }
  });

  it("answers a window of a file's lines", () => {
    const lines = textLines("a\nb\nc\nd\n");
    expect(lines).toEqual(["a", "b", "c", "d"]);
    expect(debugfsPage("f", lines, 1, 2)).toEqual({ path: "f", lines: 4, from: 1, window: ["b", "c"] });
    expect(debugfsPage("f", lines, 9, 2)).toMatchObject({ from: 3, window: ["d"] });
    expect(debugfsPage("f", lines, -3, 9)).toMatchObject({ from: 0, window: lines });
  });
});

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
