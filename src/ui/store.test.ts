import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET, PRESETS } from "../scenario/presets";
import type { MachineRole } from "../sim/tree-ids";
import type { SessionConnector } from "../worker/client";
import { createWorkerApi } from "../worker/worker-api";
import { createIrqscopeStore } from "./store";

/** A connector onto the worker's API in this process: the store as the page runs it, without a Worker. */
function inProcess(api = createWorkerApi()) {
  const connect =
    (id: string, machine: MachineRole): SessionConnector =>
    () => ({ api: Promise.resolve(api.open(id, machine)), dispose: () => api.close(id) });
  return { api, connect };
}

const LAPTOP = PRESETS.find((p) => p.id === "laptop")?.scenario;

describe("the pane store (zustand vanilla, over a session)", () => {
  it("loads, applies, undoes and redoes through its session", async () => {
    const { connect } = inProcess();
    const store = createIrqscopeStore(connect("a", "main"));
    expect(await store.getState().load(DEFAULT_PRESET.scenario, "server")).toBe(true);
    const s = store.getState();
    expect(s.status).toBe("ready");
    expect(s.client).toBeDefined();
    const n = s.steps.length;
    await s.apply({ op: "cpu_offline", cpu: 3 });
    expect(store.getState().steps.length).toBe(n + 1);
    expect(store.getState().view?.cpus[3]?.online).toBe(false);
    await store.getState().undo();
    expect(store.getState().steps.length).toBe(n);
    expect(store.getState().view?.cpus[3]?.online).toBe(true);
    await store.getState().redo();
    expect(store.getState().view?.cpus[3]?.online).toBe(false);
  });

  it("two panes on one worker: each has its own machine, selection, tab and debugfs file", async () => {
    const { api, connect } = inProcess();
    const left = createIrqscopeStore(connect("left", "host"));
    const right = createIrqscopeStore(connect("right", "guest0"));
    await left.getState().load(DEFAULT_PRESET.scenario, "server");
    await right.getState().load(LAPTOP, "laptop");
    expect(api.sessions().sort()).toEqual(["left", "right"]);
    const rightBefore = right.getState().view;

    await left.getState().apply({ op: "cpu_offline", cpu: 2 });
    await left.getState().select({ kind: "domain", name: "IO-APIC-0" });
    left.getState().openTab("debugfs");

    expect(left.getState().view?.cpus[2]?.online).toBe(false);
    expect(left.getState().debugfsPath).toBe("irq/domains/IO-APIC-0");
    expect(right.getState().view).toBe(rightBefore);
    expect(right.getState().selection).toBeUndefined();
    expect(right.getState().tab).toBe("irqs");
    expect(right.getState().debugfsPath).toBe("irq/domains/VECTOR");
    expect(left.getState().view?.tree.nodes[0]?.id).toBe("host/domain:VECTOR");
    expect(right.getState().view?.tree.nodes[0]?.id).toBe("guest0/domain:VECTOR");
    // The right pane's session in the worker is untouched too.
    expect(await right.getState().client?.scenario()).toEqual(right.getState().scenario());

    left.getState().dispose();
    expect(api.sessions()).toEqual(["right"]);
  });

  it("keeps the fold across a machine change, and lays it out on the new machine", async () => {
    const { connect } = inProcess();
    const store = createIrqscopeStore(connect("a", "main"));
    await store.getState().load(DEFAULT_PRESET.scenario, "server");
    await store.getState().setCollapsed(["main/domain:IO-APIC-0"]);
    const r = await store.getState().setMachine({ cpus: 4 });
    expect(r).toEqual({ ok: true, refused: 0 });
    const node = store.getState().view?.tree.nodes.find((x) => x.id === "main/domain:IO-APIC-0");
    expect(node?.collapsed).toBe(true);
  });

  it("a world machine folds through the store, and a link selection asks for its own irq's detail", async () => {
    const { connect } = inProcess();
    const store = createIrqscopeStore(connect("a", "main"));
    await store.getState().load(PRESETS.find((p) => p.id === "ntb-pair")?.scenario, "ntb pair");
    const peer = () => store.getState().view?.world?.machines[0]?.tree;
    expect(peer()?.nodes.every((n) => n.foldedInto === undefined)).toBe(true);
    const tree = store.getState().view?.tree;
    await store.getState().setCollapsed(["peer/ntb-peer:ntb0"]);
    expect(peer()?.nodes.find((n) => n.id === "peer/ntb-peer:ntb0")?.collapsed).toBe(true);
    expect(peer()?.nodes.filter((n) => n.foldedInto === "peer/ntb-peer:ntb0")).toHaveLength(2);
    // The own tree laid out again too, with nothing of it folded.
    expect(store.getState().view?.tree).not.toBe(tree);
    expect(store.getState().view?.tree.nodes.some((n) => n.collapsed)).toBe(false);
    const link = store.getState().view?.world?.links[1];
    await store.getState().select({ kind: "link", id: link?.id ?? "", irq: link?.to.irq ?? -1 });
    expect(store.getState().details.irq?.irq).toBe(link?.to.irq);
  });

  it("a debugfs tab picked by hand stops following the selection until asked again", async () => {
    const { connect } = inProcess();
    const store = createIrqscopeStore(connect("a", "main"));
    await store.getState().load(DEFAULT_PRESET.scenario, "server");
    store.getState().setDebugfsFollow(false);
    store.getState().showDebugfs("irq/domains/default");
    await store.getState().select({ kind: "cpu", cpu: 1 });
    expect(store.getState().debugfsPath).toBe("irq/domains/default");
    store.getState().setDebugfsFollow(true);
    expect(store.getState().debugfsPath).toBe("irq/domains/VECTOR");
  });
});

describe("an import in the pane store", () => {
  const PASTE =
    "           CPU0       CPU1\n 24:          0          5  IR-PCI-MSIX-0000:04:00.0    0-edge      nvme0q0\n";

  it("shows the machine read-only, refuses steps, and undo returns to the simulation it replaced", async () => {
    const { connect } = inProcess();
    const store = createIrqscopeStore(connect("a", "main"));
    await store.getState().load(DEFAULT_PRESET.scenario, "server");
    const steps = store.getState().steps.length;
    expect(await store.getState().importDump([{ name: "paste", text: PASTE }], "paste")).toBe(true);
    let s = store.getState();
    expect(s.imported?.like).toMatchObject({ machine: { cpus: 2, ir: "on" } });
    expect(s.view?.provenance?.label).toMatch(/^machine 1: \/proc\/interrupts, 1 irqs/);
    expect(await s.apply({ op: "cpu_offline", cpu: 1 })).toBeUndefined();
    expect(store.getState().lastResult?.result).toMatchObject({ ok: false, errno: "EPERM" });
    // The simulation is still the session (autosave, share, export keep it).
    expect(store.getState().scenario()?.steps.length).toBe(steps);
    await store.getState().undo();
    s = store.getState();
    expect(s.imported).toBeUndefined();
    expect(s.view?.provenance).toBeUndefined();
    expect(s.steps.length).toBe(steps);
  });

  it("a paste with nothing in it changes nothing and says why", async () => {
    const { connect } = inProcess();
    const store = createIrqscopeStore(connect("a", "main"));
    await store.getState().load(DEFAULT_PRESET.scenario, "server");
    const view = store.getState().view;
    expect(await store.getState().importDump([{ name: "paste", text: "hello" }], "paste")).toBe(false);
    expect(store.getState().view).toBe(view);
    expect(store.getState().imported).toBeUndefined();
    expect(store.getState().lastResult?.result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^nothing in paste is/),
    });
  });
});
