/**
 * The machines the top bar offers, as scenarios (machine + the steps that bring it up). The example
 * scenarios under public/scenarios/ are offered beside them and fetched when chosen.
 */
import { QEMU_Q35 } from "./q35";
import type { ScenarioInput } from "./schema";

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly scenario: ScenarioInput;
}

const base = { format: "irqscope-scenario", version: 1 } as const;

/** A 2-socket-style server with VT-d: NVMe with managed queues, a NIC, multi-MSI AHCI, a DSA-like IMS device. */
const SERVER_VTD: ScenarioInput = {
  ...base,
  title: "Server with VT-d (6.12): NVMe, NIC, AHCI, an IMS device, legacy lines",
  machine: {
    cpus: 8,
    kernel: "6.12",
    ir: "on",
    scheme: "new",
    devices: [
      { name: "nvme0", model: "pci-msix", bdf: "0000:02:00.0", table_size: 16 },
      { name: "nic0", model: "pci-msix", bdf: "0000:3d:00.0", table_size: 64 },
      { name: "ahci0", model: "pci-msi", bdf: "0000:00:17.0", vectors: 4, maskable: true },
      {
        name: "dsa0",
        model: "ims-dev",
        bdf: "0000:6a:01.0",
        table_size: 9,
        ims_size: 32,
        ims_kind: "device",
      },
      { name: "serial0", model: "serial", gsi: 4 },
      { name: "sci", model: "acpi-sci", gsi: 9 },
      { name: "hpet0", model: "hpet", timers: 8 },
    ],
  },
  steps: [
    { op: "alloc", device: "nvme0", type: "msix", min: 1, max: 4, affinity: "managed" },
    { op: "request_irq", device: "nvme0", index: 0, name: "nvme0q0" },
    { op: "request_irq", device: "nvme0", index: 1, name: "nvme0q1" },
    { op: "alloc", device: "nic0", type: "msix", min: 1, max: 2 },
    { op: "request_irq", device: "nic0", index: 0, name: "nic0-rx0" },
    { op: "alloc", device: "ahci0", type: "msi", min: 1, max: 4 },
    { op: "request_irq", device: "ahci0", index: 0, name: "ahci0" },
    { op: "alloc", device: "dsa0", type: "msix", min: 1, max: 1 },
    { op: "alloc_ims", device: "dsa0", count: 2, pasid: 1 },
    { op: "request_irq", device: "serial0", index: 0, name: "ttyS0" },
    { op: "request_irq", device: "sci", index: 0, name: "acpi", shared: true },
  ],
};

/** A laptop without interrupt remapping: compat-format messages, no IMS, single MSI only. */
const LAPTOP_NO_IR: ScenarioInput = {
  ...base,
  title: "Laptop without IR (6.12): compat-format messages",
  machine: {
    cpus: 4,
    kernel: "6.12",
    ir: "off",
    devices: [
      { name: "nvme0", model: "pci-msix", bdf: "0000:01:00.0", table_size: 8 },
      { name: "wifi0", model: "pci-msi", bdf: "0000:02:00.0", vectors: 1, maskable: false },
      { name: "serial0", model: "serial", gsi: 4 },
      { name: "hpet0", model: "hpet", timers: 3 },
    ],
  },
  steps: [
    { op: "alloc", device: "nvme0", type: "msix", min: 1, max: 4, affinity: "managed" },
    { op: "request_irq", device: "nvme0", index: 0, name: "nvme0q0" },
    { op: "alloc", device: "wifi0", type: "msi", min: 1, max: 1 },
    { op: "request_irq", device: "wifi0", index: 0, name: "iwlwifi" },
    { op: "request_irq", device: "serial0", index: 0, name: "ttyS0" },
  ],
};

/** Kernel 6.1: one global PCI-MSI domain under the IR unit, the hwirq encodes the device. */
const SERVER_61: ScenarioInput = {
  ...base,
  title: "Server with VT-d on 6.1: the global INTEL-IR-MSI domain",
  machine: {
    cpus: 4,
    kernel: "6.1",
    ir: "on",
    devices: [
      { name: "nvme0", model: "pci-msix", bdf: "0000:02:00.0", table_size: 8 },
      { name: "nic0", model: "pci-msix", bdf: "0000:3d:00.0", table_size: 8 },
      { name: "serial0", model: "serial", gsi: 4 },
    ],
  },
  steps: [
    { op: "alloc", device: "nvme0", type: "msix", min: 1, max: 2 },
    { op: "alloc", device: "nic0", type: "msix", min: 1, max: 2 },
    { op: "request_irq", device: "nvme0", index: 0, name: "nvme0q0" },
  ],
};

export const PRESETS: readonly Preset[] = [
  { id: "server-vtd", label: "Server with VT-d (6.12)", scenario: SERVER_VTD },
  { id: "laptop", label: "Laptop without IR", scenario: LAPTOP_NO_IR },
  { id: "server-6.1", label: "Server on 6.1 (global MSI domain)", scenario: SERVER_61 },
  { id: "qemu-q35", label: "QEMU q35 (real 6.12 boot)", scenario: QEMU_Q35 },
];

export const DEFAULT_PRESET = PRESETS[0] as Preset;

/** The example scenario files shipped under public/scenarios/ (fetched relative to the page). */
export const EXAMPLE_SCENARIOS: readonly { readonly file: string; readonly label: string }[] = [
  { file: "server-vtd.json", label: "Example: server with VT-d" },
  { file: "laptop-no-ir.json", label: "Example: laptop without IR" },
  { file: "multi-msi-refused-without-ir.json", label: "Example: multi-MSI refused without IR" },
  { file: "ims-refused-without-ir.json", label: "Example: IMS refused without IR" },
  { file: "msix-grow-alloc-at.json", label: "Example: MSI-X grown with alloc_at" },
  { file: "irte-table-full.json", label: "Example: IRTE table full" },
  { file: "qemu-q35-recorded.json", label: "Example: QEMU q35, the recorded real-kernel session" },
  { file: "ntb-peer-stale-copy.json", label: "Hazard: NTB peer writes a stale copy without IR" },
  { file: "ath11k-pure-luck.json", label: "Hazard: ath11k works by pure luck without IR" },
  { file: "msi-two-step-nonmaskable.json", label: "Hazard: the msi_set_affinity() two-step" },
  { file: "vector-exhaustion.json", label: "Hazard: vector exhaustion (-ENOSPC)" },
  { file: "ims-idxd-pasid.json", label: "Hazard: IMS needs IR (IDXD with a PASID)" },
];
