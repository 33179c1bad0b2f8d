/** Palette commands on the session itself: the timeline, the machine, the selection, help. */
import { KERNELS, MAX_CPUS } from "../../scenario/schema";
import { type ActionId, actionById } from "../actions/registry";
import { KNOB_NAMES, type MachineKnobs } from "../history";
import { fail, type Read, readChoice, readDevice, readInt, readIrq } from "./args";
import type { CommandContext } from "./context";
import { type CommandSpec, ok, type ParseResult } from "./spec";

const bare = (name: string, summary: string, action: ParseResult): CommandSpec => ({
  name,
  usage: "",
  summary,
  args: [],
  min: 0,
  max: 0,
  parse: () => action,
});

/** A summary naming the keys of the registry's action, so the palette and the help agree. */
const withKeys = (text: string, ...ids: ActionId[]): string =>
  `${text} (${ids.map((id) => actionById(id).keys.join(", ")).join(" and ")})`;

const stepMove: CommandSpec = {
  name: "step",
  usage: "back|forward",
  summary: withKeys("move along the timeline, like undo/redo", "step-back", "step-forward"),
  args: ["direction"],
  min: 1,
  max: 1,
  parse(args) {
    const d = readChoice(args[0] ?? "", ["back", "forward"] as const, "a direction");
    if (!d.ok) return d;
    return ok({ kind: d.value === "back" ? "undo" : "redo" });
  },
};

const goTo: CommandSpec = {
  name: "goto",
  usage: "STEP",
  summary: "jump to step STEP of the timeline (0: the bare machine)",
  args: ["step-n"],
  min: 1,
  max: 1,
  parse(args, ctx) {
    const n = readInt(args[0] ?? "", "a step number");
    if (!n.ok) return n;
    if (n.value > ctx.steps) return fail(`step ${n.value} is beyond the last one (${ctx.steps})`);
    return ok({ kind: "goto", n: n.value });
  },
};

const preset: CommandSpec = {
  name: "preset",
  usage: "NAME",
  summary: "load a preset machine (undo returns to this session)",
  args: ["preset"],
  min: 1,
  max: 1,
  parse(args, ctx) {
    const p = readChoice(
      args[0] ?? "",
      ctx.presets.map((x) => x.id),
      "a preset",
    );
    if (!p.ok) return p;
    return ok({ kind: "preset", id: p.value });
  },
};

const onOff = ["on", "off"] as const;

/** One knob's value, checked as the machine schema checks it. */
function readKnob(knob: string, text: string): Read<Partial<MachineKnobs>> {
  switch (knob) {
    case "cpus": {
      const n = readInt(text, `1 to ${MAX_CPUS}`);
      if (!n.ok) return n;
      if (n.value < 1 || n.value > MAX_CPUS)
        return fail(`cpus: expected an integer from 1 to ${MAX_CPUS}, got ${n.value}`);
      return { ok: true, value: { cpus: n.value } };
    }
    case "kernel": {
      const k = readChoice(text, KERNELS, "a kernel release the model knows");
      return k.ok ? { ok: true, value: { kernel: k.value } } : k;
    }
    case "ir": {
      const v = readChoice(text, onOff, "on or off");
      return v.ok ? { ok: true, value: { ir: v.value } } : v;
    }
    case "scheme": {
      const v = readChoice(text, ["new", "old"] as const, "a scheme");
      return v.ok ? { ok: true, value: { scheme: v.value } } : v;
    }
    default: {
      const v = readChoice(text, onOff, "on or off");
      return v.ok ? { ok: true, value: { x2apic: v.value === "on" } } : v;
    }
  }
}

/** The values a knob takes, for completion and help. */
export const KNOB_VALUES: Readonly<Record<(typeof KNOB_NAMES)[number], readonly string[]>> = {
  cpus: ["1", "2", "4", "8", "16", "32", "64", "128", "256"],
  kernel: KERNELS,
  ir: onOff,
  scheme: ["new", "old"],
  x2apic: onOff,
};

const machine: CommandSpec = {
  name: "machine",
  usage: "KNOB VALUE [KNOB VALUE …]",
  summary: `rebuild the machine with the steps replayed: cpus 1-${MAX_CPUS}, kernel ${KERNELS.join("/")}, ir on/off, scheme new/old, x2apic on/off`,
  args: ["knob"],
  min: 2,
  max: undefined,
  parse(args) {
    if (args.length % 2 !== 0) return fail("usage: machine KNOB VALUE [KNOB VALUE …]");
    let knobs: Partial<MachineKnobs> = {};
    for (let i = 0; i < args.length; i += 2) {
      const name = readChoice(args[i] ?? "", KNOB_NAMES, "a machine knob");
      if (!name.ok) return name;
      const value = readKnob(name.value, args[i + 1] ?? "");
      if (!value.ok) return value;
      knobs = { ...knobs, ...value.value };
    }
    return ok({ kind: "machine", knobs });
  },
};

const inspect: CommandSpec = {
  name: "inspect",
  usage: "IRQ|DEVICE",
  summary: "show an irq or a device in the inspector",
  args: ["target"],
  min: 1,
  max: 1,
  parse(args, ctx: CommandContext) {
    const tok = args[0] ?? "";
    if (/^(irq)?\d+$/i.test(tok)) {
      const r = readIrq(tok, ctx);
      return r.ok ? ok({ kind: "inspect", select: { kind: "irq", irq: r.value.irq } }) : r;
    }
    const d = readDevice(tok, ctx);
    return d.ok ? ok({ kind: "inspect", select: { kind: "device", name: d.value } }) : d;
  },
};

export const SESSION_COMMANDS: readonly CommandSpec[] = [
  bare("undo", withKeys("undo the last step or machine change", "undo"), ok({ kind: "undo" })),
  bare("redo", withKeys("redo it", "redo"), ok({ kind: "redo" })),
  stepMove,
  goTo,
  machine,
  preset,
  inspect,
  bare("help", withKeys("the keyboard shortcuts and every command", "help"), ok({ kind: "help" })),
];
