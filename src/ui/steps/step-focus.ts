/**
 * What a step touched, as a selection: stepping along the timeline (step back/forward, a jump in the
 * Steps tab) selects it, so the canvas lights its path and the inspector shows it. The irq the step
 * concerned (device entry or number, resolved by the worker), else the CPU it took down or up, else
 * the device it named; a step about none of these (tick) keeps the selection.
 */
import type { Command } from "../../sim/commands";
import type { MachineView } from "../../sim/views";
import type { Selection } from "../store";

export function stepSelection(view: MachineView | undefined, step: Command | undefined): Selection | undefined {
  if (!view || !step) return undefined;
  const entry = view.timeline.at(-1);
  const irq = entry?.n === view.timelineTotal - 1 ? entry.irq : undefined;
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
