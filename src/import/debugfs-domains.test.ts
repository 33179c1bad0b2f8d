import { describe, expect, it } from "vitest";
import { type DebugfsDomain, parseDebugfsDomain } from "./debugfs-domains";
import { splitDebugfsDump } from "./debugfs-irqs";
import { readFixture } from "./test-fixtures";

const dump = splitDebugfsDump(readFixture("debugfs-domains-epyc-dump.txt"));

function file(name: string) {
  const f = dump.files.find((x) => x.name === name);
  if (!f) throw new Error(`no domain ${name}`);
  return f;
}

function domain(name: string): DebugfsDomain {
  const f = file(name);
  const r = parseDebugfsDomain(f.text, f.firstLine);
  if (!r.ok) throw new Error(r.error);
  expect(r.warnings).toEqual([]);
  return r.domain;
}

function error(text: string): string {
  const r = parseDebugfsDomain(text);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

const IO_APIC = file("IO-APIC-33").text;

describe("parseDebugfsDomain on an invented AMD EPYC dump (CPU4 offline)", () => {
  it("splits the recording after its ls listing", () => {
    expect(dump.preamble.split("\n")).toHaveLength(5);
    expect(dump.files.map((f) => f.name)).toEqual([
      "AMD-IR-0-14",
      "IO-APIC-33",
      "IR-PCI-MSIX-0000:41:00.0-12",
      "VECTOR",
      "default",
    ]);
  });

  it("follows the parents: IO-APIC-33 -> AMD-IR-0-14 -> VECTOR, with flags and flag names", () => {
    const d = domain("IO-APIC-33");
    expect(d).toMatchObject({ name: "IO-APIC-33", size: 24, mapped: 17, flags: 3 });
    expect(d.flagNames).toEqual(["IRQ_DOMAIN_FLAG_HIERARCHY", "IRQ_DOMAIN_NAME_ALLOCATED"]);
    expect(d.parent).toMatchObject({ name: "AMD-IR-0-14", mapped: 29, flags: 0x123 });
    expect(d.parent?.parent).toMatchObject({ name: "VECTOR", flags: 0x103 });
    expect(d.matrix).toBeUndefined();
  });

  it("reads the matrix under the nested VECTOR, whose summary is not indented", () => {
    const m = domain("IO-APIC-33").parent?.parent?.matrix;
    expect(m).toMatchObject({ onlineBitmaps: 5, globalAvailable: 991, globalReserved: 4, totalAllocated: 23 });
    expect(m?.system.count).toBe(35);
    expect(m?.system.list.slice(19, 23)).toEqual([19, 21, 50, 128]);
    expect(m?.rows.map((r) => r.cpu)).toEqual([0, 1, 2, 3, 5]);
    expect(m?.rows[0]).toEqual({ cpu: 0, avl: 196, man: 1, mac: 1, act: 6, vectors: [32, 33, 34, 35, 36, 48] });
    // A CPU with nothing allocated prints an empty vector list.
    expect(m?.rows[4]).toEqual({ cpu: 5, avl: 202, man: 0, mac: 0, act: 0, vectors: [] });
  });

  it("reads 'default', which prints VECTOR", () => {
    const d = domain("default");
    expect(d.name).toBe("VECTOR");
    expect(d.matrix?.rows).toHaveLength(5);
    expect(d.parent).toBeUndefined();
  });

  it("follows 'parent:' lines when the indentation was collapsed, and names the first line", () => {
    const flat = IO_APIC.split("\n").map((l) => l.trim());
    const r = parseDebugfsDomain(["root@box:~# cat IO-APIC-33", ...flat].join("\n"));
    if (!r.ok) throw new Error(r.error);
    expect(chainNames(r.domain)).toEqual(["IO-APIC-33", "AMD-IR-0-14", "VECTOR"]);
    expect(r.domain.line).toBe(2);
    expect(r.warnings).toEqual(['line 1 skipped: not part of the domains/NAME file ("root@box:~# cat IO-APIC-33")']);
  });

  it("warns, not fails, when the matrix sums disagree", () => {
    const r = parseDebugfsDomain(IO_APIC.replace("Global available:    991", "Global available:    990"));
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings).toEqual(["line 24: Global available is 990 but the rows' avl add up to 991"]);
  });
});

function chainNames(d: DebugfsDomain | undefined): string[] {
  return d ? [d.name, ...chainNames(d.parent)] : [];
}

describe("parseDebugfsDomain on bad input: a clear error naming the line", () => {
  it("empty input and garbage", () => {
    expect(error("")).toMatch(/^empty input/);
    expect(error("zzz\n\u0000")).toBe("line 1: no 'name:' line, so this is not a domains/NAME file");
  });

  it("a truncated file", () => {
    const lines = IO_APIC.split("\n");
    expect(error(lines.slice(0, 7).join("\n"))).toBe(
      "line 7: 'parent: AMD-IR-0-14' but the parent's lines are missing",
    );
    expect(error(lines.slice(0, 2).join("\n"))).toBe(
      "line 1: domain 'IO-APIC-33' lacks its size, mapped or flags line (truncated?)",
    );
    expect(error(lines.slice(0, 26).join("\n"))).toMatch(/^line 24: the vector matrix is incomplete/);
  });

  it("bad values", () => {
    expect(error(IO_APIC.replace("mapped: 17", "mapped: lots"))).toBe(
      "line 3: 'mapped:' value 'lots' is not a decimal number",
    );
    expect(error(IO_APIC.replace("     1   197", "     1   x97"))).toMatch(/^line 31: matrix row '1 {3}x97/);
  });

  it("two files without a separator", () => {
    const vector = file("VECTOR").text;
    expect(error(`${vector}\n${vector}`)).toMatch(/^line 19: a second domain starts here/);
  });
});
