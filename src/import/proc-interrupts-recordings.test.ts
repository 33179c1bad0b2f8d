/** parseProcInterrupts on real kernels: the q35 recordings and the real dumps in ../shared. */
import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import { sharedTest } from "../testing/shared-fixtures";
import { parseCpuList } from "./cpulist";
import { findDumpSections } from "./dump-sections";
import { parseProcInterrupts } from "./proc-interrupts";
import { irqTable, onlineCpus, phases, RIGS, rigTest, section } from "./test-recordings";

describe.each(RIGS)("every /proc/interrupts of the %s recording", (rig) => {
  const withDir = rigTest(rig);
  withDir("parses with the online CPUs of the phase and the rig's irq list", (dir) => {
    const names = phases(dir);
    expect(names).toHaveLength(5);
    for (const phase of names) {
      const r = parseProcInterrupts(section(dir, phase, "interrupts"));
      if (!r.ok) throw new Error(`${phase}: ${r.error}`);
      const t = r.table;
      expect(t.warnings, phase).toEqual([]);
      expect(t.cpus, phase).toEqual(parseCpuList(onlineCpus(dir, phase)));
      const listed = irqTable(dir, phase).filter((e) => e.actions !== "");
      expect(t.irqs, phase).toHaveLength(rig === "q35-6.12-ir" ? 25 : 24);
      expect(t.irqs.map((r) => [r.irq, r.chip, r.hwirq, r.actions.join(",")])).toEqual(
        listed.map((e) => [e.irq, e.chip, e.hwirq, e.actions]),
      );
      expect(t.arch.map((a) => a.label)).toEqual(expect.arrayContaining(["NMI", "LOC", "ERR", "MIS"]));
      for (const a of t.arch) expect(a.counts).toHaveLength(a.label === "ERR" || a.label === "MIS" ? 1 : t.cpus.length);
    }
  });
});

// What each real dump holds, found by findDumpSections: only 10, 11 and 13 carry a /proc/interrupts table.
const DUMPS = [
  { file: "10-surface-laptop-proc-interrupts-ir-dmar-nvme.txt", lines: [17, 64], cpus: 4, irqs: 25, arch: 22 },
  { file: "11-thinkpad-l16gen2-proc-interrupts-per-device-msi.txt", lines: [19, 97], cpus: 14, irqs: 59, arch: 19 },
  { file: "13-qemu-q35-guest-proc-interrupts-pci-msix-no-ir.txt", lines: [15, 74], cpus: 4, irqs: 39, arch: 20 },
];

describe.each(DUMPS)("the /proc/interrupts table in dumps/$file", ({ file, lines, cpus, irqs, arch }) => {
  const withPath = sharedTest(`dumps/${file}`);
  withPath(`parses: ${cpus} CPUs, ${irqs} irqs, ${arch} arch rows`, (path) => {
    const text = readFileSync(path, "utf8");
    const sections = findDumpSections(text);
    expect(sections.map((s) => [s.kind, s.firstLine, s.lastLine])).toEqual([["proc-interrupts", ...lines]]);
    const whole = parseProcInterrupts(text);
    const cut = parseProcInterrupts(sections[0]?.text ?? "", sections[0]?.firstLine);
    if (!whole.ok || !cut.ok) throw new Error(whole.ok ? (cut.ok ? "" : cut.error) : whole.error);
    expect(cut.table.warnings).toEqual([]);
    expect(whole.table.irqs).toEqual(cut.table.irqs);
    expect(whole.table.cpus).toHaveLength(cpus);
    expect(whole.table.irqs).toHaveLength(irqs);
    expect(whole.table.arch).toHaveLength(arch);
  });
});

describe("details of the real dumps", () => {
  const withSurface = sharedTest("dumps/10-surface-laptop-proc-interrupts-ir-dmar-nvme.txt");
  withSurface("10: global IR-PCI-MSI hwirqs and chips without a domain", (surface) => {
    const r = parseProcInterrupts(readFileSync(surface, "utf8"));
    if (!r.ok) throw new Error(r.error);
    const by = (irq: number) => r.table.irqs.find((row) => row.irq === irq);
    expect(by(125)).toMatchObject({ chip: "IR-PCI-MSI", hwirq: 327680, flow: "edge", actions: ["xhci_hcd"] });
    expect(by(125)?.counts).toEqual([3232012, 273240, 68821, 0]);
    expect(by(122)?.actions).toEqual(["PCIe PME", "pciehp"]);
    expect(by(135)).toMatchObject({ chip: "als-dev1", actions: ["als_consumer1"] });
    expect(by(135)?.hwirq).toBeUndefined();
  });

  const withThinkpad = sharedTest("dumps/11-thinkpad-l16gen2-proc-interrupts-per-device-msi.txt");
  withThinkpad("11: per-device MSI chips and a GPIO row without a flow name", (thinkpad) => {
    const r = parseProcInterrupts(readFileSync(thinkpad, "utf8"));
    if (!r.ok) throw new Error(r.error);
    const by = (irq: number) => r.table.irqs.find((row) => row.irq === irq);
    expect(by(170)).toMatchObject({ chip: "IR-PCI-MSIX-0000:04:00.0", hwirq: 10, flow: "edge", actions: ["nvme0q10"] });
    expect(by(151)).toMatchObject({ chip: "intel-gpio", hwirq: 139, actions: ["ELAN06DA:00"] });
    expect(by(151)?.flow).toBeUndefined();
    expect(by(32)?.actions).toEqual(["idma64.0", "i2c_designware.0"]);
  });
});
