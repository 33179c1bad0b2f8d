/**
 * What a device model is, in one place: its scenario schema (with the defaults), how its hardware is
 * built and attached, the Linux driver that binds to it, what the add form offers, and the QEMU
 * `-device` it stands for. One file per model under src/devices/, listed once in registry.ts.
 */
import type * as v from "valibot";
import type { BoundDriver } from "../kernel/drivers/bound-driver";
import type { KernelError } from "../kernel/errno";
import type { DeviceHw, LineRule, Platform } from "../kernel/platform";

export interface DeviceSpecBase {
  readonly model: string;
  readonly name: string;
}

/** A model's strict object schema: `model` (its literal), `name`, and its options with their defaults. */
export type ModelSchema = v.GenericSchema<unknown, DeviceSpecBase> & { readonly entries: v.ObjectEntries };

/** A problem with one of the model's own fields that the field's schema alone cannot see. */
export interface FieldProblem {
  readonly key: string;
  readonly message: string;
}

/** QEMU's `-device driver,key=value…` options, and the `-netdev` queues a NIC's `netdev=` names. */
export interface QemuDeviceArgs {
  readonly options: ReadonlyMap<string, string>;
  readonly netdevQueues: (id: string) => number | undefined;
}

export interface DeviceModule<S extends ModelSchema = ModelSchema> {
  readonly schema: S;
  /** The add form's and palette's words for it; `choices` where a number takes only some values. */
  readonly ui: {
    readonly what: string;
    readonly choices?: Readonly<Record<string, readonly number[]>>;
  };
  /** Who signals: a PCI function (MSI/MSI-X/IMS/INTx), an IO-APIC line user, or an HPET block. */
  readonly bus: "pci" | "ioapic" | "hpet";
  /** An IO-APIC line user's trigger, and whether its driver requests the line with IRQF_SHARED. */
  readonly line?: LineRule;
  /** The reason a device of this model cannot be removed (the kernel has no hot-remove for it). */
  readonly fixed?: string;
  /** A rule across the model's own fields, checked by the scenario schema. */
  check?(spec: v.InferOutput<S>): FieldProblem | undefined;
  /** Builds the hardware and attaches it to the platform (the bus, a pin, the HPET list). */
  build(p: Platform, spec: v.InferOutput<S>): DeviceHw | KernelError;
  /** The Linux driver that binds to it: probed at boot or hot-add, removed by device_remove. */
  bind?(p: Platform, hw: DeviceHw, spec: v.InferOutput<S>): BoundDriver;
  /** The QEMU device it stands for: `-device <qemu>` maps to this model with these options. */
  readonly qemu?: {
    readonly device: string;
    options(args: QemuDeviceArgs): Omit<v.InferInput<S>, "model" | "name" | "bdf">;
  };
}

/** A model, typed by its schema (the registry erases the type parameter). */
export function deviceModule<S extends ModelSchema>(m: DeviceModule<S>): DeviceModule<S> {
  return m;
}
