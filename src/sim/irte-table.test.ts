import { describe, expect, it } from "vitest";
import { irtePresent } from "../kernel/drivers/iommu/intel/irte";
import { DEFAULT_PRESET } from "../scenario/presets";
import { irqDetail } from "./irq-detail";
import { IRTE_RANGE_LIMIT, irtePosition, irteRange } from "./irte-table";
import { Simulator } from "./simulator";

function boot(input: unknown): Simulator {
  const r = Simulator.boot(input);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

function fieldValue(irq: number, name: string, p: Simulator["platform"]): number | undefined {
  return irqDetail(p, irq)?.irte?.fields.find((f) => f.name === name)?.value;
}

describe("irteRange (the IRTE tab)", () => {
  it("lists the used entries with the owners' IRTE indexes and vectors, as irqDetail shows them", () => {
    const p = boot(DEFAULT_PRESET.scenario).platform;
    const iommu = p.iommu;
    if (!iommu) throw new Error("the default preset has an IR unit");
    const t = irteRange(p, 0, IRTE_RANGE_LIMIT, true);
    expect(t?.total).toBe(iommu.bitmap.used);
    expect(t?.rows.length).toBe(iommu.bitmap.used);
    const owned = t?.rows.filter((r) => r.irq >= 0) ?? [];
    // Every irq with an IRTE owns exactly one row.
    expect(owned.map((r) => r.irq).sort((a, b) => a - b)).toEqual([...iommu.irqs.keys()].sort((a, b) => a - b));
    for (const r of owned) {
      const d = irqDetail(p, r.irq);
      expect(d?.irte?.index, `irq ${r.irq}`).toBe(r.index);
      expect(d?.irte?.subHandle).toBe(r.subHandle);
      expect(d?.irte?.present).toBe(r.present);
      expect(fieldValue(r.irq, "vector", p)).toBe(r.vector);
      expect(d?.irte?.words).toEqual(r.words.map((w) => `0x${w.toString(16).padStart(8, "0")}`));
      // A present entry points where the vector domain says the irq is (APIC id = CPU in the model;
      // parked irqs at 0xef on the first online CPU).
      if (r.present) {
        expect(r.vector, `irq ${r.irq}`).toBe(d?.target.vector);
        expect(r.apicId).toBe(d?.target.cpu);
      }
    }
    // The default preset's NIC queue 0: irq 29, IRTE 19, vector 0x21 on CPU 2, xAPIC dest = id << 8.
    expect(owned.find((r) => r.index === 19)).toMatchObject({
      irq: 29,
      subHandle: 0,
      present: true,
      vector: 0x21,
      apicId: 2,
      destField: 0x200,
      svt: 1,
      sq: 0,
      sid: 0x3d00,
    });
    // The multi-MSI block of ahci0: four sub-handles of one aligned block.
    expect(owned.filter((r) => r.index >= 24 && r.index < 28).map((r) => r.subHandle)).toEqual([0, 1, 2, 3]);
  });

  it("pages through all 65,536 entries and finds a row by IRTE index", () => {
    const p = boot(DEFAULT_PRESET.scenario).platform;
    const all = irteRange(p, 65530, 100, false);
    expect(all?.total).toBe(65536);
    expect(all?.rows.map((r) => r.index)).toEqual([65530, 65531, 65532, 65533, 65534, 65535]);
    expect(all?.rows.every((r) => !r.present && !r.allocated && r.irq === -1)).toBe(true);
    expect(irteRange(p, 0, 5000, false)?.rows.length).toBe(IRTE_RANGE_LIMIT);
    expect(irtePosition(p, 19, false)).toBe(19);
    expect(irtePosition(p, 19, true)).toBe(19);
    // Used only: the first used entry at or after the index, else the last row.
    const used = irteRange(p, 0, IRTE_RANGE_LIMIT, true)?.rows ?? [];
    expect(irtePosition(p, 1000, true)).toBe(used.length - 1);
  });

  it("keeps the table as long as the entries written: a late entry grows it, unwritten ones read as not present", () => {
    const p = boot(DEFAULT_PRESET.scenario).platform;
    const at = p.iommu?.table.length ?? 0;
    expect(at).toBeLessThan(65536 * 4);
    const big = boot({
      ...DEFAULT_PRESET.scenario,
      machine: {
        ...DEFAULT_PRESET.scenario.machine,
        devices: [{ name: "hba0", model: "pci-msix", bdf: "0000:10:00.0", table_size: 2048 }],
      },
      steps: [{ op: "alloc", device: "hba0", type: "msix", min: 2048, max: 2048 }],
    }).platform;
    const table = big.iommu?.table ?? new Uint32Array(0);
    let lastIndex = -1;
    for (let i = 0; i < 65536; i++) if (irtePresent(table, i)) lastIndex = i;
    expect(lastIndex).toBeGreaterThan(2000);
    const last = irteRange(big, lastIndex, 1, false)?.rows[0];
    expect(last?.present).toBe(true);
    expect(big.iommu?.table.length).toBeGreaterThanOrEqual(((last?.index ?? 0) + 1) * 4);
    expect(big.iommu?.table.length).toBeLessThan(65536 * 4);
    expect(fieldValue(last?.irq ?? -1, "vector", big)).toBe(last?.vector);
    const beyond = irteRange(big, (last?.index ?? 0) + 1, 3, false)?.rows ?? [];
    expect(beyond.map((r) => r.present)).toEqual([false, false, false]);
  });

  it("decodes an x2APIC destination from all 32 bits, and has nothing without an IR unit", () => {
    const x2 = boot({
      ...DEFAULT_PRESET.scenario,
      machine: { ...DEFAULT_PRESET.scenario.machine, x2apic: true },
      steps: [...(DEFAULT_PRESET.scenario.steps ?? []), { op: "set_affinity", device: "nic0", index: 0, cpus: "7" }],
    }).platform;
    const row = irteRange(x2, 19, 1, false)?.rows[0];
    expect(row).toMatchObject({ index: 19, irq: 29, apicId: 7, destField: 7 });
    const noIr = boot({
      ...DEFAULT_PRESET.scenario,
      machine: { ...DEFAULT_PRESET.scenario.machine, ir: "off" },
      steps: [],
    });
    expect(irteRange(noIr.platform, 0, 10, true)).toBeUndefined();
    expect(irtePosition(noIr.platform, 0, true)).toBe(-1);
  });
});
