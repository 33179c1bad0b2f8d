/** What the palette offers while a command is typed: command names, then the objects each argument names. */
import { KNOB_NAMES } from "../history";
import type { CommandContext } from "./context";
import { freeBdf, freeName, KINDS, modelSpec } from "./device-catalog";
import { COMMANDS, findCommand, tokenize, usageOf } from "./parse";
import { KNOB_VALUES } from "./session-commands";
import type { ArgKind, CommandSpec } from "./spec";

export interface Suggestion {
  /** The word it puts in place of the one being typed. */
  readonly value: string;
  /** The whole line once it is chosen. */
  readonly text: string;
  readonly detail: string;
}

export interface Completion {
  readonly suggestions: readonly Suggestion[];
  /** Once the command is known: its usage and what it does. */
  readonly hint: string | undefined;
}

export const SUGGESTION_LIMIT = 40;

type Candidate = readonly [value: string, detail: string];

/** The kind of the argument at `index` (0: the first after the command name). */
function argKind(spec: CommandSpec, index: number, words: readonly string[]): ArgKind | "knob-value" | undefined {
  if (spec.name === "machine") return index % 2 === 0 ? "knob" : "knob-value";
  if (spec.name === "add" && index >= 2) {
    // After the name: a BDF for a PCI kind, then options.
    const kind = KINDS.find((k) => k.kind === words[1]?.toLowerCase());
    const pci = kind ? modelSpec(kind.model).pci : false;
    return index === 2 && pci ? "new-bdf" : "option";
  }
  return spec.args[index] ?? (spec.max === undefined ? spec.args.at(-1) : undefined);
}

function candidates(kind: ArgKind | "knob-value", words: readonly string[], ctx: CommandContext): Candidate[] {
  const irqs = (filter: (requested: boolean) => boolean): Candidate[] =>
    ctx.irqs
      .filter((i) => filter(i.requested))
      .map((i) => [String(i.irq), `${i.device} ${i.store} ${i.slot} · ${i.where}${i.requested ? " · requested" : ""}`]);
  const devices = (models?: readonly string[]): Candidate[] =>
    ctx.devices
      .filter((d) => !models || models.includes(d.model))
      .map((d) => [d.name, [d.model, d.bdf].filter(Boolean).join(" ")]);
  const addKind = KINDS.find((k) => k.kind === words[1]?.toLowerCase());
  switch (kind) {
    case "irq":
      return irqs(() => true);
    case "irq-unrequested":
      return irqs((r) => !r);
    case "irq-requested":
      return irqs((r) => r);
    case "device":
      return devices();
    case "device-msix":
      return devices(["pci-msix", "ims-dev"]);
    case "device-ims":
      return devices(["ims-dev"]);
    case "cpu-online":
      return ctx.cpus.filter((c) => c.online).map((c) => [String(c.cpu), "online"]);
    case "cpu-offline":
      return ctx.cpus.filter((c) => !c.online).map((c) => [String(c.cpu), "offline"]);
    case "cpulist":
      return [
        ...ctx.cpus.filter((c) => c.online).map((c): Candidate => [String(c.cpu), `CPU ${c.cpu}`]),
        [`0-${ctx.cpus.length - 1}`, "every CPU"],
      ];
    case "alloc-type":
      return [
        ["msix", "MSI-X"],
        ["msi", "MSI (multi-MSI needs IR)"],
        ["intx", "the legacy INTx line"],
        ["msix,msi", "MSI-X, else MSI"],
      ];
    case "managed":
      return [["managed", "PCI_IRQ_AFFINITY: spread over the CPUs by the kernel"]];
    case "kind":
      return KINDS.map((k) => [k.kind, k.kind === k.model ? k.what : `${k.what} (as ${k.model})`]);
    case "new-name":
      return addKind
        ? [
            [
              freeName(
                addKind.kind === addKind.model ? addKind.kind.replace(/^pci-/, "") : addKind.kind,
                ctx.devices.map((d) => d.name),
              ),
              "a free name",
            ],
          ]
        : [];
    case "new-bdf":
      return [[freeBdf(ctx.devices.map((d) => d.bdf)), "a free PCI address"]];
    case "option":
      return addKind
        ? modelSpec(addKind.model).options.map((o) => [
            `${o.key}=`,
            `default ${String(addKind.options[o.key] ?? o.def)}`,
          ])
        : [];
    case "preset":
      return ctx.presets.map((p) => [p.id, p.label]);
    case "knob":
      return KNOB_NAMES.map((k) => [
        k,
        `now ${String(ctx.machine[k] === true ? "on" : ctx.machine[k] === false ? "off" : ctx.machine[k])}`,
      ]);
    case "knob-value": {
      const knob = KNOB_NAMES.find((k) => k === words.at(-2)?.toLowerCase());
      return knob ? KNOB_VALUES[knob].map((v) => [v, ""]) : [];
    }
    case "direction":
      return [
        ["back", "like undo"],
        ["forward", "like redo"],
      ];
    case "step-n":
      return Array.from(
        { length: Math.min(ctx.steps + 1, SUGGESTION_LIMIT) },
        (_, n): Candidate => [String(n), n === 0 ? "the bare machine" : ""],
      );
    case "target":
      return [...irqs(() => true), ...devices()];
    default:
      return [];
  }
}

export function complete(text: string, ctx: CommandContext): Completion {
  const words = tokenize(text);
  const fresh = text === "" || /\s$/.test(text);
  if (fresh) words.push("");
  const typed = (words.at(-1) ?? "").toLowerCase();
  const before = words.slice(0, -1);
  const line = (value: string) => [...before, value].join(" ") + (value.endsWith("=") ? "" : " ");
  const pick = (list: readonly Candidate[]): Suggestion[] =>
    list
      .filter(([value]) => value.toLowerCase().startsWith(typed) && value.toLowerCase() !== typed)
      .slice(0, SUGGESTION_LIMIT)
      .map(([value, detail]) => ({ value, text: line(value), detail }));
  if (before.length === 0) {
    return { suggestions: pick(COMMANDS.map((c) => [c.name, `${usageOf(c)} — ${c.summary}`])), hint: undefined };
  }
  const spec = findCommand(before[0] ?? "");
  if (!spec) return { suggestions: [], hint: undefined };
  const kind = argKind(spec, before.length - 1, words);
  return {
    suggestions: kind ? pick(candidates(kind, words, ctx)) : [],
    hint: `${usageOf(spec)} — ${spec.summary}`,
  };
}
