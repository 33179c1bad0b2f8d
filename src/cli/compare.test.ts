/**
 * `sim compare` on every preset and every example of public/scenarios (the seeds' hazards among
 * them): exit status, the contract's JSON shape, and the differs marks checked against the schemes'
 * rules (schemes.md): on bare metal the schemes part only where IMS is asked for, with IR, on a kernel
 * with per-device MSI domains; without IR or on 6.1 the new scheme stays on the old shapes.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import { PRESETS } from "../scenario/presets";
import type { Scenario } from "../scenario/schema";
import { compareCommand } from "./compare";

const SCENARIOS = join(import.meta.dirname, "../../public/scenarios");
const dir = mkdtempSync(join(tmpdir(), "irqscope-compare-"));

function cli(args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = compareCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

interface JsonSide {
  ok: boolean;
  errno?: string;
  silent: boolean;
  delivered?: boolean;
  writes: { headline: string; lines: { kind: string; where: string; what: string }[] };
}
interface JsonStep {
  step: number;
  op: string;
  old: JsonSide;
  new: JsonSide;
  differs: boolean;
  writesDiffer: boolean;
}

function compareJson(file: string): JsonStep[] {
  const r = cli([file, "--format", "json"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.out) as { steps: JsonStep[] }).steps;
}

/** What the schemes' rules say about a step's two outcomes on this machine. */
function checkAgainstSchemes(s: Scenario, steps: JsonStep[]): void {
  expect(steps.map((x) => x.step)).toEqual(s.steps.map((_, i) => i));
  const imsPossible = s.machine.ir === "on" && s.machine.kernel !== "6.1";
  const usesIms = (i: number) => {
    const st = s.steps[i] as Record<string, unknown>;
    return st.op === "alloc_ims" || st.store === "ims" || st.op === "free_ims";
  };
  const devicesUseIms = s.machine.devices.some((d) => "sf_ims" in d && d.sf_ims === true);
  for (const x of steps) {
    expect(x.op).toBe(s.steps[x.step]?.op);
    for (const side of [x.old, x.new]) {
      expect(typeof side.ok).toBe("boolean");
      expect(typeof side.silent).toBe("boolean");
      if (side.ok) expect(side.errno).toBeUndefined();
      else expect(side.errno).toMatch(/^E[A-Z]+$/);
      if (x.op === "raise") expect(typeof side.delivered).toBe("boolean");
      else expect(side.delivered).toBeUndefined();
    }
    const differs =
      x.old.ok !== x.new.ok ||
      x.old.errno !== x.new.errno ||
      x.old.silent !== x.new.silent ||
      x.old.delivered !== x.new.delivered;
    expect(x.differs).toBe(differs);
    if (s.machine.platform === "guest") {
      checkGuestStep(
        s,
        x,
        steps.some((y) => usesIms(y.step)),
      );
      continue;
    }
    if (!imsPossible) expect(x.differs).toBe(false);
    // The old scheme refuses IMS on a kernel without the proposal (removed in 6.10); the new one offers it.
    if (imsPossible && s.steps[x.step]?.op === "alloc_ims") {
      expect(x.old.errno).toBe("ENOTSUPP");
      expect(x.new.errno).not.toBe("ENOTSUPP");
    }
    // Without IMS anywhere in the script or the drivers, nothing tells the schemes apart.
    if (!steps.some((y) => usesIms(y.step)) && !devicesUseIms) {
      expect(x.differs).toBe(false);
      expect(x.writesDiffer).toBe(false);
    }
  }
}

/**
 * A guest's rules (schemes.md, "Guest boot negotiation" and the operations table): the proposal is in
 * force only when a guest with vIR asks a KVM host with IR that grants it; then nothing on the new side
 * fails silently and IMS is offered. Otherwise both runs keep the old shapes, and only IMS (offered by
 * an old guest kernel that still has it, refused after a rejected switch) can tell them apart.
 */
function checkGuestStep(s: Scenario, x: JsonStep, scriptUsesIms: boolean): void {
  const host = s.machine.host;
  const granted =
    s.machine.ir === "on" &&
    s.machine.hypervisor_grants_new_scheme &&
    (host?.ir ?? "on") === "on" &&
    (host?.hypervisor ?? "kvm") === "kvm";
  if (granted) {
    expect(x.new.silent).toBe(false);
    if (x.op === "alloc_ims") expect(x.new.errno).toBeUndefined();
  } else if (!scriptUsesIms) {
    expect(x.differs).toBe(false);
  }
}

