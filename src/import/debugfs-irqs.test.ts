import { describe, expect, it } from "vitest";
import { type DebugfsIrq, parseDebugfsIrq, splitDebugfsDump } from "./debugfs-irqs";
import { readFixture } from "./test-fixtures";

const dump = splitDebugfsDump(readFixture("debugfs-irqs-epyc-dump.txt"));

function irq(name: string): DebugfsIrq {
  const file = dump.files.find((f) => f.name === name);
  if (!file) throw new Error(`no irq ${name}`);
  const r = parseDebugfsIrq(file.text, file.firstLine);
  if (!r.ok) throw new Error(r.error);
  return r.irq;
}

function error(text: string): string {
  const r = parseDebugfsIrq(text);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

const IRQ_44 = dump.files.find((f) => f.name === "44")?.text ?? "";

describe("splitDebugfsDump", () => {
  it("cuts the recording at '----- irq N' and keeps each file's first line number", () => {
    expect(dump.preamble).toBe("");
    expect(dump.files.map((f) => [f.kind, f.name, f.firstLine])).toEqual([
      ["irq", "2", 2],
      ["irq", "7", 23],
      ["irq", "44", 42],
      ["irq", "61", 91],
      ["irq", "62", 116],
    ]);
  });
});

describe("parseDebugfsIrq on an invented AMD EPYC dump", () => {
  it("builds a 3-level chain with IR, outermost first, with the move in progress", () => {
    const i = irq("44");
    expect(i.levels.map((l) => [l.domain, l.chip, l.hwirq])).toEqual([
      ["IR-PCI-MSIX-0000:41:00.0-12", "IR-PCI-MSIX-0000:41:00.0", 3],
      ["AMD-IR-0-14", "AMD-IR", 0x41000003],
      ["VECTOR", "APIC", 44],
    ]);
    expect(i.levels[2]?.vector).toEqual({
      vector: 36,
      target: 5,
      prevVector: 41,
      prevTarget: 2,
      moveInProgress: true,
      isManaged: false,
      canReserve: true,
      hasReserved: false,
      cleanupPending: false,
    });
    expect(i.levels[0]?.msg).toEqual({ addressHi: 0, addressLo: 0xfee00000, data: 5 });
    expect(i.levels[0]?.chipFlagNames).toEqual(["IRQCHIP_SKIP_SET_WAKE", "IRQCHIP_ONESHOT_SAFE"]);
    expect(i.levels[0]?.line).toBe(61);
    expect(i.warnings).toEqual([]);
  });

  it("reads the descriptor lines, with 'pending:  ' (trailing blanks) as no CPU", () => {
    const i = irq("44");
    expect(i).toMatchObject({
      handler: "handle_edge_irq",
      device: "0000:41:00.0",
      status: 0x4000,
      istate: 0,
      ddepth: 0,
      wdepth: 0,
      dstate: 0x1d409200,
      node: 1,
      affinity: [4, 5, 6, 7],
      effective: [5],
      pending: [],
    });
    expect(i.dstateNames).toHaveLength(8);
    expect(i.dstateNames[0]).toBe("IRQD_ACTIVATED");
  });

  it("reads an XT-PIC irq: empty domain, one level, empty effective mask, status names", () => {
    const i = irq("2");
    expect(i.levels).toEqual([{ domain: "", hwirq: 0, chip: "XT-PIC", chipFlags: 0, chipFlagNames: [], line: 18 }]);
    expect(i.device).toBeNull();
    expect(i.effective).toEqual([]);
    expect(i.statusNames).toEqual(["_IRQ_NOPROBE"]);
    expect(i.istateNames).toEqual(["IRQS_ONESHOT"]);
  });

  it("reads the special vector forms: Legacy PIC target and 'Not assigned'", () => {
    expect(irq("7").levels[0]?.vector).toEqual({ vector: 55, target: "Legacy PIC all CPUs" });
    expect(irq("61").levels[1]?.vector).toEqual({ vector: "Not assigned" });
  });

  it("reads a pending move and the MSI message without IR", () => {
    const i = irq("62");
    expect(i.pending).toEqual([1]);
    expect(i.dstateNames).toContain("IRQD_SETAFFINITY_PENDING");
    expect(i.levels[0]?.msg).toEqual({ addressHi: 0, addressLo: 0xfee03000, data: 0x24 });
    expect(i.levels[1]?.vector).toMatchObject({ vector: 36, target: 3 });
  });

  it("tolerates rst indentation, mail quoting, CRLF and prose around the file", () => {
    const wrapped = `Here it is:\r\n\r\n${IRQ_44.split("\n")
      .map((l) => `>     ${l}`)
      .join("\r\n")}\r\n\r\nThanks`;
    const r = parseDebugfsIrq(wrapped);
    if (!r.ok) throw new Error(r.error);
    expect(r.irq.levels.map((l) => l.domain)).toEqual(["IR-PCI-MSIX-0000:41:00.0-12", "AMD-IR-0-14", "VECTOR"]);
    expect(r.irq.warnings).toEqual([
      'line 1 skipped: not part of the irqs/N file ("Here it is:")',
      'line 52 skipped: not part of the irqs/N file ("Thanks")',
    ]);
  });

  it("follows 'parent:' when a web page collapsed the indentation, with a warning", () => {
    const flat = IRQ_44.split("\n")
      .map((l) => l.trim())
      .join("\n");
    const r = parseDebugfsIrq(flat);
    if (!r.ok) throw new Error(r.error);
    expect(r.irq.levels).toHaveLength(3);
    expect(r.irq.warnings.filter((w) => w.includes("not indented"))).toHaveLength(2);
  });

  it("ignores unknown indented fields with a warning", () => {
    const r = parseDebugfsIrq(IRQ_44.replace("     chip:    AMD-IR", "     chip:    AMD-IR\n     future_field: 7"));
    if (!r.ok) throw new Error(r.error);
    expect(r.irq.warnings).toEqual(["line 34: unknown field 'future_field:' ignored"]);
  });
});

describe("parseDebugfsIrq on bad input: a clear error naming the line", () => {
  it("empty input and garbage", () => {
    expect(error("")).toMatch(/^empty input/);
    expect(error("foo\nbar: baz\n\u0007")).toBe("line 1: no 'handler:' line, so this is not an irqs/N file");
  });

  it("a truncated file", () => {
    const lines = IRQ_44.split("\n");
    expect(error(lines.slice(0, 10).join("\n"))).toMatch(/^lines 1-10: no 'node:', 'affinity:' line/);
    expect(error(lines.slice(0, 19).join("\n"))).toBe("line 19: the file ends before its 'domain:' line");
    expect(error(lines.slice(0, 36).join("\n"))).toBe(
      "line 36: level 2 (domain 'VECTOR') has no 'hwirq:' line (truncated?)",
    );
  });

  it("a bad value or a level that skips indentation", () => {
    expect(error(IRQ_44.replace("hwirq:   0x3", "hwirq:   3"))).toBe("line 21: 'hwirq:' value '3' is not a hex number");
    expect(error(IRQ_44.replace("    domain:  AMD-IR-0-14", "        domain:  AMD-IR-0-14"))).toMatch(
      /^line 31: 'domain:' indented 8 \(level 2\), but level 1 was expected/,
    );
    expect(error(IRQ_44.replace("Target:     5", "Target:     x"))).toBe(
      "line 41: 'Target:' value 'x' is not a decimal number",
    );
  });

  it("two files without a separator", () => {
    expect(error(`${IRQ_44}\n${IRQ_44}`)).toMatch(/^line 49: a second irqs\/N file starts here/);
  });
});
