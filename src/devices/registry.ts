/**
 * Every device model, once. The scenario schema's model list and variant, the add form and the
 * palette, parity's QEMU mapping and the platform's device_add all read this list: adding a model
 * is adding its file and one line here.
 */
import type * as v from "valibot";
import { acpiSci } from "./acpi-sci";
import { ath11k } from "./ath11k";
import type { DeviceModule, ModelSchema } from "./device-module";
import { e1000e } from "./e1000e";
import { hpet } from "./hpet";
import { i8042 } from "./i8042";
import { idxd } from "./idxd";
import { imsDev } from "./ims-dev";
import { nic } from "./nic";
import { ntbSwitchtec } from "./ntb-switchtec";
import { nvme } from "./nvme";
import { pciMsi } from "./pci-msi";
import { pciMsix } from "./pci-msix";
import { rtc } from "./rtc";
import { serial } from "./serial";
import { virtioBlk } from "./virtio-blk";
import { virtioNet } from "./virtio-net";
import { virtioRng } from "./virtio-rng";

/** In the order the format's documentation lists them. */
export const DEVICE_MODULES = [
  pciMsi,
  pciMsix,
  imsDev,
  serial,
  rtc,
  acpiSci,
  i8042,
  hpet,
  nvme,
  idxd,
  ntbSwitchtec,
  ath11k,
  nic,
  e1000e,
  virtioNet,
  virtioBlk,
  virtioRng,
] as const;

type Modules = typeof DEVICE_MODULES;
type SchemaOf<M> = M extends { readonly schema: infer S } ? S : never;
type ModelOf<M> = M extends { readonly schema: infer S extends ModelSchema } ? v.InferOutput<S>["model"] : never;

/** The models' schemas, in registry order (the scenario schema's `model` variant). */
export const DEVICE_SCHEMAS = DEVICE_MODULES.map((m) => m.schema) as unknown as {
  readonly [K in keyof Modules]: SchemaOf<Modules[K]>;
};

export type DeviceModel = ModelOf<Modules[number]>;

/** The model name of a module (its schema's `model` literal). */
export function modelName(m: DeviceModule): string {
  const entry: unknown = m.schema.entries.model;
  const literal = typeof entry === "object" && entry !== null && "literal" in entry ? entry.literal : undefined;
  if (typeof literal !== "string") throw new RangeError("a device schema without a literal model");
  return literal;
}

const BY_MODEL: ReadonlyMap<string, DeviceModule> = new Map(DEVICE_MODULES.map((m) => [modelName(m), m]));

export const DEVICE_MODELS = DEVICE_MODULES.map(modelName) as DeviceModel[];

/** The module of a model name; undefined for a name that is not one. */
export function moduleOf(model: string): DeviceModule | undefined {
  return BY_MODEL.get(model);
}

/** The models whose drivers request their IO-APIC line with IRQF_SHARED: two of them may share a GSI. */
export const SHAREABLE_LINE_MODELS: readonly string[] = DEVICE_MODULES.filter((m) => m.line?.shareable).map(modelName);
