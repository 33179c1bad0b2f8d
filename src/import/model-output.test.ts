import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { irqDebugShow } from "../kernel/irq/debugfs";
import { showInterrupts } from "../kernel/irq/proc";
import { parseScenario } from "../scenario/parse";
import { bootScenarioMachine, runScenario } from "../sim/scenario-runner";
import { parseDebugfsIrq } from "./debugfs-irqs";
import { parseProcInterrupts } from "./proc-interrupts";

/** The model's own views go through the same readers as real dumps. */
describe("the readers read the model's output", () => {
  const text = readFileSync(join(import.meta.dirname, "../../public/scenarios/server-vtd.json"), "utf8");
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const p = bootScenarioMachine(parsed.scenario, () => {});
  if (typeof p === "string") throw new Error(p);
  runScenario(parsed.scenario, p, []);

  it("/proc/interrupts", () => {
    const r = parseProcInterrupts(showInterrupts(p.machine.core));
    if (!r.ok) throw new Error(r.error);
    expect(r.table.cpus).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const nic = r.table.irqs.find((row) => row.irq === 25);
    expect(nic?.chip).toBe("IR-PCI-MSIX-0000:3d:00.0");
    expect(nic?.hwirq).toBe(0);
    expect(nic?.actions).toEqual(["nic0-0"]);
  });

  it("debugfs irqs/N with its three levels and message lines", () => {
    // The msg lines are v6.16's: turned on here to read them back.
    const md = p.pci.get("nic0")?.msi.slots[0].domain;
    if (md) md.debugMessages = true;
    const out = irqDebugShow(p.machine.core, 25) ?? "";
    const r = parseDebugfsIrq(out);
    if (!r.ok) throw new Error(r.error);
    expect(r.irq.levels.map((l) => l.domain)).toEqual(["IR-PCI-MSIX-0000:3d:00.0-12", "INTEL-IR-0-13", "VECTOR"]);
    expect(r.irq.levels[0]?.msg?.addressLo).toBe(0xfee001f8);
  });
});
