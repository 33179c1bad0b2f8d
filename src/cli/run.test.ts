import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "./run";

const SCENARIOS = join(import.meta.dirname, "../../public/scenarios");

function run(args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = runCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe("sim run", () => {
  for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith(".json"))) {
    it(`${file} runs and meets its own expectations`, () => {
      const r = run([join(SCENARIOS, file)]);
      expect(r.err).toBe("");
      expect(r.out).not.toContain("EXPECT FAILED");
      expect(r.code).toBe(0);
    });
  }

  it("prints a guest's VMM side under each step, and the host side in json", () => {
    const text = run([join(SCENARIOS, "guest-kvm-new.json")]);
    expect(text.out).toMatch(/^boot:\n {4}· VMM: guest starts on the old scheme/);
    expect(text.out).toContain("host: grants; both switch");
    expect(text.out).toMatch(
      / {4}· hypercall \(Dec 2021 proposal\): .* the host allocated irq \d+ "vfio-msix\[2\]\(0000:02:00\.0\)"/,
    );
    const silent = run([join(SCENARIOS, "guest-ims-idxd-vs-nic.json"), "--format", "json"]);
    const parsed = JSON.parse(silent.out) as { guest: { backs: { device: string; store: string; silent?: string }[] } };
    const nic = parsed.guest.backs.find((b) => b.device === "nic0" && b.store === "ims");
    expect(nic?.silent).toMatch(/neither traps nor emulates/);
    const proc = run([join(SCENARIOS, "guest-kvm-old.json"), "--format", "proc"]);
    expect(proc.out).toMatch(/^ +CPU0 +CPU1 +CPU2 +CPU3 *\n/);
    expect(proc.out).toMatch(/nic0-rx2\n/);
  });

  it("prints the kernel's errno and reason for a refused step", () => {
    const r = run([join(SCENARIOS, "ims-refused-without-ir.json")]);
    expect(r.out).toContain("#1 alloc_ims dsa0 4 -> -524 ENOTSUPP: IMS needs interrupt remapping");
  });

  it("prints /proc/interrupts and debugfs in the kernel's formats", () => {
    const proc = run([join(SCENARIOS, "server-vtd.json"), "--format", "proc"]);
    expect(proc.out).toMatch(/^ +CPU0 +CPU1/);
    expect(proc.out).toMatch(/ 25: .* IR-PCI-MSIX-0000:3d:00\.0 +0-edge +nic0-0\n/);
    const dbg = run([join(SCENARIOS, "server-vtd.json"), "--format", "debugfs"]);
    expect(dbg.out).toContain(
      "==> /sys/kernel/debug/irq/domains/INTEL-IR-0-13 <==\nname:   INTEL-IR-0-13\n size:   65536",
    );
    expect(dbg.out).toContain("==> /sys/kernel/debug/irq/irqs/25 <==");
    expect(dbg.out).toContain("    domain:  INTEL-IR-0-13\n     hwirq:   0xf0000\n     chip:    INTEL-IR");
  });

  it("exits 2 with one clear message for an invalid file, and runs nothing", () => {
    const r = run([join(SCENARIOS, "../../package.json")]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/package\.json: format: /);
  });

  it("exits 1 when an expectation fails", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "irqscope-run-"));
    const f = join(dir, "fail.json");
    writeFileSync(
      f,
      JSON.stringify({
        format: "irqscope-scenario",
        version: 1,
        machine: { cpus: 2, ir: "off", devices: [{ name: "d", model: "pci-msix", bdf: "00:03.0", table_size: 4 }] },
        steps: [{ op: "alloc", device: "d", type: "msix", min: 1, max: 1, expect: { errno: "ENOSPC" } }],
      }),
    );
    const r = run([f]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('EXPECT FAILED: errno: expected "ENOSPC", got "none (ok)"');
  });
});

describe("sim run: expectations on what exists and on what a device writes", () => {
  async function runScenarioJson(scenario: object): Promise<{ code: number; out: string; err: string }> {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const f = join(mkdtempSync(join(tmpdir(), "irqscope-expect-")), "s.json");
    writeFileSync(f, JSON.stringify({ format: "irqscope-scenario", version: 1, ...scenario }));
    return run([f]);
  }

  it('`"ok": false` on an interrupt that does not exist asserts its absence, and holds', async () => {
    const r = await runScenarioJson({
      machine: { cpus: 2, ir: "on", devices: [{ name: "d", model: "pci-msix", bdf: "00:03.0", table_size: 8 }] },
      steps: [
        { op: "alloc", device: "d", type: "msix", min: 2, max: 2 },
        { op: "expect", device: "d", index: 5, ok: false },
        { op: "expect", device: "d", index: 5, ok: false, errno: "EINVAL" },
        { op: "expect", device: "d", index: 1, ok: true },
      ],
    });
    expect(r.out).not.toContain("EXPECT FAILED");
    expect(r.code).toBe(0);
  });

  it("an interrupt that does not exist still fails an expectation of presence or of its state", async () => {
    const r = await runScenarioJson({
      machine: { cpus: 2, ir: "on", devices: [{ name: "d", model: "pci-msix", bdf: "00:03.0", table_size: 8 }] },
      steps: [
        { op: "alloc", device: "d", type: "msix", min: 2, max: 2 },
        { op: "expect", device: "d", index: 5, ok: true },
        { op: "expect", device: "d", index: 5, vector: 34 },
        { op: "expect", device: "d", index: 0, ok: false },
      ],
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "#1 expect d 5 -> -22 EINVAL: 0000:00:03.0 has no MSI-X vector at index 5\n    EXPECT FAILED: ok: expected true, got false",
    );
    expect(r.out).toMatch(
      /#2 [^\n]*\n +EXPECT FAILED: the expectation names interrupt fields but [^\n]*no MSI-X vector at index 5/,
    );
    expect(r.out).toContain("#3 expect d 0 (irq");
    expect(r.out).toMatch(/#3 [^\n]*\n +EXPECT FAILED: ok: expected false, got true/);
  });

  it("address/data of vector k of a multi-MSI block are what the device writes for it (sub-handle k under IR)", async () => {
    const steps: object[] = [{ op: "alloc", device: "m", type: "msi", min: 4, max: 4 }];
    const ir = await runScenarioJson({
      machine: { cpus: 2, ir: "on", devices: [{ name: "m", model: "pci-msi", bdf: "00:04.0", vectors: 4 }] },
      steps: [
        ...steps,
        // remappable format: SHV set, the data register is the sub-handle
        { op: "expect", device: "m", index: 0, data: 0 },
        { op: "expect", device: "m", index: 2, data: 2 },
        { op: "expect", device: "m", index: 3, data: 3 },
      ],
    });
    expect(ir.out).not.toContain("EXPECT FAILED");
    const wrong = await runScenarioJson({
      machine: { cpus: 2, ir: "on", devices: [{ name: "m", model: "pci-msi", bdf: "00:04.0", vectors: 4 }] },
      steps: [...steps, { op: "expect", device: "m", index: 3, data: 0 }],
    });
    expect(wrong.out).toContain("EXPECT FAILED: data: expected 0, got 3");
  });
});
