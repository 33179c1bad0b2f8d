/** `sim import`: the contract of scenario-format.md ("Import"), on the model's own dumps and on garbage. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCommand } from "./import";
import { runCommand } from "./run";

const SCENARIOS = join(import.meta.dirname, "../../public/scenarios");
const TMP = mkdtempSync(join(tmpdir(), "sim-import-"));

function call(f: typeof importCommand, args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = f(args, {
    out: (t) => (out += typeof t === "string" ? t : Buffer.from(t).toString()),
    err: (t) => (err += t),
  });
  return { code, out, err };
}

function file(name: string, text: string): string {
  const path = join(TMP, name);
  writeFileSync(path, text);
  return path;
}

describe("sim import", () => {
  it("reads back the model's own /proc/interrupts and debugfs as one machine (json)", () => {
    const scenario = join(SCENARIOS, "server-vtd.json");
    const proc = file("proc.txt", call(runCommand, [scenario, "--format", "proc"]).out);
    const dbg = file("debugfs.txt", call(runCommand, [scenario, "--format", "debugfs"]).out);
    const r = call(importCommand, [proc, dbg, "--format", "json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      cpus: number;
      irqs: { irq: number; chip: string; hwirq: string; name: string; machine: number }[];
      domains: { name: string; parent: string | null }[];
      machines: unknown[];
    };
    expect(json.cpus).toBe(8);
    expect(json.machines).toHaveLength(1);
    const rows = (call(runCommand, [scenario, "--format", "proc"]).out.match(/^ *\d+:/gm) ?? []).length;
    expect(json.irqs.length).toBeGreaterThanOrEqual(rows);
    expect(json.irqs.find((q) => q.irq === 25)).toMatchObject({
      chip: "IR-PCI-MSIX-0000:3d:00.0",
      hwirq: "0",
      name: "nic0-0",
    });
    expect(json.domains).toContainEqual(expect.objectContaining({ name: "INTEL-IR-0-13", parent: "VECTOR" }));
    expect(json.domains).toContainEqual(expect.objectContaining({ name: "VECTOR", parent: null }));
  });

  it("prints text by default", () => {
    const proc = file(
      "p.txt",
      "           CPU0       CPU1\n  0:         44          0   IO-APIC   2-edge      timer\n",
    );
    const r = call(importCommand, [proc]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("CPUs: 2 (read)");
    expect(r.out).toContain("IO-APIC 2  timer");
  });

  it("exits 2 with one clear message when nothing is such a text", () => {
    for (const [name, text] of [
      ["empty.txt", ""],
      ["words.txt", "nothing to see here"],
      ["s.json", '{"format": "irqscope-scenario", "version": 1}'],
    ] as const) {
      const r = call(importCommand, [file(name, text)]);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
    expect(call(importCommand, [join(TMP, "absent.txt")]).code).toBe(2);
    expect(call(importCommand, []).code).toBe(2);
  });
});
