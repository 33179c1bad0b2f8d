/** What the command palette knows of the machine: the objects in the current view, to complete and check names. */
import type { MachineView } from "../../sim/views";
import type { MachineKnobs } from "../history";

export interface IrqItem {
  readonly irq: number;
  readonly device: string;
  readonly store: string;
  readonly slot: number;
  readonly requested: boolean;
  /** "CPU 2, vector 0x22", for the suggestion list. */
  readonly where: string;
}

export interface CommandContext {
  readonly irqs: readonly IrqItem[];
  /** False when the view lists only the first irqs of a big machine: an unlisted irq may still exist. */
  readonly allIrqsListed: boolean;
  readonly devices: readonly { readonly name: string; readonly model: string; readonly bdf: string }[];
  readonly cpus: readonly { readonly cpu: number; readonly online: boolean }[];
  readonly machine: MachineKnobs;
  /** The steps of the session, done and undone (goto's range). */
  readonly steps: number;
  readonly presets: readonly { readonly id: string; readonly label: string }[];
}

export function commandContext(
  view: MachineView,
  steps: number,
  presets: readonly { readonly id: string; readonly label: string }[],
): CommandContext {
  const { cpus, kernel, ir, scheme, x2apic, kconfig } = view.machine;
  return {
    irqs: view.irqs.map((r) => ({
      irq: r.irq,
      device: r.device,
      store: r.store,
      slot: r.slot,
      requested: r.actions !== "",
      where: r.vector < 0 ? "no vector" : `CPU ${r.cpu}, vector 0x${r.vector.toString(16)}`,
    })),
    allIrqsListed: view.irqs.length >= view.irqTotal,
    devices: view.devices.map((d) => ({ name: d.name, model: d.model, bdf: d.bdf })),
    cpus: view.cpus.map((c) => ({ cpu: c.cpu, online: c.online })),
    machine: { cpus, kernel, ir, scheme, x2apic, kconfig },
    steps,
    presets,
  };
}
