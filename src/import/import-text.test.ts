/** The importer end to end: real dumps from ../shared, and the messy pastes it must always read. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedTest } from "../testing/shared-fixtures";
import { importJson } from "./import-report";
import { importMachines } from "./import-text";
import { likeScenario } from "./like-scenario";

function one(text: string, name = "paste") {
  const r = importMachines([{ name, text }]);
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** What each shared sample holds: CPUs, irqs (rows or irqs/N files), the domains it names. */
const SAMPLES: readonly (readonly [file: string, cpus: number, irqs: number, domains: readonly string[]])[] = [
  ["01-vm0-vector-dmar-msi-domains.txt", 8, 0, ["DMAR-MSI", "VECTOR"]],
  ["04-lkml-dexuan-skylake-intel-ir3-irqs-33-34.txt", 104, 2, ["IO-APIC-18", "INTEL-IR-3", "INTEL-IR-MSI-3-3"]],
  ["06-lkml-dexuan-mlx5-irq209-intel-ir-msi.txt", 8, 1, ["INTEL-IR-MSI-3-3", "INTEL-IR-3", "VECTOR"]],
  ["10-surface-laptop-proc-interrupts-ir-dmar-nvme.txt", 4, 25, ["INTEL-IR-MSI-0-3", "DMAR-MSI", "INTEL-IR-0"]],
  ["11-thinkpad-l16gen2-proc-interrupts-per-device-msi.txt", 14, 59, ["IR-PCI-MSIX-0000:04:00.0-12", "INTEL-IR-0-13"]],
  ["13-qemu-q35-guest-proc-interrupts-pci-msix-no-ir.txt", 4, 39, ["PCI-MSIX-0000:01:00.0-12", "IO-APIC"]],
  ["14-dmesg-interrupt-remapping-enable-messages.txt", 0, 0, []],
  ["16-martins3-intel-ir-domains-listing-and-irqs.txt", 8, 3, ["PCI-MSIX-0000:00:0b.0-12", "INTEL-IR-1-13"]],
];

describe("the shared real dumps", () => {
  for (const [file, cpus, irqs, domains] of SAMPLES) {
    sharedTest(`dumps/${file}`)(`${file} imports and shows what it holds`, (path) => {
      const r = one(readFileSync(path, "utf8"), file);
      const json = importJson(r.machines, r.notes);
      expect(json.cpus).toBe(cpus);
      expect(json.irqs).toHaveLength(irqs);
      const names = json.domains.map((d) => d.name);
      for (const d of domains) expect(names).toContain(d);
      for (const m of r.machines) expect(likeScenario(m).ok || m.cpus === undefined || m.irqs.length === 0).toBe(true);
    });
  }

  sharedTest("dumps/10-surface-laptop-proc-interrupts-ir-dmar-nvme.txt")(
    "decodes the global PCI-MSI hwirq into a BDF",
    (path) => {
      const m = one(readFileSync(path, "utf8")).machines[0];
      const nvme = m?.irqs.find((q) => q.irq === 128);
      expect(nvme).toMatchObject({ device: "0000:02:00.0", index: 1, chip: "IR-PCI-MSI" });
      expect(nvme?.inferred).toContain("device");
      expect(m?.ir).toMatchObject({ on: true, vendor: "intel", how: "inferred" });
    },
  );

  sharedTest("dumps/14-dmesg-interrupt-remapping-enable-messages.txt")(
    "reads the log, not the prose quoting it",
    (path) => {
      const m = one(readFileSync(path, "utf8")).machines[0];
      expect(m?.ir).toMatchObject({ on: true, vendor: "intel", how: "read" });
      expect(m?.ir?.why).toMatch(/^line \d+: DMAR-IR: Enabled IRQ remapping in x2apic mode$/);
      expect(m?.log.some((l) => l.fact.kind === "ioapic-under")).toBe(true);
    },
  );

  sharedTest("dumps/16-martins3-intel-ir-domains-listing-and-irqs.txt")(
    "says when a paste holds several machines",
    (path) => {
      const r = one(readFileSync(path, "utf8"));
      expect(r.machines.length).toBe(2);
      expect(r.notes[0]).toMatch(/^2 machines in the input/);
      expect(r.machines[0]?.irqs.map((q) => q.irq)).toEqual([58]);
    },
  );
});

const HEADER = "           CPU0       CPU1       CPU2       CPU3";
const ROW_24 = " 24:          0          5          0          0  IR-PCI-MSIX-0000:04:00.0    0-edge      nvme0q0";
const ROW_25 =
  " 25:         10          0          0          0  IR-PCI-MSIX-0000:04:00.0    1-edge      iwlwifi: default queue";

