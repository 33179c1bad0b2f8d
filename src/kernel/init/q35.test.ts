import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../scenario/parse";
import { bootScenarioMachine, runScenario } from "../../sim/scenario-runner";
import { irqDebugShow } from "../irq/debugfs";
import { showInterrupts } from "../irq/proc";

const FILE = join(import.meta.dirname, "../../../public/scenarios/qemu-q35-recorded.json");

function run(patch: (s: Record<string, unknown> & { machine: Record<string, unknown> }) => void = () => {}) {
  const raw = JSON.parse(readFileSync(FILE, "utf8"));
  patch(raw);
  const parsed = parseScenario(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  const p = bootScenarioMachine(parsed.scenario, () => {});
  if (typeof p === "string") throw new Error(p);
  return runScenario(parsed.scenario, p, []);
}

describe("QEMU q35: the recorded session as a scenario", () => {
  it("6.12 with IR: every recorded result (EPERM on a managed irq, EINVAL offline-only, ERANGE)", () => {
    const r = run();
    expect(r.steps.flatMap((s) => s.failedExpectations)).toEqual([]);
    expect(r.steps.map((s) => (s.result.ok ? "ok" : s.result.errno))).toEqual([
      "ok",
      "ok",
      "EPERM",
      "ok",
      "ok",
      "EINVAL",
      "EPERM",
      "EINVAL",
      "ok",
      "ok",
      "ERANGE",
      "EINVAL",
      "ok",
    ]);
  });

  it("boots as Linux does: the drivers' irqs in probe order, e1000e's requested at link up", () => {
    const p = run((s) => {
      s.steps = [];
    }).platform;
    const proc = showInterrupts(p.machine.core);
    const names = [...proc.matchAll(/^ *(\d+):.*\s(\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(names).toEqual([
      "0 timer",
      "1 i8042",
      "4 ttyS0",
      "8 rtc0",
      "9 acpi",
      "12 i8042",
      "24 dmar0",
      "25 nvme0q0",
      "26 nvme0q1",
      "27 nvme0q2",
      "28 nvme0q3",
      "29 nvme0q4",
      "30 eth0-rx-0",
      "31 eth0-tx-0",
      "32 eth0",
      "33 virtio0-config",
      "34 virtio0-input.0",
      "35 virtio0-output.0",
      "36 virtio1-config",
      "37 virtio1-req.0",
      "38 virtio1-req.1",
      "39 virtio1-req.2",
      "40 virtio1-req.3",
      "41 virtio2-config",
      "42 virtio2-input",
    ]);
    // The PCI INTx lines q35's _PRT gives slots 1–5 (GSIs 20–23) are mapped and parked in reservation mode.
    expect(irqDebugShow(p.machine.core, 22)).toMatch(/chip: +IR-IO-APIC[\s\S]*has_reserved: +1/);
    expect(p.machine.descs.desc(19)?.data).toBeUndefined();
  });

  it("6.1: the global IR-PCI-MSI domain with the encoded hwirq (devid 0x08 << 11), and EIO for a managed irq", () => {
    const r = run((s) => {
      s.machine.kernel = "6.1";
      for (const step of s.steps as { expect?: { errno?: string } }[]) {
        if (step.expect?.errno === "EPERM") step.expect.errno = "EIO";
      }
    });
    expect(r.steps.flatMap((s) => s.failedExpectations)).toEqual([]);
    const text = irqDebugShow(r.platform.machine.core, 25) ?? "";
    expect(text).toMatch(/domain: +INTEL-IR-MSI-0-3\n hwirq: +0x4000\n chip: +IR-PCI-MSI/);
  });
});
