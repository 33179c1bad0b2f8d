/**
 * The devices a user can add: every model of the device registry (src/devices/registry.ts), each with
 * the options its schema defines (defaults and ranges read from the schema), and the familiar names
 * that stand in for them (an NVMe controller as a plain pci-msix function). Shared by the device-add
 * form and the command palette, so both send the same device_add step.
 */
import type { DeviceModule } from "../../devices/device-module";
import { modelOptions, type OptionSpec } from "../../devices/options";
import { DEVICE_MODULES, type DeviceModel, modelName } from "../../devices/registry";

export type { OptionSpec } from "../../devices/options";

export interface ModelSpec {
  readonly model: DeviceModel;
  readonly what: string;
  readonly pci: boolean;
  readonly options: readonly OptionSpec[];
}

function modelSpecOf(m: DeviceModule): ModelSpec {
  return { model: modelName(m) as DeviceModel, what: m.ui.what, pci: m.bus === "pci", options: modelOptions(m) };
}

/** Every model of format version 1, in the registry's order. */
export const MODELS: readonly ModelSpec[] = DEVICE_MODULES.map(modelSpecOf);

/** A familiar device name standing in for a model, with the options such a device usually has. */
export interface DeviceKind {
  readonly kind: string;
  readonly model: DeviceModel;
  readonly what: string;
  readonly options: Readonly<Record<string, number | boolean | string>>;
}

/** Names with no model of their own: `ahci` is a multi-MSI function, `dsa` the idxd model. */
const STAND_INS: readonly DeviceKind[] = [
  { kind: "ahci", model: "pci-msi", what: "AHCI SATA (multi-MSI)", options: { vectors: 4 } },
  { kind: "dsa", model: "idxd", what: "Intel DSA (the idxd model)", options: {} },
];

/** The stand-ins, then every model under its own name (`add nvme` is the nvme model and its driver). */
export const KINDS: readonly DeviceKind[] = [
  ...STAND_INS,
  ...MODELS.filter((m) => !STAND_INS.some((k) => k.kind === m.model)).map((m) => ({
    kind: m.model,
    model: m.model,
    what: m.what,
    options: {},
  })),
];

export function modelSpec(model: DeviceModel): ModelSpec {
  const spec = MODELS.find((m) => m.model === model);
  if (!spec) throw new RangeError(`no model ${model}`);
  return spec;
}

/** The first name `prefix<N>` not taken (nvme1 when nvme0 exists). */
export function freeName(prefix: string, taken: readonly string[]): string {
  const names = new Set(taken);
  for (let n = 0; ; n++) if (!names.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** The first bus with nothing at device 0 function 0: `0000:05:00.0`. */
export function freeBdf(taken: readonly string[]): string {
  const used = new Set(taken.map(longBdf));
  for (let bus = 1; bus < 0xff; bus++) {
    const bdf = `0000:${bus.toString(16).padStart(2, "0")}:00.0`;
    if (!used.has(bdf)) return bdf;
  }
  return "0000:ff:00.0";
}

/** `5:00.0`-style input as the model stores it (`0000:05:00.0`); text that is not a BDF comes back lower-cased. */
export function longBdf(text: string): string {
  const t = text.trim().toLowerCase();
  return /^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(t) ? `0000:${t}` : t;
}
