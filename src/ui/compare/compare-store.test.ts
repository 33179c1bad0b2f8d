/**
 * The compare controller in Node, over the worker's API in this process: both panes follow one
 * script, a selection finds its counterpart by device entry, an action in one pane runs in both, and
 * a bad scenario changes nothing.
 */
import { describe, expect, it, vi } from "vitest";
import { PRESETS } from "../../scenario/presets";
import type { MachineRole } from "../../sim/tree-ids";
import { createWorkerApi } from "../../worker/worker-api";
import { type CompareHost, createCompareStore } from "./compare-store";

function inProcess(): CompareHost {
  const api = createWorkerApi();
  return {
    connector: (id: string, machine: MachineRole) => () => ({
      api: Promise.resolve(api.open(id, machine)),
      dispose: () => api.close(id),
    }),
    compare: (scenario: unknown) => Promise.resolve(api.compare(scenario)),
  };
}

const DSA = PRESETS.find((p) => p.id === "dsa-host")?.scenario;

/** The irq behind `entry` ("dsa0 msix 1") in a pane's view. */
function irqOf(
  view: { irqs: readonly { irq: number; device: string; store: string; slot: number }[] } | undefined,
  entry: string,
) {
  return view?.irqs.find((r) => `${r.device} ${r.store} ${r.slot}` === entry)?.irq;
}