describe("messy pastes", () => {
  it("reads rows without a header (grep), behind prompts and mail quoting", () => {
    const r = one(["> $ grep nvme /proc/interrupts", `> ${ROW_24}`, `> ${ROW_25}`, "> $"].join("\n"));
    const m = r.machines[0];
    expect(m?.cpus).toMatchObject({ count: 4, how: "inferred" });
    expect(m?.irqs.map((q) => q.actions)).toEqual([["nvme0q0"], ["iwlwifi: default queue"]]);
  });

  it("joins a row a mailer wrapped", () => {
    const wrapped = [
      HEADER,
      " 24:          0          5          0          0  IR-PCI-MSIX-0000:04:00.0",
      "   0-edge      nvme0q0",
    ];
    const m = one(wrapped.join("\n")).machines[0];
    expect(m?.irqs[0]).toMatchObject({ irq: 24, hwirq: "0", device: "0000:04:00.0", actions: ["nvme0q0"] });
  });

  it("reads rows without an hwirq or a flow, and XT-PIC", () => {
    const text = [
      HEADER,
      "  0:         44          0          0          0    XT-PIC      timer",
      "135:          0          0          0          0  als-dev1       als_consumer1",
      "151:          0          0          0          0  intel-gpio  139  ELAN06DA:00",
    ].join("\n");
    const m = one(text).machines[0];
    expect(m?.irqs.map((q) => [q.chip, q.hwirq])).toEqual([
      ["XT-PIC", undefined],
      ["als-dev1", undefined],
      ["intel-gpio", "139"],
    ]);
    expect(m?.domains.find((d) => d.name === "intel-gpio")).toMatchObject({ kind: "chip", parent: null });
  });

  it("reads several irqs/N files behind ==> path <== headers, blank lines inside one", () => {
    const file = (irq: number, cpu: number) =>
      [
        `==> /sys/kernel/debug/irq/irqs/${irq} <==`,
        "handler:  handle_edge_irq",
        "device:   0000:04:00.0",
        "status:   0x00004000",
        "istate:   0x00000000",
        "ddepth:   0",
        "wdepth:   0",
        "dstate:   0x31608200",
        "node:     0",
        "",
        "affinity: 0-3",
        `effectiv: ${cpu}`,
        "pending:  ",
        "domain:  PCI-MSIX-0000:04:00.0-12",
        " hwirq:   0x1",
        " chip:    PCI-MSIX-0000:04:00.0",
        "  flags:   0x430",
        " parent:",
        "    domain:  VECTOR",
        "     hwirq:   0x99",
        "     chip:    APIC",
        "      flags:   0x0",
        "     Vector:    34",
        `     Target:     ${cpu}`,
        "",
      ].join("\n");
    const m = one(`${file(24, 1)}${file(25, 2)}`).machines;
    expect(m).toHaveLength(1);
    expect(m[0]?.irqs.map((q) => [q.irq, q.cpu, q.vector, q.inferred.includes("irq")])).toEqual([
      [24, 1, 34, false],
      [25, 2, 34, false],
    ]);
  });

  it("treats a second /proc/interrupts table as another machine", () => {
    const r = one([HEADER, ROW_24, "", "now the other box:", HEADER, ROW_25].join("\n"));
    expect(r.machines).toHaveLength(2);
  });

  it("joins a debugfs file to the /proc/interrupts file of the same box", () => {
    const proc = { name: "interrupts.txt", text: [HEADER, ROW_24].join("\n") };
    const dbg = {
      name: "irq24.txt",
      text: "handler:  handle_edge_irq\ndevice:   0000:04:00.0\nstatus:   0x0\nistate:   0x0\nddepth:   0\nwdepth:   0\ndstate:   0x0\nnode:     0\naffinity: 1\neffectiv: 1\npending:\ndomain:  IR-PCI-MSIX-0000:04:00.0-12\n hwirq:   0x0\n chip:    IR-PCI-MSIX-0000:04:00.0\n  flags:   0x0\n parent:\n    domain:  INTEL-IR-0-13\n     hwirq:   0x50000\n     chip:    INTEL-IR\n      flags:   0x0\n     parent:\n        domain:  VECTOR\n         hwirq:   0x18\n         chip:    APIC\n          flags:   0x0\n         Vector:    35\n         Target:     1\n",
    };
    const r = importMachines([proc, dbg]);
    expect(r.ok && r.machines.length).toBe(1);
    const q = r.ok ? r.machines[0]?.irqs[0] : undefined;
    expect(q).toMatchObject({ irq: 24, vector: 35, cpu: 1, actions: ["nvme0q0"] });
    expect(q?.levels.map((l) => [l.domain, l.how])).toEqual([
      ["IR-PCI-MSIX-0000:04:00.0-12", "read"],
      ["INTEL-IR-0-13", "read"],
      ["VECTOR", "read"],
    ]);
  });

  it("keeps markup in names as text", () => {
    const m = one(
      [
        HEADER,
        " 24:          0          5          0          0  IR-PCI-MSIX-0000:04:00.0    0-edge      <b>x</b>",
      ].join("\n"),
    );
    expect(m.machines[0]?.irqs[0]?.actions).toEqual(["<b>x</b>"]);
  });
});

describe("garbage is refused with one message", () => {
  const cases: readonly (readonly [string, string, RegExp])[] = [
    ["empty", "", /is empty/],
    ["a picture", "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR", /not text/],
    ["an HTML page", "<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>", /web page/],
    ["a scenario", '{"format": "irqscope-scenario", "version": 1, "machine": {"cpus": 4}}', /scenario/],
    ["a header alone", HEADER, /no rows/],
    ["random words", "the quick brown fox\njumps over 12 lazy dogs", /^nothing in paste is/],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => {
      const r = importMachines([{ name: "paste", text }]);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    });
  }
});

describe("a big paste", () => {
  it("reads 100,000 rows and reports its progress, rising to the end", () => {
    const rows = Array.from(
      { length: 100_000 },
      (_, i) =>
        `${String(i + 16).padStart(6)}:          ${i % 7}          0  PCI-MSIX-0000:0${1 + (i % 8)}:00.0 ${String(i % 2048).padStart(6)}-edge      q${i}`,
    );
    const seen: number[] = [];
    const r = importMachines([{ name: "big", text: [`${" ".repeat(15)}CPU0       CPU1`, ...rows].join("\n") }], (f) =>
      seen.push(f),
    );
    expect(r.ok && r.machines[0]?.irqs.length).toBe(100_000);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(1);
  });
});
