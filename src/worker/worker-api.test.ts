import { describe, expect, it } from "vitest";
import { DEFAULT_PRESET, PRESETS } from "../scenario/presets";
import type { LoadAnswer } from "./api";
import { createWorkerApi } from "./worker-api";

const LAPTOP = PRESETS.find((p) => p.id === "laptop")?.scenario;

function loaded(answer: LoadAnswer | { readonly error: string }): LoadAnswer {
  if ("error" in answer) throw new Error(answer.error);
  return answer;
}

describe("the worker's sessions (its API driven directly, without a Worker)", () => {
  it("runs two machines side by side: steps on one leave the other as it was", () => {
    const api = createWorkerApi();
    const server = api.open("left", "host");
    const laptop = api.open("right", "guest0");
    const a = loaded(server.load(DEFAULT_PRESET.scenario, {}));
    const b = loaded(laptop.load(LAPTOP, {}));
    expect(api.sessions()).toEqual(["left", "right"]);
    expect(a.view.machine.cpus).not.toBe(b.view.machine.cpus);
    // Node ids carry the machine: the two VECTOR domains do not clash.
    expect(a.view.tree.nodes[0]?.id).toBe("host/domain:VECTOR");
    expect(b.view.tree.nodes[0]?.id).toBe("guest0/domain:VECTOR");

    const before = laptop.scenario();
    const beforeView = laptop.details({ interrupts: true });
    const r = server.apply({ op: "set_affinity", device: "nic0", index: 0, cpus: "5" }, {});
    expect(r.result).toMatchObject({ ok: true });
    server.apply({ op: "cpu_offline", cpu: 3 }, {});
    expect(server.scenario().steps.length).toBe((DEFAULT_PRESET.scenario.steps?.length ?? 0) + 2);
    expect(laptop.scenario()).toEqual(before);
    expect(laptop.details({ interrupts: true })).toEqual(beforeView);
    expect(loaded(laptop.load(laptop.scenario(), {})).view.cpus.every((c) => c.online)).toBe(true);
  });

  it("opens the same session again by id, and forgets a closed one", () => {
    const api = createWorkerApi();
    const s = api.open("pane", "main");
    loaded(s.load(DEFAULT_PRESET.scenario, {}));
    expect(api.open("pane", "main")).toBe(s);
    api.close("pane");
    expect(api.sessions()).toEqual([]);
    expect(() => api.open("pane", "main").scenario()).toThrow("no machine booted");
  });

  it("keeps the user's folds across a machine change (rebuild lays the tree out with the request)", () => {
    const api = createWorkerApi();
    const s = api.open("pane", "main");
    loaded(s.load(DEFAULT_PRESET.scenario, {}));
    const collapsed = ["main/domain:IO-APIC-0"];
    const r = s.rebuild({ machine: { ...DEFAULT_PRESET.scenario.machine, cpus: 4 } }, [], { collapsed });
    if ("error" in r) throw new Error(r.error);
    expect(r.view.tree.nodes.find((n) => n.id === "main/domain:IO-APIC-0")?.collapsed).toBe(true);
  });
});

describe("an imported machine in a session", () => {
  const PASTE = [
    "            CPU0       CPU1",
    "   0:         44          0  IR-IO-APIC    2-edge      timer",
    " 120:          0          0  DMAR-MSI    0-edge      dmar0",
    " 127:          0       2035  IR-PCI-MSIX-0000:00:0d.2    0-edge      <b>thunderbolt</b>",
  ].join("\n");

  it("is read-only: its view says where each fact came from, and a step is refused", () => {
    const api = createWorkerApi();
    const s = api.open("pane", "main");
    loaded(s.load(DEFAULT_PRESET.scenario, {}));
    const progress: number[] = [];
    const a = s.importDump([{ name: "paste", text: PASTE }], { interrupts: true }, (f) => progress.push(f));
    if ("error" in a) throw new Error(a.error);
    expect(progress.at(-1)).toBeGreaterThan(0.9);
    expect(a.view.provenance?.facts.find((f) => f.what === "interrupt remapping")).toMatchObject({ how: "inferred" });
    expect(a.view.irqs.map((r) => r.irq)).toEqual([0, 120, 127]);
    expect(a.view.irqs[2]?.actions).toBe("<b>thunderbolt</b>");
    expect(a.view.tree.nodes.map((n) => n.label)).toContain("IR-PCI-MSIX-0000:00:0d.2-12");
    expect(a.details.interrupts).toContain("IR-PCI-MSIX-0000:00:0d.2");
    expect(a.like).toMatchObject({ machine: { cpus: 2, ir: "on" } });
    const r = s.apply({ op: "cpu_offline", cpu: 1 }, {});
    expect(r.result).toMatchObject({ ok: false, errno: "EPERM" });
    expect(s.details({ irq: 127 }).irq?.imported?.source).toBe("line 4");
    // A load boots a simulation over it again.
    expect(loaded(s.load(a.like, {})).view.provenance).toBeUndefined();
  });

  it("refuses what is no dump with one message and keeps the session", () => {
    const api = createWorkerApi();
    const s = api.open("pane", "main");
    const before = loaded(s.load(DEFAULT_PRESET.scenario, {}));
    expect(s.importDump([{ name: "x.png", text: "\u0000PNG" }], {})).toEqual({
      error: "x.png is not text (a picture or another binary file?): nothing was imported",
    });
    expect(s.details({ interrupts: true }).interrupts).toBeDefined();
    expect(s.scenario().title).toBe(before.view.title);
  });
});
