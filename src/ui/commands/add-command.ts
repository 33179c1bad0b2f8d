/** `add KIND NAME [BDF] [option=value …]`: a device_add step, as the device-add form sends it. */
import { didYouMean } from "../../scenario/messages";
import { isStepInput, stepProblem } from "../../scenario/parse";
import { fail, type Read } from "./args";
import type { CommandContext } from "./context";
import { freeBdf, KINDS, longBdf, modelSpec } from "./device-catalog";
import { type CommandSpec, step } from "./spec";

/** A device object as the schema reads it (defaults omitted); the schema checks the values. */
export type DeviceInput = Record<string, unknown> & { model: string; name: string };

/** `true`/`on` and `false`/`off` as booleans, digits as numbers, anything else as text. */
function optionValue(text: string): unknown {
  if (/^(true|on|yes)$/i.test(text)) return true;
  if (/^(false|off|no)$/i.test(text)) return false;
  if (/^\d{1,9}$/.test(text)) return Number(text);
  return text;
}

/** A problem the view can already see: the device's name or its BDF taken by a present device. */
export function placementProblem(
  device: { readonly name: string; readonly bdf?: unknown },
  present: CommandContext["devices"],
): string | undefined {
  if (present.some((d) => d.name === device.name)) {
    return `device.name: ${JSON.stringify(device.name)} is already used by a device of this machine`;
  }
  if (typeof device.bdf === "string") {
    const bdf = longBdf(device.bdf);
    const other = present.find((d) => d.bdf === bdf);
    if (other) return `device.bdf: ${bdf} is already used by ${JSON.stringify(other.name)}`;
  }
  return undefined;
}

function readDeviceInput(args: readonly string[], ctx: CommandContext): Read<DeviceInput> {
  const [kindTok = "", name = "", ...rest] = args;
  const kind = KINDS.find((k) => k.kind === kindTok.toLowerCase());
  if (!kind) {
    const names = KINDS.map((k) => k.kind);
    return fail(
      `${JSON.stringify(kindTok)} is not a device kind${didYouMean(kindTok, names) || ` (${names.join(", ")})`}`,
    );
  }
  const spec = modelSpec(kind.model);
  const device: DeviceInput = { model: kind.model, name, ...kind.options };
  for (const tok of rest) {
    const eq = tok.indexOf("=");
    if (eq < 0) {
      if (!spec.pci || "bdf" in device) {
        return fail(
          `${JSON.stringify(tok)}: options are written key=value (${spec.options.map((o) => o.key).join(", ")})`,
        );
      }
      device.bdf = tok;
      continue;
    }
    const key = tok.slice(0, eq);
    const option = spec.options.find((o) => o.key === key);
    if (!option) {
      const keys = spec.options.map((o) => o.key);
      return fail(
        `${JSON.stringify(key)} is not an option of ${kind.model}${didYouMean(key, keys) || ` (options: ${keys.join(", ")})`}`,
      );
    }
    device[key] = optionValue(tok.slice(eq + 1));
  }
  if (spec.pci && !("bdf" in device)) device.bdf = freeBdf(ctx.devices.map((d) => d.bdf));
  return { ok: true, value: device };
}

export const addCommand: CommandSpec = {
  name: "add",
  usage: "KIND NAME [BDF] [option=value …]",
  summary: "PCI hot-add (or a legacy device): KIND nvme, nic, ahci, dsa or a model; BDF defaults to a free one",
  args: ["kind", "new-name", "new-bdf", "option"],
  min: 2,
  max: undefined,
  parse(args, ctx) {
    const r = readDeviceInput(args, ctx);
    if (!r.ok) return r;
    const problem = placementProblem(r.value, ctx.devices);
    if (problem) return fail(problem);
    // The schema checks the values (its message names the field); the worker checks it against the machine.
    const cmd = { op: "device_add", device: r.value };
    if (!isStepInput(cmd)) return fail(stepProblem(cmd) ?? "not a device");
    return step(cmd, { kind: "device", name: r.value.name });
  },
};
