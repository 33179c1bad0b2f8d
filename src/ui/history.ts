/**
 * The session's history across machines. A scenario has one machine, so a machine change (a knob, a
 * preset, a file loaded over the session) starts a new **epoch**: the new machine with the steps it
 * began with. The epochs before and after the current one are kept whole, so undo steps back through
 * the current epoch's own steps, then back to the machine before (with its steps, as they were), and
 * redo walks forward again. Only the current epoch is ever booted; the share link and the export carry
 * it alone (machine + steps). Pure: the store does the booting.
 */
import { KCONFIG_NAMES } from "../kernel/kconfig";
import type { Scenario } from "../scenario/schema";
import type { Command } from "../sim/commands";

/** A session's title and machine. */
export type SessionBase = Omit<Scenario, "steps">;

/** A step the new machine refused when the session moved to it, with the format's reason. */
export interface RefusedCommand {
  readonly step: Command;
  readonly reason: string;
}

/** A kept step whose interrupt or outcome the new machine changed (`n`: its place in the epoch). */
export interface ChangedCommand {
  readonly n: number;
  readonly what: string;
  readonly changes: readonly string[];
}

/** How an epoch began: "cpus 8 → 4", "load Laptop without IR", the steps left behind and those changed. */
export interface EpochStart {
  readonly label: string;
  readonly refused: readonly RefusedCommand[];
  /** Absent in sessions saved before it was kept. */
  readonly changed?: readonly ChangedCommand[];
}

/** A session on one machine, as the history keeps it while another is current. */
export interface Epoch {
  readonly base: SessionBase;
  /** Every step: done and undone. */
  readonly steps: readonly Command[];
  /** The steps it began with (carried over or loaded): undo at this point leaves the epoch. */
  readonly start: number;
  readonly began: EpochStart | undefined;
}

/** The history as the store holds it: the current epoch spread out (steps done, steps undone), the others whole. */
export interface SessionHistory {
  readonly base: SessionBase | undefined;
  readonly steps: readonly Command[];
  readonly future: readonly Command[];
  readonly start: number;
  readonly began: EpochStart | undefined;
  readonly earlier: readonly Epoch[];
  readonly later: readonly Epoch[];
}

/** Earlier epochs kept (each holds its steps; the autosave holds them all). */
export const EARLIER_LIMIT = 50;

/** Where undo, redo or a jump goes: a step of the current epoch, or another epoch at one of its steps. */
export type Move =
  | { readonly kind: "step"; readonly n: number }
  | {
      readonly kind: "epoch";
      readonly to: Epoch;
      /** How many of its steps to boot; the rest become its undone steps. */
      readonly at: number;
      readonly earlier: readonly Epoch[];
      readonly later: readonly Epoch[];
    };

/** The current epoch, whole. */
export function currentEpoch(h: SessionHistory): Epoch | undefined {
  if (!h.base) return undefined;
  return { base: h.base, steps: h.steps.concat(h.future), start: h.start, began: h.began };
}

/**
 * The move to the epoch `offset` places away (-1: the one before). An earlier epoch is entered where
 * it was left (all its steps done: the point of the change); a later one where it began.
 */
export function epochMove(h: SessionHistory, offset: number): Move | undefined {
  const here = currentEpoch(h);
  if (!here || offset === 0) return undefined;
  if (offset < 0) {
    const i = h.earlier.length + offset;
    const to = h.earlier[i];
    if (!to) return undefined;
    return {
      kind: "epoch",
      to,
      at: to.steps.length,
      earlier: h.earlier.slice(0, i),
      later: [...h.earlier.slice(i + 1), here, ...h.later],
    };
  }
  const j = offset - 1;
  const to = h.later[j];
  if (!to) return undefined;
  return {
    kind: "epoch",
    to,
    at: to.start,
    earlier: [...h.earlier, here, ...h.later.slice(0, j)],
    later: h.later.slice(j + 1),
  };
}

/** Undo (and "step back"): the current epoch's last own step, else back to the machine before. */
export function undoMove(h: SessionHistory): Move | undefined {
  const cursor = h.steps.length;
  if (cursor > h.start) return { kind: "step", n: cursor - 1 };
  if (h.earlier.length > 0) return epochMove(h, -1);
  // The first epoch's loaded steps can be undone one by one, as before any machine change.
  return cursor > 0 ? { kind: "step", n: cursor - 1 } : undefined;
}

/** Redo (and "step forward"): the next undone step, else on to the next machine. */
export function redoMove(h: SessionHistory): Move | undefined {
  if (h.future.length > 0) return { kind: "step", n: h.steps.length + 1 };
  return epochMove(h, 1);
}

/**
 * The history once the session moves to a new machine (`began` says how): the current epoch, without
 * its undone steps (a new action drops them, as any does), joins the earlier ones; nothing is ahead.
 */
export function afterNewEpoch(h: SessionHistory): Pick<SessionHistory, "earlier" | "later"> {
  if (!h.base) return { earlier: [], later: [] };
  const left: Epoch = { base: h.base, steps: h.steps, start: h.start, began: h.began };
  return { earlier: [...h.earlier, left].slice(-EARLIER_LIMIT), later: [] };
}

export type MachineKnobs = Pick<SessionBase["machine"], "cpus" | "kernel" | "ir" | "scheme" | "x2apic" | "kconfig">;
/** Knob values as a form or the palette gives them: the machine schema checks them in the worker. */
export type KnobValues = { readonly [K in keyof MachineKnobs]?: unknown };
/** The one-value knobs (the palette's); the kernel's build options are `kconfig`, an object. */
export const KNOB_NAMES = [
  "cpus",
  "kernel",
  "ir",
  "scheme",
  "x2apic",
] as const satisfies readonly (keyof MachineKnobs)[];

/** The build options the knobs offer, by their Kconfig names. */
export const KCONFIG_KNOBS = Object.values(KCONFIG_NAMES);

/** "cpus 8 → 4, ir on → off": the knobs `to` changes; "" when none. */
export function machineChangeLabel(from: SessionBase["machine"], to: Partial<Record<string, unknown>>): string {
  const shown = (v: unknown) => (typeof v === "boolean" ? (v ? "on" : "off") : String(v));
  const changes = KNOB_NAMES.filter((k) => k in to && to[k] !== from[k]).map(
    (k) => `${k} ${shown(from[k])} → ${shown(to[k])}`,
  );
  const kconfig = to.kconfig;
  if (kconfig !== null && typeof kconfig === "object") {
    const want = kconfig as Record<string, unknown>;
    for (const k of KCONFIG_KNOBS) {
      if (k in want && want[k] !== from.kconfig[k]) changes.push(`${k} ${shown(from.kconfig[k])} → ${shown(want[k])}`);
    }
  }
  return changes.join(", ");
}

/** A one-line description of an epoch's machine: "8 CPUs · 6.12 · IR on · xAPIC · scheme new · KVM". */
export function machineText(m: SessionBase["machine"]): string {
  const built = KCONFIG_KNOBS.filter((k) => m.kconfig[k]).join(", ");
  return `${m.cpus} CPUs · ${m.kernel} · IR ${m.ir} · ${m.x2apic ? "x2APIC" : "xAPIC"} · scheme ${m.scheme} · ${built || "no KVM, no irq debugfs"}`;
}
