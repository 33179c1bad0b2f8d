/**
 * The devices a user can add: the scenario format's models (docs/scenario-format.md), each with its
 * options, and the familiar names that stand in for them (an NVMe controller is a pci-msix function).
 * Shared by the device-add form and the command palette, so both send the same device_add step.
 */
import type { DeviceModel } from "../../scenario/schema";

export type OptionSpec =
  | { readonly key: string; readonly kind: "int"; readonly min: number; readonly max: number; readonly def: number }
  | { readonly key: string; readonly kind: "bool"; readonly def: boolean }
  | {
      readonly key: string;
      readonly kind: "choice";
      readonly choices: readonly (string | number)[];
      readonly def: string | number;
    };

export interface ModelSpec {
  readonly model: DeviceModel;
  readonly what: string;
  readonly pci: boolean;
  readonly options: readonly OptionSpec[];
}

/** Every model of format version 1 and its options with the schema's defaults and ranges. */
export const MODELS: readonly ModelSpec[] = [
  {
    model: "pci-msix",
    what: "PCI function with an MSI-X table",
    pci: true,
    options: [{ key: "table_size", kind: "int", min: 1, max: 2048, def: 8 }],
  },
  {
    model: "pci-msi",
    what: "PCI function with an MSI capability",
    pci: true,
    options: [
      { key: "vectors", kind: "choice", choices: [1, 2, 4, 8, 16, 32], def: 1 },
      { key: "maskable", kind: "bool", def: true },
      { key: "addr64", kind: "bool", def: true },
    ],
  },
  {
    model: "ims-dev",
    what: "PCI function with MSI-X and an IMS store",
    pci: true,
    options: [
      { key: "table_size", kind: "int", min: 1, max: 2048, def: 8 },
      { key: "ims_size", kind: "int", min: 0, max: 65536, def: 256 },
      { key: "ims_kind", kind: "choice", choices: ["device", "system"], def: "device" },
    ],
  },
  {
    model: "serial",
    what: "16550 UART on an IO-APIC pin",
    pci: false,
    options: [{ key: "gsi", kind: "int", min: 0, max: 23, def: 4 }],
  },
  {
    model: "rtc",
    what: "CMOS RTC on an IO-APIC pin",
    pci: false,
    options: [{ key: "gsi", kind: "int", min: 0, max: 23, def: 8 }],
  },
  {
    model: "acpi-sci",
    what: "ACPI SCI, level-triggered, shareable",
    pci: false,
    options: [{ key: "gsi", kind: "int", min: 0, max: 23, def: 9 }],
  },
  {
    model: "hpet",
    what: "HPET block (FSB timers)",
    pci: false,
    options: [{ key: "timers", kind: "int", min: 3, max: 32, def: 8 }],
  },
];

/** A familiar device name standing in for a model, with the options such a device usually has. */
export interface DeviceKind {
  readonly kind: string;
  readonly model: DeviceModel;
  readonly what: string;
  readonly options: Readonly<Record<string, number | boolean | string>>;
}

export const KINDS: readonly DeviceKind[] = [
  { kind: "nvme", model: "pci-msix", what: "NVMe controller", options: { table_size: 16 } },
  { kind: "nic", model: "pci-msix", what: "network card", options: { table_size: 64 } },
  { kind: "ahci", model: "pci-msi", what: "AHCI SATA (multi-MSI)", options: { vectors: 4 } },
  { kind: "dsa", model: "ims-dev", what: "IDXD/DSA accelerator (IMS)", options: { table_size: 9, ims_size: 32 } },
  ...MODELS.map((m) => ({ kind: m.model, model: m.model, what: m.what, options: {} })),
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
