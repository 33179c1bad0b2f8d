/**
 * What a move along the timeline touched, as a selection: stepping (step back/forward, the caption's
 * back/next, a jump in the Steps tab) selects it, so the canvas lights its path and the inspector shows
 * it. Forward, that is the step now applied; back, the step just undone (what changed is its work).
 * The irq the step concerned (the worker's record; an undone step's device entry is looked up in the
 * view), else the CPU it took down or up, else the device it named; a step about none of these (tick)
 * keeps the selection.
 */
import type { Command } from "../../sim/commands";
import type { MachineView } from "../../sim/views";
import type { Selection } from "../store";

/** The irq a step names, by number or by device entry, in this view. */
function namedIrq(view: MachineView, step: Command): number | undefined {
  if ("irq" in step && typeof step.irq === "number") return step.irq;
  if (!("device" in step) || typeof step.device !== "string" || !("index" in step)) return undefined;
  const store = "store" in step ? step.store : undefined;
  const row = view.irqs.find(
    (r) => r.device === step.device && r.slot === step.index && (store === undefined || r.store === store),
  );
  return row?.irq;
}

/**
 * The selection for `step`; `applied` when it is the step the session now stands on (its record, the
 * view's last timeline entry, says which irq it concerned).
 */
export function stepSelection(
  view: MachineView | undefined,
  step: Command | undefined,
  applied = true,
): Selection | undefined {
  if (!view || !step) return undefined;
  const entry = view.timeline.at(-1);
  const recorded = applied && entry?.n === view.timelineTotal - 1 ? entry.irq : undefined;
  const irq = recorded ?? namedIrq(view, step);
  // The view lists the first rows only: an irq beyond them is taken on the worker's word.
  if (irq !== undefined && (view.irqs.some((r) => r.irq === irq) || view.irqs.length < view.irqTotal)) {
    return { kind: "irq", irq };
  }
  if ((step.op === "cpu_offline" || step.op === "cpu_online") && step.cpu < view.cpus.length) {
    return { kind: "cpu", cpu: step.cpu };
  }
  const device = "device" in step ? step.device : undefined;
  const name = typeof device === "string" ? device : typeof device === "object" && device ? device.name : undefined;
  if (name !== undefined && view.devices.some((d) => d.name === name)) return { kind: "device", name };
  return undefined;
}