describe("the compare controller", () => {
  it("opens a preset on both schemes, at its end, with the diff", async () => {
    const c = createCompareStore(inProcess());
    expect(await c.getState().open(DSA, "DSA host")).toBe(true);
    const s = c.getState();
    expect(s.status).toBe("ready");
    expect(s.at).toBe(3);
    expect(s.result?.differing).toBe(3);
    const [old, neu] = [s.panes.old.getState(), s.panes.new.getState()];
    expect(old.base?.machine.scheme).toBe("old");
    expect(neu.base?.machine.scheme).toBe("new");
    expect(old.steps).toHaveLength(3);
    expect(old.lastResult?.command).toBe("#3 request_irq dsa0 ims 1");
    expect(old.lastResult?.result).toMatchObject({ ok: false, errno: "EINVAL" });
    expect(neu.lastResult?.result.ok).toBe(true);
    // The new side's step wrote its IMS entry and IRTE: the canvas marks them.
    expect(neu.lastResult?.writes?.sinks.map((w) => w.kind)).toEqual(["device-entry", "irte"]);
  });

  it("steps, steps back and jumps both panes together", async () => {
    const c = createCompareStore(inProcess());
    await c.getState().open(DSA, "DSA host", 0);
    const { panes } = c.getState();
    expect(panes.old.getState().steps).toHaveLength(0);
    expect(panes.old.getState().future).toHaveLength(3);
    await c.getState().goTo(1);
    expect([panes.old.getState().steps.length, panes.new.getState().steps.length]).toEqual([1, 1]);
    expect(panes.old.getState().lastResult?.result).toMatchObject({ ok: false, errno: "ENOTSUPP" });
    expect(panes.new.getState().lastResult?.result.ok).toBe(true);
    await c.getState().goTo(3);
    await c.getState().goTo(2);
    expect(c.getState().at).toBe(2);
    expect([panes.old.getState().steps.length, panes.new.getState().steps.length]).toEqual([2, 2]);
    expect(panes.new.getState().future).toHaveLength(1);
    await c.getState().goTo(7);
    expect(c.getState().at).toBe(2);
  });

  it("Back pressed twice before the first step is shown moves two steps", async () => {
    const c = createCompareStore(inProcess());
    await c.getState().open(DSA, "DSA host");
    const { panes } = c.getState();
    const first = c.getState().goBy(-1);
    const second = c.getState().goBy(-1);
    await Promise.all([first, second]);
    expect(c.getState().at).toBe(1);
    expect([panes.old.getState().steps.length, panes.new.getState().steps.length]).toEqual([1, 1]);
    await c.getState().goBy(1);
    expect(c.getState().at).toBe(2);
  });

  it("a jump or a step back shows both panes and the compare's step in one update", async () => {
    const c = createCompareStore(inProcess());
    await c.getState().open(DSA, "DSA host");
    const { panes } = c.getState();
    // Whenever either pane shows another step, the other pane and the compare already say the same
    // (checked after the synchronous run of updates: the page draws them in one frame).
    const seen: string[] = [];
    const check = () =>
      queueMicrotask(() =>
        seen.push(
          `${panes.old.getState().steps.length}/${panes.new.getState().steps.length}/${c.getState().at}/${c.getState().status}`,
        ),
      );
    const stop = [panes.old, panes.new].map((p) =>
      p.subscribe((s, prev) => {
        if (s.steps !== prev.steps) check();
      }),
    );
    // Jumps and a step back replay in each pane (a step forward is applied in each, and drawn as each answers).
    await c.getState().goTo(1);
    await c.getState().goTo(3);
    await c.getState().goTo(2);
    for (const f of stop) f();
    expect(seen).toEqual(["1/1/1/ready", "1/1/1/ready", "3/3/3/ready", "3/3/3/ready", "2/2/2/ready", "2/2/2/ready"]);
  });

  it("a selection in one pane selects its counterpart by device entry; a missing one is said", async () => {
    const c = createCompareStore(inProcess());
    await c.getState().open(DSA, "DSA host");
    const { panes } = c.getState();
    const oldIrq = irqOf(panes.old.getState().view, "dsa0 msix 1");
    const newIrq = irqOf(panes.new.getState().view, "dsa0 msix 1");
    expect(oldIrq).toBeDefined();
    await panes.old.getState().select({ kind: "irq", irq: oldIrq ?? -1 });
    await vi.waitFor(() => expect(panes.new.getState().selection).toEqual({ kind: "irq", irq: newIrq }));
    const ims = irqOf(panes.new.getState().view, "dsa0 ims 0");
    expect(irqOf(panes.old.getState().view, "dsa0 ims 0")).toBeUndefined();
    await panes.new.getState().select({ kind: "irq", irq: ims ?? -1 });
    await vi.waitFor(() =>
      expect(c.getState().unmatched).toEqual({ side: "old", text: "no interrupt is dsa0 ims 0 at this step" }),
    );
    expect(panes.old.getState().selection).toBeUndefined();
    await panes.old.getState().select({ kind: "device", name: "dsa0" });
    await vi.waitFor(() => expect(panes.new.getState().selection).toEqual({ kind: "device", name: "dsa0" }));
  });

  it("an action in one pane cuts the script at the cursor and runs in both; the diff follows", async () => {
    const c = createCompareStore(inProcess());
    await c.getState().open(DSA, "DSA host", 1);
    const { panes } = c.getState();
    const r = await panes.new.getState().apply({ op: "cpu_offline", cpu: 2 });
    expect(r?.ok).toBe(true);
    const s = c.getState();
    expect(s.at).toBe(2);
    expect(s.scenario?.steps.map((x) => x.op)).toEqual(["alloc_ims", "cpu_offline"]);
    expect(s.result?.steps).toHaveLength(2);
    expect(panes.old.getState().steps.map((x) => x.op)).toEqual(["alloc_ims", "cpu_offline"]);
    expect(panes.old.getState().view?.cpus[2]?.online).toBe(false);
  });

  it("a bad scenario is one message and changes nothing", async () => {
    const c = createCompareStore(inProcess());
    await c.getState().open(DSA, "DSA host");
    const before = c.getState();
    expect(await c.getState().open({ format: "irqscope-scenario", version: 1, machine: { cpus: 0 } }, "bad")).toBe(
      false,
    );
    const after = c.getState();
    expect(after.message).toMatch(/^bad: machine\.cpus: /);
    expect(after.scenario).toBe(before.scenario);
    expect(after.at).toBe(before.at);
    expect(after.panes.old.getState().steps).toHaveLength(3);
  });
});
