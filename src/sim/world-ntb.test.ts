/**
 * The NTB pair's world: the peer host beside this one, one link per queue pair from the peer's copy to
 * the local NTB-MSI irq, broken while the copy is stale (with where it would land), healed at the tick
 * that makes the peer read the re-send.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse";
import { PRESETS } from "../scenario/presets";
import { Simulator } from "./simulator";
import { machineView } from "./views";
import type { MachineLink } from "./world";

const DIR = join(import.meta.dirname, "../../public/scenarios");

function booted(scenario: unknown): Simulator {
  const r = Simulator.boot(scenario);
  if (!r.ok) throw new Error(r.error);
  return r.sim;
}

const links = (sim: Simulator): readonly MachineLink[] => machineView(sim).world?.links ?? [];

describe("NTB world", () => {
  it("the NTB pair preset: the peer host framed beside this one, its copies linked to the NTB-MSI irqs", () => {
    const preset = PRESETS.find((p) => p.id === "ntb-pair");
    const sim = booted(preset?.scenario);
    const view = machineView(sim);
    const world = view.world;
    expect(world?.machines).toHaveLength(1);
    const peer = world?.machines[0];
    expect(peer).toMatchObject({ kind: "peer-host", role: "peer" });
    expect(peer?.label).toMatch(/^peer host across ntb0: 2 NTB-MSI copies, 0 stale$/);
    expect(peer?.tree.nodes.map((n) => n.id)).toEqual([
      "peer/ntb-peer:ntb0",
      "peer/copy:ntb0.qp0",
      "peer/copy:ntb0.qp1",
    ]);
    expect(peer?.tree.edges.map((e) => e.id)).toEqual([
      "peer/ntb-peer:ntb0->peer/copy:ntb0.qp0",
      "peer/ntb-peer:ntb0->peer/copy:ntb0.qp1",
    ]);
    const ls = world?.links ?? [];
    expect(ls.map((l) => l.id)).toEqual(["peer-copy:ntb0/peer/0", "peer-copy:ntb0/peer/1"]);
    const irqs = view.irqs.filter((r) => r.actions.includes("ntb_transport")).map((r) => r.irq);
    expect(ls.map((l) => l.to.irq)).toEqual(irqs);
    for (const l of ls) {
      expect(l.kind).toBe("peer-copy");
      expect(l.from.node).toMatch(/^peer\/copy:ntb0\.qp\d$/);
      expect(l.to).toMatchObject({ machine: "main", node: "main/device:ntb0", device: "ntb0", store: "peer" });
      expect(l.broken).toBeUndefined();
      // Under IR the message the peer holds is the IRTE handle: it names the IRTE.
      expect(l.via.find((v) => v.what === "which means")?.value).toMatch(/^IRTE \d+ \(remappable/);
      expect(l.via.map((v) => v.what)).toContain("peer holds: offset in the window");
    }
    // The peer's nodes fold like any other, by id.
    const folded = machineView(sim, { collapsed: ["peer/ntb-peer:ntb0"] }).world?.machines[0]?.tree;
    expect(folded?.nodes.filter((n) => n.foldedInto === "peer/ntb-peer:ntb0")).toHaveLength(2);
  });

  it("the stale-copy example: broken after the move without IR, with where it lands; healed after the re-send", () => {
    const parsed = parseScenario(readFileSync(join(DIR, "ntb-peer-stale-copy.json"), "utf8"));
    if (!parsed.ok) throw new Error(parsed.error);
    const { steps, ...head } = parsed.scenario;
    const sim = booted({ ...head, steps: [] });
    const seen: { op: string; broken: string | undefined }[] = [];
    for (const step of steps) {
      const r = sim.apply(step);
      expect(r.result.ok, step.op).toBe(true);
      const l = links(sim)[0];
      expect(l?.to.irq).toBeGreaterThan(0);
      seen.push({ op: step.op, broken: l?.broken });
    }
    const at = (op: string, nth = 0) => seen.filter((s) => s.op === op)[nth];
    // Before any move: the copy is the message.
    expect(at("raise", 0)?.broken).toBeUndefined();
    // The move waits for the next interrupt: the message is not rewritten yet.
    expect(at("set_affinity")?.broken).toBeUndefined();
    // The raise completes the move: a new message, re-sent, not yet read by the peer.
    expect(at("raise", 1)?.broken).toMatch(/^stale copy: it points to CPU \d vector 0x[0-9a-f]+, .*re-send waits/);
    expect(at("tick", 0)?.broken).toBeUndefined();
    expect(at("cpu_offline")?.broken).toMatch(
      /^stale copy: it points to CPU 3 vector 0x[0-9a-f]+, and CPU 3 is offline; the re-send waits for the peer's doorbell work \(tick\)$/,
    );
    expect(at("raise", 3)?.broken).toMatch(/CPU 3 is offline/);
    expect(at("tick", 1)?.broken).toBeUndefined();
    expect(machineView(sim).world?.machines[0]?.label).toMatch(/1 NTB-MSI copy, 0 stale$/);
  });

  it("with IR the same steps never break the link: the message never changes", () => {
    const parsed = parseScenario(readFileSync(join(DIR, "ntb-peer-stale-copy.json"), "utf8"));
    if (!parsed.ok) throw new Error(parsed.error);
    const { steps, ...head } = parsed.scenario;
    const sim = booted({ ...head, machine: { ...head.machine, ir: "on" }, steps: [] });
    for (const step of steps) {
      sim.apply(step);
      expect(links(sim)[0]?.broken, step.op).toBeUndefined();
    }
  });

  it("a peer with many queue pairs holds them in one node, every copy still linked", () => {
    const sim = booted({
      format: "irqscope-scenario",
      version: 1,
      machine: { cpus: 4, ir: "on", devices: [{ name: "ntb0", model: "ntb-switchtec", bdf: "0000:03:00.1", qps: 12 }] },
      steps: [],
    });
    const world = machineView(sim).world;
    expect(world?.machines[0]?.tree.nodes.map((n) => [n.id, n.label])).toEqual([
      ["peer/ntb-peer:ntb0", "ntb0 peer port"],
      ["peer/copy:ntb0.all", "12 queue pair copies"],
    ]);
    expect(world?.links).toHaveLength(12);
    expect(new Set(world?.links.map((l) => l.from.node))).toEqual(new Set(["peer/copy:ntb0.all"]));
    expect(new Set(world?.links.map((l) => l.to.irq)).size).toBe(12);
  });

  it("a machine without an NTB port has no world", () => {
    const sim = booted(PRESETS[0]?.scenario);
    expect(machineView(sim).world).toBeUndefined();
  });
});
