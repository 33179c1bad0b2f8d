import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../../scenario/presets";
import type { IrqDetail } from "../../sim/irq-detail";
import { Simulator } from "../../sim/simulator";
import { details, machineView } from "../../sim/views";
import { canvasPicture, type PictureNode } from "./picture";

const NIC_MSIX = "main/domain:IR-PCI-MSIX-0000:3d:00.0-12";
const IR = "main/domain:INTEL-IR-0-13";

function boot() {
  const r = Simulator.boot(DEFAULT_PRESET.scenario);
  if (!r.ok) throw new Error(r.error);
  const sim = r.sim;
  const detail = (irq: number) => details(sim, { irq }).irq as IrqDetail;
  return { tree: (collapsed: string[] = []) => machineView(sim, { collapsed }).tree, irq29: detail(29), detail };
}

const lit = (nodes: readonly PictureNode[]) => nodes.filter((n) => n.onPath).map((n) => n.node.id);
const note = (nodes: readonly PictureNode[], id: string) => nodes.find((n) => n.node.id === id)?.pathNote;

describe("canvasPicture", () => {
  const { tree, irq29 } = boot();

  it("without a selection: every shown node, unlit, and no target", () => {
    const p = canvasPicture(tree());
    expect(p.nodes).toHaveLength(tree().nodes.length);
    expect(lit(p.nodes)).toEqual([]);
    expect(p.edges.every((e) => !e.lit)).toBe(true);
    expect(p.target).toBeUndefined();
  });

  it("lights irq 29's path with what it uses at each level, and puts its CPU beside VECTOR", () => {
    const p = canvasPicture(tree(), irq29);
    expect(lit(p.nodes)).toEqual(["main/domain:VECTOR", IR, NIC_MSIX, "main/device:nic0"]);
    expect(note(p.nodes, "main/device:nic0")).toBe("MSI-X table entry 0");
    expect(note(p.nodes, IR)).toBe("IRTE 19");
    expect(note(p.nodes, "main/domain:VECTOR")).toBe("vector 0x21 on CPU 2");
    expect(p.edges.filter((e) => e.lit).map((e) => e.id)).toEqual([
      `main/domain:VECTOR->${IR}`,
      `${IR}->${NIC_MSIX}`,
      `${NIC_MSIX}->main/device:nic0`,
    ]);
    const vector = tree().nodes[0];
    expect(p.target).toMatchObject({
      irq: 29,
      from: "main/domain:VECTOR",
      y: vector?.y,
      text: { title: "CPU 2 · vector 0x21" },
    });
    expect(p.target?.x).toBe((vector?.x ?? 0) + 220 + 60);
  });

  it("leaves hidden nodes out and lights the fold standing for the hidden part of the path", () => {
    const p = canvasPicture(tree([IR]), irq29);
    expect(p.nodes.map((n) => n.node.id)).toEqual([
      "main/domain:VECTOR",
      IR,
      "main/domain:DMAR-MSI",
      "main/device:dmar0",
    ]);
    expect(lit(p.nodes)).toEqual(["main/domain:VECTOR", IR]);
    expect(note(p.nodes, IR)).toBe("IRTE 19 · path inside: IR-PCI-MSIX-0000:3d:00.0-12 → nic0");
    // An IMS irq: its device hangs (in the layout) from the MSI-X domain, which is not on its path;
    // folded, that domain stands for the device and is lit.
    const ims = boot().detail(36);
    const msix6a = "main/domain:IR-PCI-MSIX-0000:6a:01.0-12";
    const r = canvasPicture(tree([msix6a]), ims);
    expect(ims.path).not.toContain(msix6a);
    expect(lit(r.nodes)).toEqual(["main/domain:VECTOR", IR, msix6a, "main/domain:IR-DEV-IMS-0000:6a:01.0-15"]);
    expect(note(r.nodes, msix6a)).toBe("path inside: dsa0");
    expect(r.edges.filter((e) => e.lit).map((e) => e.id)).toEqual([
      `main/domain:VECTOR->${IR}`,
      `${IR}->main/domain:IR-DEV-IMS-0000:6a:01.0-15`,
    ]);
    // A fold off the path is not lit.
    const q = canvasPicture(tree(["main/domain:IO-APIC-0"]), irq29);
    expect(lit(q.nodes)).toEqual(["main/domain:VECTOR", IR, NIC_MSIX, "main/device:nic0"]);
  });
});
