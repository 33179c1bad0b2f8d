/**
 * The hazard examples of public/scenarios, each run through the runner with IR on and with IR off:
 * the raise that shows the hazard is lost without IR and delivered with it (or, where IR does not
 * matter, the same refusal both ways).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import type { Scenario } from "../scenario/schema";
import { bootScenarioMachine, runScenario, type StepReport } from "./scenario-runner";

const DIR = join(import.meta.dirname, "../../public/scenarios");

function run(file: string, ir: "on" | "off"): StepReport[] {
  const parsed = parseScenario(readFileSync(join(DIR, file), "utf8"));
  if (!parsed.ok) throw new Error(parsed.error);
  const s: Scenario = { ...parsed.scenario, machine: { ...parsed.scenario.machine, ir } };
  const p = bootScenarioMachine(s, () => {});
  if (typeof p === "string") throw new Error(p);
  return [...runScenario(s, p, []).steps];
}

/** Whether step n (a raise) reached its handler. */
function delivered(steps: StepReport[], n: number): boolean {
  const r = steps[n]?.result;
  return r?.ok === true && r.delivery?.kind === "handled" && r.silent === undefined;
}

describe("hazard examples: IR off fails, IR on works", () => {
  it("NTB: the peer writes its stale copy to the offline CPU until the re-send; with IR it never goes stale", () => {
    const off = run("ntb-peer-stale-copy.json", "off");
    const on = run("ntb-peer-stale-copy.json", "on");
    const stale = off.findIndex((s) => s.op === "cpu_offline") + 1;
    expect(delivered(off, stale)).toBe(false);
    expect(off[stale]?.result.ok && off[stale]?.result.summary).toMatch(/copy is stale -> lost: CPU 3 is offline/);
    expect(delivered(off, stale + 2)).toBe(true); // after the tick: the re-send arrived
    expect(delivered(on, stale)).toBe(true);
    expect(on.filter((s) => s.op === "raise").every((s) => delivered(on, s.n))).toBe(true);
  });

  it("ath11k: without IR one MSI pinned to CPU 0, the cached copy valid because the move is refused; with IR 32 vectors that move", () => {
    const off = run("ath11k-pure-luck.json", "off");
    const on = run("ath11k-pure-luck.json", "on");
    expect(delivered(off, 1)).toBe(true);
    expect(off[2]?.result).toMatchObject({ ok: false, errno: "EPERM" });
    expect(delivered(off, 3)).toBe(true);
    expect(off[4]?.result).toMatchObject({ ok: false, errno: "EINVAL" });
    expect(on[2]?.result.ok).toBe(true);
    for (const n of [1, 3, 4]) expect(delivered(on, n), `step ${n}`).toBe(true);
  });

  it("two-step: without IR two device writes, (old CPU, new vector) then (new CPU, new vector); with IR none", () => {
    const off = run("msi-two-step-nonmaskable.json", "off");
    const on = run("msi-two-step-nonmaskable.json", "on");
    const summary = (s: StepReport[]) => (s[6]?.result.ok ? s[6].result.summary : "");
    expect(summary(off).match(/address_lo/g)?.length).toBe(2);
    expect(summary(on)).not.toMatch(/message was written/);
    expect(delivered(off, 6) && delivered(off, 7)).toBe(true);
    expect(delivered(on, 6) && delivered(on, 7)).toBe(true);
  });

  it("vector exhaustion: -ENOSPC for request_irq and CPU offline, with or without IR; managed irqs let the CPU go", () => {
    for (const ir of ["on", "off"] as const) {
      const s = run("vector-exhaustion.json", ir);
      // Without IR there is no DMAR fault irq: one vector more, so the second request_irq still fits.
      if (ir === "on") expect(s[4]?.result, ir).toMatchObject({ ok: false, errno: "ENOSPC" });
      expect(s[5]?.result, ir).toMatchObject({ ok: false, errno: "ENOSPC" });
      expect(s[8]?.result.ok, ir).toBe(true);
      expect(delivered(s, 9) && delivered(s, 11), ir).toBe(true);
      expect(s[12]?.result, ir).toMatchObject({ ok: false, errno: "ENOSPC" });
    }
  });

  it("IMS: refused without IR (-ENOTSUPP, nothing to raise); with IR the IDXD slot carries its PASID and delivers", () => {
    const off = run("ims-idxd-pasid.json", "off");
    const on = run("ims-idxd-pasid.json", "on");
    expect(off[0]?.result).toMatchObject({ ok: false, errno: "ENOTSUPP" });
    expect(delivered(off, 2)).toBe(false);
    expect(delivered(off, 3)).toBe(true);
    expect(delivered(on, 2)).toBe(true);
  });
});
