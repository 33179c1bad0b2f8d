/** The shape of a palette command: its words, what it does, how its arguments complete and parse. */
import type { Command } from "../../sim/commands";
import type { MachineKnobs } from "../history";
import type { Selection } from "../store";
import type { CommandContext } from "./context";

/** What a command does once it parses. A step is the same StepInput the inspectors send. */
export type PaletteAction =
  | {
      readonly kind: "step";
      readonly step: Command;
      /** What to show in the inspector afterwards ("first-irq": the first irq the step allocated). */
      readonly select?: Selection | "first-irq" | "none";
    }
  | { readonly kind: "undo" }
  | { readonly kind: "redo" }
  | { readonly kind: "goto"; readonly n: number }
  | { readonly kind: "preset"; readonly id: string }
  | { readonly kind: "machine"; readonly knobs: Partial<MachineKnobs> }
  | { readonly kind: "inspect"; readonly select: Selection }
  | { readonly kind: "help" };

export type ParseResult =
  | { readonly ok: true; readonly action: PaletteAction }
  | { readonly ok: false; readonly error: string };

/** What the completion offers at an argument's place. */
export type ArgKind =
  | "irq"
  | "irq-unrequested"
  | "irq-requested"
  | "device"
  | "device-msix"
  | "device-ims"
  | "cpu-online"
  | "cpu-offline"
  | "cpulist"
  | "alloc-type"
  | "count"
  | "managed"
  | "index"
  | "kind"
  | "new-name"
  | "new-bdf"
  | "option"
  | "preset"
  | "knob"
  | "direction"
  | "step-n"
  | "target"
  | "text";

export interface CommandSpec {
  readonly name: string;
  /** The arguments as the help shows them: "IRQ CPULIST". */
  readonly usage: string;
  readonly summary: string;
  /** The completion at each argument's place; the last one repeats when `max` is unbounded. */
  readonly args: readonly ArgKind[];
  readonly min: number;
  /** Undefined: any number of arguments. */
  readonly max: number | undefined;
  readonly parse: (args: readonly string[], ctx: CommandContext) => ParseResult;
}

export const ok = (action: PaletteAction): ParseResult => ({ ok: true, action });
export const step = (cmd: Command, select?: Selection | "first-irq" | "none"): ParseResult =>
  ok(select === undefined ? { kind: "step", step: cmd } : { kind: "step", step: cmd, select });