describe("sim compare", () => {
  for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith(".json"))) {
    it(`${file}: both schemes run, the marks follow the schemes' rules`, () => {
      const path = join(SCENARIOS, file);
      const parsed = parseScenario(readFileSync(path, "utf8"));
      if (!parsed.ok) throw new Error(parsed.error);
      checkAgainstSchemes(parsed.scenario, compareJson(path));
    });
  }

  for (const p of PRESETS) {
    it(`preset ${p.id}: both schemes run, the marks follow the schemes' rules`, () => {
      const path = join(dir, `${p.id}.json`);
      writeFileSync(path, JSON.stringify(p.scenario));
      const parsed = parseScenario(p.scenario);
      if (!parsed.ok) throw new Error(parsed.error);
      checkAgainstSchemes(parsed.scenario, compareJson(path));
    });
  }

  it("IMS with a PASID: old refuses, new allocates, requests and delivers; the writes say where", () => {
    const steps = compareJson(join(SCENARIOS, "ims-idxd-pasid.json"));
    expect(steps.map((s) => s.differs)).toEqual([true, true, true, false]);
    expect(steps[0]?.old).toMatchObject({ ok: false, errno: "ENOTSUPP", silent: false });
    expect(steps[0]?.new).toMatchObject({ ok: true, silent: false });
    expect(steps[2]?.new).toMatchObject({ ok: true, delivered: true });
    expect(steps[1]?.old.writes.lines).toEqual([]);
    expect(steps[1]?.new.writes.lines.map((l) => l.kind)).toEqual(["device-entry", "irte"]);
    expect(steps[1]?.new.writes.lines[0]?.where).toBe("dsa0 IMS entry 0");
  });

  it("the same script with IR off: the new scheme stays on the old shapes, nothing differs", () => {
    const parsed = parseScenario(readFileSync(join(SCENARIOS, "ims-idxd-pasid.json"), "utf8"));
    if (!parsed.ok) throw new Error(parsed.error);
    const path = join(dir, "ims-ir-off.json");
    writeFileSync(path, JSON.stringify({ ...parsed.scenario, machine: { ...parsed.scenario.machine, ir: "off" } }));
    const steps = compareJson(path);
    expect(steps.some((s) => s.differs)).toBe(false);
    expect(steps[0]?.old.errno).toBe("ENOTSUPP");
    expect(steps[0]?.new.errno).toBe("ENOTSUPP");
  });

  it("text: every step with both outcomes, the differing ones marked, with what each wrote", () => {
    const r = cli([join(SCENARIOS, "ims-idxd-pasid.json")]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("new = new scheme: the Dec 2021 proposal");
    expect(r.out).toMatch(/#0 alloc_ims dsa0 2 {2}<> DIFFERS\n {4}old: -524 ENOTSUPP from alloc_ims: /);
    expect(r.out).toContain("dsa0 IMS entry 0: 0x0/0x0 → 0xfee");
    expect(r.out).toMatch(/#3 raise dsa0 msix 1\n {4}old: the interrupt arrived/);
    expect(r.out).toContain("4 steps: 3 with different outcomes");
  });

  it("exits 2 with one clear message for an invalid file, a missing file, or bad arguments", () => {
    const bad = cli([join(SCENARIOS, "../../package.json")]);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe("");
    expect(bad.err).toMatch(/package\.json: format: /);
    expect(bad.err.trim().split("\n")).toHaveLength(1);
    expect(cli([join(dir, "nope.json")]).code).toBe(2);
    expect(cli([join(SCENARIOS, "server-vtd.json"), "--format", "proc"]).code).toBe(2);
    expect(cli([]).code).toBe(2);
  });

  it("exits 0 even when the file's own expectations fail on one scheme (a compare reports, it does not assert)", () => {
    const steps = compareJson(join(SCENARIOS, "ims-idxd-pasid.json"));
    expect(steps[0]?.old.ok).toBe(false);
  });
});
