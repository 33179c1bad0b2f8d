import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_PRESET } from "../../scenario/presets";
import type { DomainTreeView } from "../../sim/domain-tree";
import { Simulator } from "../../sim/simulator";
import { machineView } from "../../sim/views";
import { FOLD_STORAGE_KEY, foldDevices, foldsHiding, loadFold, saveFold, toggleFold, unfoldTree } from "./fold";

function defaultTree(collapsed: readonly string[] = []): DomainTreeView {
  const r = Simulator.boot(DEFAULT_PRESET.scenario);
  if (!r.ok) throw new Error(r.error);
  return machineView(r.sim, { collapsed }).tree;
}

const NIC_MSIX = "main/domain:IR-PCI-MSIX-0000:3d:00.0-12";
const IR = "main/domain:INTEL-IR-0-13";

describe("the fold", () => {
  const tree = defaultTree();

  it("toggles one id, keeping the others in order", () => {
    expect(toggleFold(["a", "b"], "c", true)).toEqual(["a", "b", "c"]);
    expect(toggleFold(["a", "b"], "a", true)).toEqual(["b", "a"]);
    expect(toggleFold(["a", "b"], "a", false)).toEqual(["b"]);
  });

  it("collapses every domain whose children are all devices, not one with domains below it", () => {
    const ids = foldDevices(tree, ["elsewhere"]);
    expect(ids[0]).toBe("elsewhere");
    expect(ids.slice(1).sort()).toEqual([
      "main/domain:DMAR-MSI",
      "main/domain:HPET-MSI-0",
      "main/domain:IO-APIC-0",
      "main/domain:IR-PCI-MSI-0000:00:17.0-11",
      "main/domain:IR-PCI-MSIX-0000:02:00.0-12",
      NIC_MSIX,
      "main/domain:IR-PCI-MSIX-0000:6a:01.0-12",
    ]);
    expect(foldDevices(tree, ids)).toEqual(ids);
  });

  it("expands all of this tree and keeps another machine's folds", () => {
    expect(unfoldTree(tree, [NIC_MSIX, "main/domain:PCI-MSIX-0000:01:00.0-12", IR])).toEqual([
      "main/domain:PCI-MSIX-0000:01:00.0-12",
    ]);
  });

  it("finds the folds above a path, however deep, and none for a path in the open", () => {
    const path = ["main/device:nic0", NIC_MSIX, IR, "main/domain:VECTOR"];
    expect(foldsHiding(tree, [NIC_MSIX, IR, "main/domain:IO-APIC-0"], path).sort()).toEqual([IR, NIC_MSIX]);
    // The path's own top (VECTOR) folded hides nothing of it.
    expect(foldsHiding(tree, ["main/domain:VECTOR", "main/domain:DMAR-MSI"], ["main/domain:VECTOR"])).toEqual([]);
    expect(foldsHiding(tree, ["main/domain:IO-APIC-0"], path)).toEqual([]);
  });
});

describe("the fold in localStorage", () => {
  const store = new Map<string, string>();
  const fake = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
  };
  afterEach(() => {
    vi.unstubAllGlobals();
    store.clear();
  });

  it("round-trips, and reads garbage or no storage as no fold", () => {
    vi.stubGlobal("localStorage", fake);
    saveFold([NIC_MSIX, IR]);
    expect(loadFold()).toEqual([NIC_MSIX, IR]);
    store.set(FOLD_STORAGE_KEY, '{"not": "a list"}');
    expect(loadFold()).toEqual([]);
    store.set(FOLD_STORAGE_KEY, `["${IR}", 7, null]`);
    expect(loadFold()).toEqual([IR]);
    store.set(FOLD_STORAGE_KEY, "[truncated");
    expect(loadFold()).toEqual([]);
    vi.stubGlobal("localStorage", undefined);
    expect(loadFold()).toEqual([]);
    expect(() => saveFold([IR])).not.toThrow();
  });

  it("keeps the newest 200 ids", () => {
    vi.stubGlobal("localStorage", fake);
    const many = Array.from({ length: 250 }, (_, i) => `main/domain:D${i}`);
    saveFold(many);
    expect(loadFold()).toEqual(many.slice(50));
  });
});

describe("a fold laid out by the worker", () => {
  it("is what the tree says is collapsed", () => {
    const t = defaultTree([NIC_MSIX]);
    expect(t.nodes.filter((n) => n.collapsed).map((n) => n.id)).toEqual([NIC_MSIX]);
    expect(t.nodes.find((n) => n.id === "main/device:nic0")?.foldedInto).toBe(NIC_MSIX);
  });
});
