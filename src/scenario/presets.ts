/**
 * The machines the top bar offers, as scenarios (machine + the steps that bring it up). The example
 * scenarios under public/scenarios/ are offered beside them and fetched when chosen.
 */
import { GUEST_PRESETS } from "./guest-presets";
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

/** An Intel DSA host: idxd's misc and per-queue MSI-X vectors, and guest queues' IMS entries with their PASIDs. */
const DSA_HOST: ScenarioInput = {
  ...base,
  title: "DSA host (6.12, VT-d): idxd's MSI-X and its IMS array with PASIDs",
  machine: {
    cpus: 8,
    ir: "on",
    devices: [
      { name: "dsa0", model: "idxd", bdf: "0000:6a:01.0", wqs: 8, ims: 256 },
      { name: "nvme0", model: "nvme", bdf: "0000:02:00.0", max_ioqpairs: 8 },
    ],
  },
  steps: [
    { op: "alloc_ims", device: "dsa0", count: 2, pasid: 7, note: "two guest work queues' completion entries" },
    { op: "request_irq", device: "dsa0", store: "ims", index: 0, name: "idxd-guest-wq0" },
    { op: "request_irq", device: "dsa0", store: "ims", index: 1, name: "idxd-guest-wq1" },
  ],
};

/** Two hosts joined by a Switchtec NTB: this one's NTB-MSI irqs, and the copies the peer host holds. */
const NTB_PAIR: ScenarioInput = {
  ...base,
  title: "NTB pair (6.12, VT-d): ntb_transport's NTB-MSI irqs and the peer host's copies (Stores tab)",
  machine: {
    cpus: 4,
    ir: "on",
    devices: [{ name: "ntb0", model: "ntb-switchtec", bdf: "0000:03:00.1", nirqs: 32, hw_vectors: 4, qps: 2 }],
  },
  steps: [
    { op: "raise", device: "ntb0", store: "peer", index: 0, note: "the peer host writes queue pair 0's copy" },
    { op: "set_affinity", device: "ntb0", store: "peer", index: 0, cpus: "2", note: "under IR: only the IRTE" },
    { op: "raise", device: "ntb0", store: "peer", index: 0, note: "the peer's copy still works" },
  ],
};

/** A laptop with a Qualcomm Wi-Fi 6 card: ath11k's 32 MSI vectors, whose address and data its firmware caches. */
function ath11kLaptop(ir: "on" | "off"): ScenarioInput {
  return {
    ...base,
    title:
      ir === "on"
        ? "ath11k laptop with IR (6.12): multi-MSI of 32 vectors, the firmware's copy stays valid"
        : "ath11k laptop without IR (6.12): multi-MSI refused, one shared vector pinned to a CPU",
    machine: {
      cpus: 4,
      ir,
      devices: [
        { name: "wifi0", model: "ath11k", bdf: "0000:02:00.0", chip: "qca6390" },
        { name: "nvme0", model: "nvme", bdf: "0000:01:00.0", max_ioqpairs: 4 },
      ],
    },
    steps: [],
  };
}

/** A 2-socket-style server with every seed device: NVMe, the mlx5-like NIC with sub-functions, DSA, NTB. */
const SERVER_ALL: ScenarioInput = {
  ...base,
  title: "2-socket server (6.12, VT-d, x2APIC): NVMe, mlx5-like NIC with sub-functions, DSA, NTB",
  machine: {
    cpus: 64,
    ir: "on",
    x2apic: true,
    devices: [
      { name: "nvme0", model: "nvme", bdf: "0000:02:00.0", max_ioqpairs: 64 },
      { name: "nvme1", model: "nvme", bdf: "0000:82:00.0", max_ioqpairs: 64 },
      { name: "nic0", model: "nic", bdf: "0000:3b:00.0", channels: 32, table_size: 128, sfs: 4, sf_ims: true },
      { name: "dsa0", model: "idxd", bdf: "0000:6a:01.0", wqs: 8, ims: 256 },
      { name: "ntb0", model: "ntb-switchtec", bdf: "0000:d8:00.1", qps: 4 },
      { name: "serial0", model: "serial", gsi: 4 },
      { name: "sci", model: "acpi-sci", gsi: 9 },
    ],
  },
  steps: [{ op: "alloc_ims", device: "dsa0", count: 4, pasid: 3 }],
};

/** 256 CPUs at scale: four NVMe drives with a managed queue per CPU, two NICs with a channel per CPU. */
const BOX_256: ScenarioInput = {
  ...base,
  title: "256-CPU box (6.12, VT-d, x2APIC): 4 NVMe and 2 NICs, a queue per CPU (about 1,550 irqs)",
  machine: {
    cpus: 256,
    ir: "on",
    x2apic: true,
    devices: [
      ...Array.from({ length: 4 }, (_, i) => ({
        name: `nvme${i}`,
        model: "nvme" as const,
        bdf: `0000:${(0x10 + i).toString(16)}:00.0`,
        max_ioqpairs: 256,
      })),
      ...Array.from({ length: 2 }, (_, i) => ({
        name: `nic${i}`,
        model: "nic" as const,
        bdf: `0000:${(0x40 + i).toString(16)}:00.0`,
        channels: 256,
        table_size: 512,
      })),
    ],
  },
  steps: [],
};

export const PRESETS: readonly Preset[] = [
  { id: "server-vtd", label: "Server with VT-d (6.12)", scenario: SERVER_VTD },
  { id: "laptop", label: "Laptop without IR", scenario: LAPTOP_NO_IR },
  { id: "server-6.1", label: "Server on 6.1 (global MSI domain)", scenario: SERVER_61 },
  { id: "qemu-q35", label: "QEMU q35 (real 6.12 boot)", scenario: QEMU_Q35 },
  { id: "dsa-host", label: "DSA host (idxd, IMS with PASIDs)", scenario: DSA_HOST },
  { id: "ntb-pair", label: "NTB pair (Switchtec, the peer's copies)", scenario: NTB_PAIR },
  { id: "ath11k-ir", label: "ath11k laptop with IR", scenario: ath11kLaptop("on") },
  { id: "ath11k-no-ir", label: "ath11k laptop without IR", scenario: ath11kLaptop("off") },
  { id: "server-all", label: "2-socket server with every seed device", scenario: SERVER_ALL },
  { id: "box-256", label: "256-CPU box at scale", scenario: BOX_256 },
  ...GUEST_PRESETS,
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
  { file: "guest-kvm-old.json", label: "Guest: KVM, old scheme (trapped MSI-X, KVM routes)" },
  { file: "guest-kvm-new.json", label: "Guest: KVM, new scheme granted (vIRTE hypercalls)" },
  { file: "guest-new-on-old-hypervisor.json", label: "Guest: new guest on an old hypervisor (rejected)" },
  { file: "guest-ims-idxd-vs-nic.json", label: "Guest: IDXD emulated IMS vs NIC silent failure" },
  { file: "guest-hyperv.json", label: "Guest: Hyper-V composes every message" },
  { file: "guest-legacy-vfio-growth.json", label: "Hazard: legacy VFIO MSI-X growth loses interrupts" },
];
