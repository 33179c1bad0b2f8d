import { describe, expect, it } from "vitest";
import { type ProcInterrupts, parseProcInterrupts } from "./proc-interrupts";
import { readFixture } from "./test-fixtures";

function table(text: string): ProcInterrupts {
  const r = parseProcInterrupts(text);
  if (!r.ok) throw new Error(r.error);
  return r.table;
}

function error(text: string): string {
  const r = parseProcInterrupts(text);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

const SMALL = [
  "           CPU0       CPU1       ",
  "  0:         33          0   IO-APIC   2-edge      timer",
  " 24:          5          0  PCI-MSIX-0000:00:03.0   0-edge      virtio0-config",
  "NMI:          0          0   Non-maskable interrupts",
  "ERR:          0",
].join("\n");

describe("parseProcInterrupts on invented dumps", () => {
  it("maps columns to the header's CPU numbers when offline CPUs are skipped (CPU2, CPU5)", () => {
    const t = table(readFixture("proc-interrupts-xeon-offline-cpus.txt"));
    expect(t.cpus).toEqual([0, 1, 3, 4, 6, 7]);
    expect(t.irqs).toHaveLength(18);
    const ahci = t.irqs.find((r) => r.irq === 43);
    expect(ahci).toMatchObject({ chip: "IR-PCI-MSI", hwirq: 376832, flow: "edge", actions: ["ahci[0000:00:17.0]"] });
    // 5021 is in the fourth column, which is CPU4.
    expect(ahci?.counts).toEqual([0, 0, 0, 5021, 0, 0]);
    expect(t.cpus[ahci?.counts.indexOf(5021) ?? -1]).toBe(4);
  });

  it("reads the 4-wide irq column (nr_irqs >= 1000) and the ' NMI:' arch rows", () => {
    const t = table(readFixture("proc-interrupts-xeon-offline-cpus.txt"));
    expect(t.irqs.map((r) => r.irq)).toContain(1104);
    expect(t.arch.map((a) => a.label)).toEqual(["NMI", "LOC", "SPU", "RES", "CAL", "TLB", "ERR", "MIS", "PIN"]);
    expect(t.arch[1]).toMatchObject({
      label: "LOC",
      counts: [10, 11, 12, 13, 14, 15],
      description: "Local timer interrupts",
    });
  });

  it("splits actions only on ', ' and keeps names with spaces", () => {
    const t = table(readFixture("proc-interrupts-xeon-offline-cpus.txt"));
    const by = (irq: number) => t.irqs.find((r) => r.irq === irq);
    expect(by(42)?.actions).toEqual(["PCIe PME", "aer", "pciehp"]);
    expect(by(1120)?.actions).toEqual(["iwlwifi: default queue"]);
    expect(by(27)?.actions).toEqual(["ehci_hcd:usb1", "i801_smbus"]);
  });

  it("reads rows without flow, without hwirq, and without actions", () => {
    const t = table(readFixture("proc-interrupts-xeon-offline-cpus.txt"));
    const by = (irq: number) => t.irqs.find((r) => r.irq === irq);
    expect(by(1130)).toMatchObject({ chip: "intel-gpio", hwirq: 77, actions: ["SYNA3602:00"] });
    expect(by(1130)?.flow).toBeUndefined();
    expect(by(1131)).toMatchObject({ chip: "gyro_3d-dev2", actions: ["gyro_3d_consumer2"] });
    expect(by(1131)?.hwirq).toBeUndefined();
    expect(by(1132)).toMatchObject({ chip: "IR-PCI-MSI", hwirq: 518144, flow: "edge", actions: [] });
  });

  it("keeps ERR and MIS as single values without a description", () => {
    const t = table(readFixture("proc-interrupts-xeon-offline-cpus.txt"));
    expect(t.arch.find((a) => a.label === "ERR")).toEqual({ label: "ERR", counts: [0], line: 27 });
  });

  it("skips the shell prompts around the table with a warning naming their lines", () => {
    const t = table(readFixture("proc-interrupts-xeon-offline-cpus.txt"));
    expect(t.warnings).toHaveLength(2);
    expect(t.warnings[0]).toMatch(/^line 1 skipped/);
    expect(t.warnings[1]).toMatch(/^line 30 skipped/);
    expect(t.irqs[0]?.line).toBe(3);
  });

  it("joins rows a mailer wrapped, one irq across three lines, and a wrapped header", () => {
    const t = table(readFixture("proc-interrupts-mail-wrapped.txt"));
    expect(t.cpus).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(t.irqs.map((r) => r.irq)).toEqual([0, 1, 9, 25, 26, 28, 29, 30, 31, 40, 41]);
    const msi = t.irqs.find((r) => r.irq === 26);
    expect(msi).toMatchObject({ chip: "IR-PCI-MSI-0000:00:01.2", hwirq: 0, flow: "edge", line: 15 });
    expect(msi?.actions).toEqual(["PCIe PME", "aerdrv", "pcie-dpc"]);
    expect(t.irqs.find((r) => r.irq === 40)?.counts).toEqual([0, 0, 0, 0, 0, 123456, 0, 0]);
    expect(t.arch.find((a) => a.label === "LOC")?.counts).toHaveLength(8);
    expect(t.warnings.filter((w) => w.includes("joined"))).toHaveLength(14);
    expect(t.warnings.some((w) => w.startsWith("line 37 skipped"))).toBe(true);
  });

  it("reads grep output without header: infers the CPU count, warns, and joins a wrapped '> @pci:' tail", () => {
    const t = table(readFixture("proc-interrupts-hyperv-grep-mail.txt"));
    expect(t.cpus).toEqual([0, 1, 2, 3]);
    expect(t.warnings[0]).toMatch(/no CPU header line: assumed 4 CPUs/);
    expect(t.irqs).toHaveLength(5);
    for (const [i, row] of t.irqs.entries()) {
      expect(row.chip).toBe("Hyper-V PCIe MSI");
      expect(row.hwirq).toBe(3165525147648 + i);
      expect(row.actions).toEqual([i === 0 ? "mlx5_async0@pci:5c21:00:02.0" : `mlx5_comp${i - 1}@pci:5c21:00:02.0`]);
    }
  });

  it("reads an rst-indented block and Python string literals", () => {
    const rst = table(readFixture("proc-interrupts-rst-vm.txt"));
    expect(rst.cpus).toEqual([0, 1]);
    expect(rst.irqs.map((r) => r.chip)).toContain("PCI-MSI-0000:00:1f.2");
    expect(rst.arch.find((a) => a.label === "HYP")?.counts).toEqual([1, 1]);
    const py = table(readFixture("proc-interrupts-python-literal.txt"));
    expect(py.cpus).toEqual([0, 1, 2]);
    expect(py.irqs.map((r) => r.irq)).toEqual([0, 8, 30, 31]);
    expect(py.irqs[2]?.actions).toEqual(["nvme0q0"]);
  });

  it("reads CRLF, tabs, trailing blanks and a Go raw string", () => {
    const crlf = table(`${SMALL.replaceAll("\n", "   \r\n")}\r\n`);
    expect(crlf.irqs).toHaveLength(2);
    expect(crlf.irqs[1]?.actions).toEqual(["virtio0-config"]);
    const tabs = table(SMALL.replace("  0:         33", "  0:\t33"));
    expect(tabs.irqs[0]?.counts).toEqual([33, 0]);
    const go = table(`var procInterrupts = \`${SMALL}\``);
    expect(go.cpus).toEqual([0, 1]);
    expect(go.arch.map((a) => a.label)).toEqual(["NMI", "ERR"]);
  });

  it("reads nested mail quoting and quoted-printable soft breaks", () => {
    const quoted = table(
      SMALL.split("\n")
        .map((l) => `> > ${l}`)
        .join("\n"),
    );
    expect(quoted.irqs[1]?.chip).toBe("PCI-MSIX-0000:00:03.0");
    const qp = SMALL.replace("PCI-MSIX-0000:00:03.0   0-edge", "PCI-MSIX-0000:00:03.0   0-ed=\nge").replace(
      "Non-maskable",
      "Non-mask=\nable",
    );
    const t = table(`${qp}\nx =3D y`);
    expect(t.irqs[1]).toMatchObject({ hwirq: 0, flow: "edge" });
    expect(t.arch[0]?.description).toBe("Non-maskable interrupts");
  });

  it("drops annotation tails such as '<----'", () => {
    const t = table(SMALL.replace("virtio0-config", "virtio0-config    <---- this one"));
    expect(t.irqs[1]?.actions).toEqual(["virtio0-config"]);
  });

  it("joins a wrapped '<hwirq>-<flow>' token and reads a flow without hwirq (no domain)", () => {
    const t = table(
      [
        "           CPU0",
        "  5:          1  Hyper-V PCIe MSI",
        "134217728-edge      hv_x",
        "  6:   2  XT-PIC  -edge  y",
      ].join("\n"),
    );
    expect(t.irqs[0]).toMatchObject({ chip: "Hyper-V PCIe MSI", hwirq: 134217728, flow: "edge", actions: ["hv_x"] });
    expect(t.irqs[1]).toMatchObject({ chip: "XT-PIC", flow: "edge", actions: ["y"] });
    expect(t.irqs[1]?.hwirq).toBeUndefined();
    const split = table(
      ["           CPU0", "  5:          1  Hyper-V PCIe", "MSI 134217728-edge      hv_x"].join("\n"),
    );
    expect(split.irqs[0]).toMatchObject({ chip: "Hyper-V PCIe MSI", hwirq: 134217728, actions: ["hv_x"] });
  });
});

describe("parseProcInterrupts on bad input: a clear error naming the line, never an exception", () => {
  it("empty input", () => {
    expect(error("")).toMatch(/empty input/);
    expect(error("  \n\n")).toMatch(/empty input/);
  });

  it("garbage", () => {
    expect(error("hello world\nthis is not a dump\n\u0000\u0001")).toMatch(/no \/proc\/interrupts rows in lines 1-3/);
    expect(error("CPU0 CPU1")).toMatch(/line 1: a CPU header but no rows/);
  });

  it("a truncated row", () => {
    expect(error(`${SMALL}\n 25:          7`)).toBe(
      "line 6: irq 25 has 1 of 2 CPU counts; the row is cut short (truncated, or wrapped in a way that cannot be joined)",
    );
    expect(error(`${SMALL}\n 25:          7          0`)).toBe("line 6: irq 25: no chip name after the CPU counts");
  });

  it("a wrapped row that cannot be joined", () => {
    const cut = SMALL.replace(" 24:          5          0  PCI", " 24:          5\n\n          0  PCI");
    expect(error(cut)).toMatch(/^line 3: irq 24 has 1 of 2 CPU counts/);
  });

  it("two tables pasted together", () => {
    expect(error(`${SMALL}\n${SMALL}`)).toMatch(/^line 6: a second CPU header \(the first is at line 1\)/);
    const rows = SMALL.split("\n").slice(1).join("\n");
    expect(error(`${rows}\n${rows}`)).toMatch(/^line 5: irq 0 again \(first at line 1\)/);
  });

  it("a header after the rows, or with CPUs out of order", () => {
    const rows = SMALL.split("\n");
    expect(error([rows[1], rows[0]].join("\n"))).toMatch(/^line 2: CPU header after the rows/);
    expect(error(SMALL.replace("CPU1", "CPU0"))).toMatch(/^line 1: CPU labels must ascend/);
  });

  it("an hwirq too large to be exact", () => {
    expect(error("           CPU0\n  5:   1  PCI-MSI 99999999999999999999-edge  x")).toMatch(
      /^line 2: irq 5: hwirq .* too large/,
    );
  });
});
