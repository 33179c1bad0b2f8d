import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../../scenario/presets";
import type { IrqDetail } from "../../sim/irq-detail";
import { Simulator } from "../../sim/simulator";
import { details, machineView } from "../../sim/views";
import { onlyThePath } from "./path-only";
import { canvasPicture } from "./picture";

const IR = "main/domain:INTEL-IR-0-13";
const NIC_MSIX = "main/domain:IR-PCI-MSIX-0000:3d:00.0-12";

function boot() {
  const r = Simulator.boot(DEFAULT_PRESET.scenario);
  if (!r.ok) throw new Error(r.error);
  return { tree: machineView(r.sim).tree, irq29: details(r.sim, { irq: 29 }).irq as IrqDetail };
}

const ids = (p: ReturnType<typeof canvasPicture>) => p.nodes.map((n) => n.node.id);

describe("onlyThePath", () => {
  const { tree, irq29 } = boot();

  it("an irq: only its path and the CPU it lands on, with the edges between them", () => {
    const p = onlyThePath(canvasPicture(tree, irq29), tree, undefined);
    expect(ids(p)).toEqual(["main/domain:VECTOR", IR, NIC_MSIX, "main/device:nic0"]);
    expect(p.edges.map((e) => e.id)).toEqual([
      `main/domain:VECTOR->${IR}`,
      `${IR}->${NIC_MSIX}`,
      `${NIC_MSIX}->main/device:nic0`,
    ]);
    expect(p.target?.irq).toBe(29);
  });

  it("a domain: its ancestors, itself and its children; nodes keep their places", () => {
    const whole = canvasPicture(tree);
    const p = onlyThePath(whole, tree, NIC_MSIX);
    expect(ids(p)).toEqual(["main/domain:VECTOR", IR, NIC_MSIX, "main/device:nic0"]);
    const ir = onlyThePath(whole, tree, IR);
    expect(ids(ir)).toContain("main/domain:IO-APIC-0");
    expect(ids(ir)).not.toContain("main/device:nic0");
    expect(ids(ir)).not.toContain("main/domain:DMAR-MSI");
    for (const n of p.nodes) expect(whole.nodes.find((w) => w.node.id === n.node.id)?.node).toBe(n.node);
  });

  it("nothing selected: the whole picture", () => {
    const whole = canvasPicture(tree);
    expect(onlyThePath(whole, tree, undefined)).toBe(whole);
  });
});
