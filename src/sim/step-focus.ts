/**
 * What a move along the timeline touched, as a selection: stepping (step back/forward, the caption's
 * back/next, a jump in the Steps tab) selects it, so the canvas lights its path and the inspector shows
 * it. Forward, that is the step now applied; back, the step just undone (what changed is its work).
 * The irq the step concerned (the worker's record; an undone step's device entry is looked up in the
 * view), else the CPU it took down or up, else the device it named; a step about none of these (tick)
 * keeps the selection. Pure over the view: the page selects with it, and a compare pane's worker predicts
 * with it what the page will ask for at each step it keeps an answer of (worker/answer-window.ts).
 */
import type { Command } from "./commands";
import type { DetailRequest, MachineView } from "./views";

/** What a step touched, as the page selects it (a subset of the UI's Selection). */
export type StepFocus =
  | { readonly kind: "irq"; readonly irq: number }
  | { readonly kind: "cpu"; readonly cpu: number }
  | { readonly kind: "device"; readonly name: string };

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
export function stepFocus(
  view: MachineView | undefined,
  step: Command | undefined,
  applied = true,
): StepFocus | undefined {
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

/** A selection as the page holds it, in the fields that decide what the inspector asks for. */
export interface SelectionFields {
  readonly kind: string;
  readonly irq?: number;
  readonly cpu?: number;
  readonly name?: string;
}

/** What the page asks the worker for with `selection` selected: its inspector's details, and the view's. */
export function detailRequestOf(
  selection: SelectionFields | undefined,
  interrupts: boolean | undefined,
  collapsed: readonly string[] | undefined,
): DetailRequest {
  const kind = selection?.kind;
  return {
    ...((kind === "irq" || kind === "cpu" || kind === "link") && selection?.irq !== undefined
      ? { irq: selection.irq }
      : {}),
    ...(kind === "cpu" && selection?.cpu !== undefined ? { cpu: selection.cpu } : {}),
    ...(kind === "domain" && selection?.name !== undefined ? { domain: selection.name } : {}),
    interrupts,
    collapsed,
  };
}
