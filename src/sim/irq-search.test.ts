import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET } from "../scenario/presets";
import { deviceIrqPage, irqSearchPage, matchIrqs } from "./irq-search";
import { Simulator } from "./simulator";

function boot() {
  const r = Simulator.boot(DEFAULT_PRESET.scenario);
  if (!r.ok) throw new Error(r.error);
  return r.sim.platform;
}

describe("the Irqs table's search", () => {
  const p = boot();
  const rowsOf = (q: string) => irqSearchPage(p, matchIrqs(p, q), 0, 100).rows;

  it("an empty search lists every irq, ascending, and counts them", () => {
    const all = matchIrqs(p, "");
    expect(all.irqs.length).toBe(all.total);
    expect([...all.irqs].sort((a, b) => a - b)).toEqual(all.irqs);
  });

  it("finds an entry by device, store and slot", () => {
    const rows = rowsOf("nvme0 msix 3");
    expect(rows.map((r) => [r.device, r.store, r.slot])).toEqual([["nvme0", "msix", 3]]);
  });

  it("finds by handler name, chip and device; every word must match", () => {
    expect(rowsOf("nvme0q1").map((r) => r.actions)).toEqual(["nvme0q1"]);
    expect(rowsOf("nic0").every((r) => r.device === "nic0")).toBe(true);
    expect(rowsOf("IR-PCI-MSIX").every((r) => r.chip.startsWith("IR-PCI-MSIX"))).toBe(true);
    expect(rowsOf("nic0 nvme0")).toEqual([]);
    // A number is an irq or a slot, never the digit in a name.
    expect(rowsOf("nic0 msix 0").map((r) => [r.device, r.slot])).toEqual([["nic0", 0]]);
  });

  it("puts the irq a number names first, then the slots with that number", () => {
    const irq = matchIrqs(p, "").irqs[5] ?? -1;
    const rows = rowsOf(String(irq));
    expect(rows[0]?.irq).toBe(irq);
  });

  it("answers a window of the matches", () => {
    const m = matchIrqs(p, "");
    const page = irqSearchPage(p, m, 3, 2);
    expect(page).toMatchObject({ from: 3, matched: m.irqs.length, total: m.total });
    expect(page.rows.map((r) => r.irq)).toEqual(m.irqs.slice(3, 5));
  });
});

describe("a device's irqs (the device inspector's list)", () => {
  it("names the device exactly, lists its irqs in order past the view's first rows, and counts them", () => {
    const devices = [1, 10].map((n) => ({
      name: `hba${n}`,
      model: "pci-msix",
      bdf: `0000:${10 + n}:00.0`,
      table_size: 300,
    }));
    const r = Simulator.boot({
      format: "irqscope-scenario",
      version: 1,
      machine: { cpus: 8, ir: "on", devices },
      steps: [
        { op: "alloc", device: "hba10", type: "msix", min: 300, max: 300 },
        { op: "alloc", device: "hba1", type: "msix", min: 300, max: 300 },
      ],
    });
    if (!r.ok) throw new Error(r.error);
    const p = r.sim.platform;
    const page = deviceIrqPage(p, "hba1", 0, 1000);
    // hba1's irqs come after hba10's 300: beyond a first-rows view of 500 with the others.
    expect(page.matched).toBe(300);
    expect(page.rows).toHaveLength(300);
    expect(page.rows.every((row) => row.device === "hba1")).toBe(true);
    expect(page.rows.map((row) => row.slot)).toEqual([...Array(300).keys()]);
    expect(deviceIrqPage(p, "hba1", 290, 50).rows.map((row) => row.slot)).toEqual(
      [...Array(10).keys()].map((i) => 290 + i),
    );
    expect(deviceIrqPage(p, "nothing", 0, 10)).toMatchObject({ matched: 0, rows: [] });
  });
});
