import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedTest } from "../testing/shared-fixtures";
import type { DebugfsDomain } from "./debugfs-domains";
import { findDumpSections } from "./dump-sections";
import { type ParsedSection, parseDump } from "./parse-dump";
import { readFixture } from "./test-fixtures";

function chain(d: DebugfsDomain | undefined): string[] {
  return d ? [d.name, ...chain(d.parent)] : [];
}

function warningsOf(p: ParsedSection): string[] | undefined {
  if (!p.result.ok) return undefined;
  if ("table" in p.result) return p.result.table.warnings;
  return "irq" in p.result ? p.result.irq.warnings : p.result.warnings;
}

/** One line per section: kind, line range and what it holds, or the error. */
function describeSection(p: ParsedSection): string {
  const head = `${p.section.kind} ${p.section.firstLine}-${p.section.lastLine}`;
  if (!p.result.ok) return `${head} ERROR ${p.result.error}`;
  if ("table" in p.result) {
    const t = p.result.table;
    return `${head}: ${t.cpus.length} CPUs, ${t.irqs.length} irqs, ${t.arch.length} arch rows`;
  }
  if ("irq" in p.result) return `${head}: ${p.result.irq.levels.map((l) => l.domain).join(" -> ")}`;
  return `${head}: ${chain(p.result.domain).join(" -> ")}`;
}

// What each real dump in ../shared/fixtures/dumps holds. 14 is dmesg only: no section. 01's
// matrix rows lost their spacing on the page they come from; 16's `ls` listings are not dumps.
const DUMPS: Record<string, string[]> = {
  "01-vm0-vector-dmar-msi-domains.txt": ["debugfs-domain 14-36: DMAR-MSI -> VECTOR"],
  "04-lkml-dexuan-skylake-intel-ir3-irqs-33-34.txt": [
    "debugfs-irq 26-66: IO-APIC-18 -> INTEL-IR-3 -> VECTOR",
    "debugfs-irq 69-110: INTEL-IR-MSI-3-3 -> INTEL-IR-3 -> VECTOR",
  ],
  "06-lkml-dexuan-mlx5-irq209-intel-ir-msi.txt": ["debugfs-irq 18-59: INTEL-IR-MSI-3-3 -> INTEL-IR-3 -> VECTOR"],
  "10-surface-laptop-proc-interrupts-ir-dmar-nvme.txt": ["proc-interrupts 17-64: 4 CPUs, 25 irqs, 22 arch rows"],
  "11-thinkpad-l16gen2-proc-interrupts-per-device-msi.txt": ["proc-interrupts 19-97: 14 CPUs, 59 irqs, 19 arch rows"],
  "13-qemu-q35-guest-proc-interrupts-pci-msix-no-ir.txt": ["proc-interrupts 15-74: 4 CPUs, 39 irqs, 20 arch rows"],
  "14-dmesg-interrupt-remapping-enable-messages.txt": [],
  "16-martins3-intel-ir-domains-listing-and-irqs.txt": [
    "debugfs-irq 23-57: PCI-MSIX-0000:00:0b.0-12 -> VECTOR",
    "debugfs-irq 83-123: IR-PCI-MSIX-0000:06:00.0-12 -> INTEL-IR-0-13 -> VECTOR",
    "debugfs-irq 158-197: IO-APIC-2 -> INTEL-IR-1-13 -> VECTOR",
  ],
};

describe.each(Object.entries(DUMPS))("sections of dumps/%s", (file, expected) => {
  const withPath = sharedTest(`dumps/${file}`);
  withPath(`${expected.length} section(s), each parsed without warnings`, (path) => {
    const parsed = parseDump(readFileSync(path, "utf8"));
    expect(parsed.map(describeSection)).toEqual(expected);
    for (const p of parsed) expect(warningsOf(p)).toEqual([]);
  });
});

describe("details of the real debugfs dumps", () => {
  const withMlx = sharedTest("dumps/06-lkml-dexuan-mlx5-irq209-intel-ir-msi.txt");
  withMlx("06: irq 209, global IR-PCI-MSI hwirq of 0000:d8:00.0, Vector 42 on CPU 5", (mlx) => {
    const [p] = parseDump(readFileSync(mlx, "utf8"));
    if (!p?.result.ok || !("irq" in p.result)) throw new Error("no irq");
    expect(p.result.irq.levels.map((l) => l.hwirq)).toEqual([0x6c00000, 0x20000, 209]);
    expect(p.result.irq.levels[2]?.vector).toMatchObject({ vector: 42, target: 5 });
  });

  const withVm0 = sharedTest("dumps/01-vm0-vector-dmar-msi-domains.txt");
  withVm0("01: the matrix with collapsed spacing: 8 rows, sums as the spec says", (vm0) => {
    const [p] = parseDump(readFileSync(vm0, "utf8"));
    if (!p?.result.ok || !("domain" in p.result)) throw new Error("no domain");
    const m = p.result.domain.parent?.matrix;
    expect(m?.rows).toHaveLength(8);
    expect(m?.globalAvailable).toBe(1580);
    expect(m?.rows.reduce((s, r) => s + r.act, 0)).toBe(m?.totalAllocated);
    expect(m?.system.count).toBe(38);
    expect(m?.rows[0]?.vectors).toEqual([33, 34, 35, 48]);
  });
});

describe("findDumpSections on an invented notes file", () => {
  const irqs = readFixture("debugfs-irqs-epyc-dump.txt").split("\n");
  const domains = readFixture("debugfs-domains-epyc-dump.txt").split("\n");
  const notes = [
    "# notes from the EPYC box",
    "$ cat /proc/interrupts",
    ...readFixture("proc-interrupts-rst-vm.txt").split("\n").slice(6, 19),
    "",
    "$ cat /sys/kernel/debug/irq/irqs/44",
    ...irqs.slice(41, 89),
    "$ cat /sys/kernel/debug/irq/domains/IO-APIC-33",
    ...domains.slice(34, 68),
    "dmesg: [    0.071436] DMAR-IR: IOAPIC id 2 under DRHD base  0xfed91000 IOMMU 1",
  ].join("\n");

  it("finds the three kinds with their line ranges", () => {
    expect(findDumpSections(notes).map((s) => [s.kind, s.firstLine, s.lastLine])).toEqual([
      ["proc-interrupts", 3, 15],
      ["debugfs-irq", 18, 65],
      ["debugfs-domain", 67, 100],
    ]);
  });

  it("and each parses, with errors numbered in the whole text", () => {
    expect(parseDump(notes).map(describeSection)).toEqual([
      "proc-interrupts 3-15: 2 CPUs, 7 irqs, 5 arch rows",
      "debugfs-irq 18-65: IR-PCI-MSIX-0000:41:00.0-12 -> AMD-IR-0-14 -> VECTOR",
      "debugfs-domain 67-100: IO-APIC-33 -> AMD-IR-0-14 -> VECTOR",
    ]);
    const broken = notes.replace("     hwirq:   0x41000003", "     hwirq:   41000003");
    expect(parseDump(broken).map(describeSection)[1]).toBe(
      "debugfs-irq 18-65 ERROR line 49: 'hwirq:' value '41000003' is not a hex number",
    );
  });
});
