/**
 * The guest presets (issue #17): a KVM guest under the old scheme and under the Dec 2021 proposal,
 * a new guest on a hypervisor that rejects it, IMS in a guest (emulated IDXD vs a NIC's queue memory),
 * and a Hyper-V guest. Each is a guest machine on a modelled host with a short script.
 */
import type { ScenarioInput } from "./schema";

const base = { format: "irqscope-scenario", version: 1 } as const;
const HOST = { cpus: 16, kernel: "6.12", ir: "on", vfio: "dynamic", hypervisor: "kvm" } as const;
const NIC = { name: "nic0", model: "pci-msix", bdf: "0000:02:00.0", table_size: 8 } as const;
const NVME = { name: "nvme0", model: "nvme", bdf: "0000:01:00.0", max_ioqpairs: 4 } as const;
const NIC_STEPS = [
  { op: "alloc", device: "nic0", type: "msix", min: 1, max: 4 },
  { op: "request_irq", device: "nic0", index: 0, name: "nic0-rx0" },
  { op: "request_irq", device: "nic0", index: 2, name: "nic0-rx2" },
  { op: "set_affinity", device: "nic0", index: 2, cpus: "3" },
  { op: "raise", device: "nic0", index: 2 },
] as const;
/** A device with a system IMS store (a NIC-like sub-function queue). */
const Q0 = {
  name: "q0",
  model: "ims-dev",
  bdf: "0000:03:00.0",
  table_size: 4,
  ims_size: 16,
  ims_kind: "system",
} as const;

/** IMS entries allocated, entry 0 requested as `name` and raised: a guest's IMS path end to end. */
function imsRaised(device: string, name: string, alloc: { count: number; pasid?: number }) {
  return [
    { op: "alloc_ims", device, ...alloc },
    { op: "request_irq", device, store: "ims", index: 0, name },
    { op: "raise", device, store: "ims", index: 0 },
  ] as const;
}

export const KVM_GUEST_OLD: ScenarioInput = {
  ...base,
  title: "KVM guest, old scheme: QEMU traps MSI-X, the host backs on unmask",
  machine: { cpus: 4, platform: "guest", scheme: "old", ir: "on", host: HOST, devices: [NVME, NIC] },
  steps: [...NIC_STEPS],
};

export const KVM_GUEST_NEW: ScenarioInput = {
  ...base,
  title: "KVM guest, new scheme (the Dec 2021 proposal, granted): vIRTE hypercalls",
  machine: {
    cpus: 4,
    platform: "guest",
    scheme: "new",
    ir: "on",
    hypervisor_grants_new_scheme: true,
    host: HOST,
    devices: [NVME, NIC, Q0],
  },
  steps: [...NIC_STEPS, ...imsRaised("q0", "q0-ims0", { count: 2 })],
};

export const GUEST_REJECTED: ScenarioInput = {
  ...base,
  title: "New guest on an old hypervisor: the Dec 2021 proposal rejected, IMS unavailable",
  machine: {
    cpus: 4,
    platform: "guest",
    scheme: "new",
    ir: "on",
    hypervisor_grants_new_scheme: false,
    host: HOST,
    devices: [NIC, Q0],
  },
  steps: [...NIC_STEPS],
};

export const GUEST_IMS: ScenarioInput = {
  ...base,
  title: "Old-scheme guest with IMS: IDXD's emulated IMS works, a NIC's queue-memory IMS fails silently",
  machine: {
    cpus: 4,
    // IMS existed from 6.2 to 6.9: an old-scheme guest offers it only on such a kernel.
    kernel: "6.6",
    platform: "guest",
    scheme: "old",
    ir: "on",
    host: { ...HOST, kernel: "6.6" },
    devices: [
      { name: "dsa0", model: "idxd", bdf: "0000:6a:01.0", wqs: 2, ims: 256 },
      { name: "nic0", model: "ims-dev", bdf: "0000:02:00.0", table_size: 8, ims_size: 16, ims_kind: "system" },
    ],
  },
  steps: [
    ...imsRaised("dsa0", "dsa0-guest-wq", { count: 1, pasid: 3 }),
    ...imsRaised("nic0", "nic0-sf0", { count: 1 }),
  ],
};

export const HYPERV_GUEST: ScenarioInput = {
  ...base,
  title: "Hyper-V guest: the hypervisor composes every message (the precedent of the proposal)",
  machine: { cpus: 4, platform: "guest", ir: "off", host: { ...HOST, hypervisor: "hyperv" }, devices: [NIC] },
  steps: [...NIC_STEPS, { op: "raise", device: "nic0", index: 2 }],
};

export const GUEST_PRESETS = [
  { id: "guest-kvm-old", label: "KVM guest, old scheme", scenario: KVM_GUEST_OLD },
  { id: "guest-kvm-new", label: "KVM guest, new scheme (granted)", scenario: KVM_GUEST_NEW },
  { id: "guest-rejected", label: "New guest on an old hypervisor (rejected)", scenario: GUEST_REJECTED },
  { id: "guest-ims", label: "Guest IMS: IDXD emulated vs NIC silent failure", scenario: GUEST_IMS },
  { id: "guest-hyperv", label: "Hyper-V guest", scenario: HYPERV_GUEST },
] as const;
