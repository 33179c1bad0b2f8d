/** The debugfs parsers on the q35 recordings in ../shared, cross-checked with the rig's irq table. */
import { describe, expect } from "vitest";
import { parseCpuList } from "./cpulist";
import { type DebugfsDomain, parseDebugfsDomain } from "./debugfs-domains";
import { type DebugfsIrq, parseDebugfsIrq, splitDebugfsDump } from "./debugfs-irqs";
import { irqTable, onlineCpus, phases, RIGS, rigTest, section } from "./test-recordings";

function irqs(dir: string, phase: string): Map<number, DebugfsIrq> {
  const out = new Map<number, DebugfsIrq>();
  for (const file of splitDebugfsDump(section(dir, phase, "debugfs_irq_irqs")).files) {
    const r = parseDebugfsIrq(file.text, file.firstLine);
    if (!r.ok) throw new Error(`${phase}: ${r.error}`);
    expect(r.irq.warnings, `${phase} irq ${file.name}`).toEqual([]);
    out.set(Number(file.name), r.irq);
  }
  return out;
}

function domains(dir: string, phase: string): Map<string, DebugfsDomain> {
  const out = new Map<string, DebugfsDomain>();
  for (const file of splitDebugfsDump(section(dir, phase, "debugfs_irq_domains")).files) {
    const r = parseDebugfsDomain(file.text, file.firstLine);
    if (!r.ok) throw new Error(`${phase}: ${r.error}`);
    expect(r.warnings, `${phase} domain ${file.name}`).toEqual([]);
    out.set(file.name, r.domain);
  }
  return out;
}

/** Levels the chip implies: no domain for XT-PIC, +1 for the IR domain between device and VECTOR. */
function expectedLevels(chip: string): number {
  if (chip === "XT-PIC") return 1;
  return chip.startsWith("IR-") ? 3 : 2;
}

function chain(d: DebugfsDomain | undefined): string[] {
  return d ? [d.name, ...chain(d.parent)] : [];
}

describe.each(RIGS)("debugfs of the %s recording", (rig) => {
  const withDir = rigTest(rig);

  withDir("irq 25 of p1-boot", (dir) => {
    const i = irqs(dir, "p1-boot").get(25);
    const ir = rig === "q35-6.12-ir";
    expect(i?.levels.map((l) => l.domain)).toEqual(
      ir ? ["IR-PCI-MSIX-0000:00:01.0-12", "INTEL-IR-0-13", "VECTOR"] : ["PCI-MSIX-0000:00:01.0-12", "VECTOR"],
    );
    expect(i?.device).toBe("0000:00:01.0");
    if (ir) expect(i?.levels[2]?.vector).toMatchObject({ vector: 34, target: 3, canReserve: true, isManaged: false });
  });

  withDir("every irqs/N of every phase parses with the levels its chip implies", (dir) => {
    for (const phase of phases(dir)) {
      const parsed = irqs(dir, phase);
      const table = irqTable(dir, phase);
      // The rig's table leaves out IO-APIC pins 20-23, which debugfs still shows.
      expect(parsed.size, phase).toBe(rig === "q35-6.12-ir" ? 39 : 38);
      for (const [n, i] of parsed)
        expect(i.levels, `${phase} irq ${n}`).toHaveLength(expectedLevels(i.levels[0]?.chip ?? ""));
      for (const e of table) {
        const i = parsed.get(e.irq);
        const where = `${phase} irq ${e.irq}`;
        expect(i?.levels, where).toHaveLength(expectedLevels(e.chip));
        expect(i?.levels[0]?.chip, where).toBe(e.chip);
        if (e.hwirq !== undefined) expect(i?.levels[0]?.hwirq, where).toBe(e.hwirq);
        expect(i?.effective, where).toEqual(parseCpuList(e.effective));
        const root = i?.levels.at(-1);
        if (e.chip !== "XT-PIC") expect(root && [root.domain, root.hwirq], where).toEqual(["VECTOR", e.irq]);
      }
    }
  });

  withDir("every domains/NAME of every phase parses, with the VECTOR matrix rows of the online CPUs", (dir) => {
    for (const phase of phases(dir)) {
      const online = parseCpuList(onlineCpus(dir, phase));
      const parsed = domains(dir, phase);
      expect(parsed.size, phase).toBe(rig === "q35-6.12-ir" ? 11 : 9);
      for (const [name, d] of parsed) {
        const names = chain(d);
        expect(names.at(-1), `${phase} ${name}`).toBe("VECTOR");
        let root = d;
        while (root.parent) root = root.parent;
        const m = root.matrix;
        expect(
          m?.rows.map((r) => r.cpu),
          `${phase} ${name}`,
        ).toEqual(online);
        expect(m?.onlineBitmaps).toBe(online?.length);
        expect(m?.globalReserved).toBe(13);
        expect(m?.system.list).toHaveLength(m?.system.count ?? -1);
        expect(m?.rows.reduce((s, r) => s + r.avl, 0)).toBe(m?.globalAvailable);
        for (const r of m?.rows ?? []) expect(r.vectors).toHaveLength(r.act);
      }
      expect(chain(parsed.get("IO-APIC-0"))).toEqual(
        rig === "q35-6.12-ir" ? ["IO-APIC-0", "INTEL-IR-0-13", "VECTOR"] : ["IO-APIC-0", "VECTOR"],
      );
      expect(parsed.get("default")?.name).toBe("VECTOR");
    }
  });
});
