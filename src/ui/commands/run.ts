/** Runs a palette action through the store: the same calls the buttons and inspectors make. */
import { ERRNO } from "../../kernel/errno";
import { PRESETS } from "../../scenario/presets";
import { redoMove, undoMove } from "../history";
import type { IrqscopeStore } from "../store";
import type { PaletteAction } from "./spec";

/** What the palette shows after running a command. */
export type RunOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly text: string };

/** The result line's outcome, as text. */
function lastOutcome(store: IrqscopeStore): RunOutcome {
  const last = store.getState().lastResult;
  if (!last) return { ok: true, text: "" };
  const r = last.result;
  if (r.ok) return { ok: true, text: r.silent ? `ok, but silent failure: ${r.silent}` : r.summary };
  return { ok: false, text: `-${r.errno} (${-ERRNO[r.errno]}): ${r.reason}` };
}

export async function runAction(store: IrqscopeStore, action: PaletteAction, label: string): Promise<RunOutcome> {
  const sim = store.getState();
  switch (action.kind) {
    case "step": {
      const r = await sim.apply(action.step, label);
      if (!r) return { ok: false, text: "the simulator is not ready" };
      if (!r.ok) return lastOutcome(store);
      const select = action.select;
      if (select === "none") await sim.select(undefined);
      else if (select === "first-irq") {
        const irq = r.irqs?.[0];
        if (irq !== undefined) await sim.select({ kind: "irq", irq });
      } else if (select) await sim.select(select);
      return lastOutcome(store);
    }
    case "undo":
      if (!undoMove(sim)) return { ok: false, text: "nothing to undo" };
      await sim.undo();
      return lastOutcome(store);
    case "redo":
      if (!redoMove(sim)) return { ok: false, text: "nothing to redo" };
      await sim.redo();
      return lastOutcome(store);
    case "goto":
      if (action.n === sim.steps.length) return { ok: false, text: `already at step ${action.n}` };
      await sim.goTo(action.n);
      return lastOutcome(store);
    case "preset": {
      const preset = PRESETS.find((p) => p.id === action.id);
      if (!preset) return { ok: false, text: `no preset ${action.id}` };
      return (await sim.load(preset.scenario, preset.label))
        ? lastOutcome(store)
        : { ok: false, text: lastOutcome(store).text };
    }
    case "machine": {
      const r = await sim.setMachine(action.knobs);
      return r.ok ? lastOutcome(store) : { ok: false, text: r.error };
    }
    case "inspect":
      await sim.select(action.select);
      return { ok: true, text: "" };
    case "help":
      return { ok: true, text: "" };
  }
}
