import { describe, expect, it } from "vitest";
import type { Command } from "../sim/commands";
import {
  afterNewEpoch,
  EARLIER_LIMIT,
  type Epoch,
  epochMove,
  type Move,
  machineChangeLabel,
  redoMove,
  type SessionBase,
  type SessionHistory,
  undoMove,
} from "./history";

const machine = (cpus: number): SessionBase["machine"] => ({
  cpus,
  offline: "",
  kernel: "6.12",
  platform: "bare-metal",
  board: "generic",
  ir: "on",
  scheme: "new",
  hypervisor_grants_new_scheme: true,
  x2apic: false,
  kconfig: { KVM: true, GENERIC_IRQ_DEBUGFS: false, X86_POSTED_MSI: false },
  devices: [],
});
const base = (cpus: number): SessionBase => ({ format: "irqscope-scenario", version: 1, machine: machine(cpus) });
const raise = (irq: number): Command => ({ op: "raise", irq });

function history(over: Partial<SessionHistory>): SessionHistory {
  return { base: base(8), steps: [], future: [], start: 0, began: undefined, earlier: [], later: [], ...over };
}

/** The history after `move`, as the store would hold it once booted. */
function applyMove(h: SessionHistory, move: Move | undefined): SessionHistory {
  if (!move) throw new Error("no move");
  if (move.kind === "step") {
    const all = h.steps.concat(h.future);
    return { ...h, steps: all.slice(0, move.n), future: all.slice(move.n) };
  }
  const { to, at, earlier, later } = move;
  return {
    base: to.base,
    steps: to.steps.slice(0, at),
    future: to.steps.slice(at),
    start: to.start,
    began: to.began,
    earlier,
    later,
  };
}

/** A session of 2 steps on 8 CPUs, moved to 4 CPUs (both steps carried over), then one more step. */
function changedMachine(): SessionHistory {
  const first = history({ steps: [raise(1), raise(2)] });
  return history({
    base: base(4),
    steps: [raise(1), raise(2), raise(3)],
    start: 2,
    began: { label: "cpus 8 → 4", refused: [] },
    ...afterNewEpoch(first),
  });
}

describe("undo and redo across a machine change", () => {
  it("undo walks back the new machine's own steps, then returns to the old machine with its steps", () => {
    let h = changedMachine();
    h = applyMove(h, undoMove(h));
    expect(h.base?.machine.cpus).toBe(4);
    expect(h.steps).toEqual([raise(1), raise(2)]);
    h = applyMove(h, undoMove(h));
    expect(h.base?.machine.cpus).toBe(8);
    expect(h.steps).toEqual([raise(1), raise(2)]);
    expect(h.future).toEqual([]);
    expect(h.earlier).toEqual([]);
    expect(h.later).toHaveLength(1);
    // Before any machine change, undo goes through the loaded steps one by one.
    h = applyMove(h, undoMove(h));
    expect(h.steps).toEqual([raise(1)]);
  });

  it("redo goes forward through the undone steps, then to the next machine where it began, then its steps", () => {
    let h = changedMachine();
    h = applyMove(h, undoMove(h));
    h = applyMove(h, undoMove(h));
    h = applyMove(h, redoMove(h));
    expect(h.base?.machine.cpus).toBe(4);
    expect(h.steps).toEqual([raise(1), raise(2)]);
    expect(h.future).toEqual([raise(3)]);
    expect(h.earlier).toHaveLength(1);
    h = applyMove(h, redoMove(h));
    expect(h.steps).toEqual([raise(1), raise(2), raise(3)]);
    expect(redoMove(h)).toBeUndefined();
  });

  it("nothing to undo on a fresh session at step 0, nothing to redo at the end", () => {
    expect(undoMove(history({}))).toBeUndefined();
    expect(redoMove(history({ steps: [raise(1)] }))).toBeUndefined();
  });

  it("jumps several machines back or forward, keeping the order of the others", () => {
    let h = changedMachine();
    h = history({ base: base(2), start: 3, ...afterNewEpoch(h) });
    expect(h.earlier.map((e) => e.base.machine.cpus)).toEqual([8, 4]);
    h = applyMove(h, epochMove(h, -2));
    expect(h.base?.machine.cpus).toBe(8);
    expect(h.later.map((e) => e.base.machine.cpus)).toEqual([4, 2]);
    h = applyMove(h, epochMove(h, 2));
    expect(h.base?.machine.cpus).toBe(2);
    expect(h.earlier.map((e) => e.base.machine.cpus)).toEqual([8, 4]);
    expect(epochMove(h, 1)).toBeUndefined();
    expect(epochMove(h, -3)).toBeUndefined();
  });

  it("a new machine drops the undone steps and every later machine, and keeps at most EARLIER_LIMIT", () => {
    const later: Epoch = { base: base(2), steps: [], start: 0, began: undefined };
    const h = history({ steps: [raise(1)], future: [raise(2)], later: [later] });
    const after = afterNewEpoch(h);
    expect(after.later).toEqual([]);
    expect(after.earlier[0]?.steps).toEqual([raise(1)]);
    let many = history({});
    for (let i = 0; i < EARLIER_LIMIT + 5; i++) many = history({ base: base(i + 1), ...afterNewEpoch(many) });
    expect(many.earlier).toHaveLength(EARLIER_LIMIT);
    expect(many.earlier.at(-1)?.base.machine.cpus).toBe(EARLIER_LIMIT + 4);
  });
});

describe("machineChangeLabel", () => {
  it("names each knob that changes, booleans as on/off", () => {
    expect(machineChangeLabel(machine(8), { cpus: 4, x2apic: true, kernel: "6.12" })).toBe(
      "cpus 8 → 4, x2apic off → on",
    );
    expect(machineChangeLabel(machine(8), { cpus: 8 })).toBe("");
  });
});
