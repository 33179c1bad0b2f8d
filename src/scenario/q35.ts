/**
 * QEMU q35 as the real-kernel recordings ran it (fixtures/real-kernel): the board's own devices and
 * the PCI functions of the rig's command line, at the slots QEMU gives them.
 */
import type { DeviceSpec, ScenarioInput } from "./schema";

/** The board's own devices: the SCI, the PS/2 ports, the RTC, COM1 and the HPET (3 comparators). */
export const Q35_BOARD_DEVICES: readonly DeviceSpec[] = [
  { name: "sci", model: "acpi-sci", gsi: 9 },
  { name: "kbd", model: "i8042", gsi: 1 },
  { name: "aux", model: "i8042", gsi: 12 },
  { name: "rtc", model: "rtc", gsi: 8 },
  { name: "com1", model: "serial", gsi: 4 },
  { name: "hpet", model: "hpet", timers: 3 },
];

/** The rig's PCI functions: NVMe, e1000e, virtio-net, virtio-blk (a queue per vCPU), virtio-rng. */
export const Q35_RIG_DEVICES: readonly DeviceSpec[] = [
  { name: "nvme", model: "nvme", bdf: "00:01.0", max_ioqpairs: 64 },
  { name: "e1000e", model: "e1000e", bdf: "00:02.0" },
  { name: "virtio-net", model: "virtio-net", bdf: "00:03.0", queue_pairs: 1 },
  { name: "virtio-blk", model: "virtio-blk", bdf: "00:04.0", num_queues: 0 },
  { name: "virtio-rng", model: "virtio-rng", bdf: "00:05.0" },
];

/** The shared recordings' kernel: Debian's 6.12 rebuilt with GENERIC_IRQ_DEBUGFS, without KVM. */
export const RECORDED_KERNEL_KCONFIG = { KVM: false, GENERIC_IRQ_DEBUGFS: true, X86_POSTED_MSI: false } as const;

/**
 * The machine preset: Linux 6.12 booted on q35 with 4 vCPUs, xAPIC and VT-d interrupt remapping, built
 * as the shared recordings' kernel was (Debian's config with irq debugfs, without KVM).
 */
export const QEMU_Q35: ScenarioInput = {
  format: "irqscope-scenario",
  version: 1,
  title: "QEMU q35 (6.12, VT-d IR): NVMe, e1000e, virtio-net, virtio-blk, virtio-rng as the real boot",
  machine: {
    cpus: 4,
    kernel: "6.12",
    board: "q35",
    ir: "on",
    scheme: "old",
    kconfig: RECORDED_KERNEL_KCONFIG,
    devices: [...Q35_BOARD_DEVICES, ...Q35_RIG_DEVICES],
  },
  steps: [],
};
