/**
 * Linux booting on QEMU q35, in the order its initcalls and userspace run (the q35 recordings'
 * traces show this order): the ACPI SCI, the IOMMU's fault irq, the built-in drivers (virtio_pci
 * enables its functions, i8042, rtc_cmos), the console opened by init, the modules in the order they
 * are loaded, then `ip link set ethN up`.
 */

import { type KernelRelease, kernelAtLeast } from "../arch/x86/vector";
import { firstError } from "../drivers/driver";
import { virtioPciProbe } from "../drivers/virtio/virtio-pci";
import { type KernelError, kernelError } from "../errno";
import { freeIrq, requestIrq } from "../irq/manage";
import type { Platform } from "../platform";

export function q35Boot(p: Platform): KernelError | undefined {
  const core = p.machine.core;
  const legacy = [...p.legacy.values()];
  const ofModel = (m: string) => legacy.filter((l) => l.model === m);
  // Each line user requests with IRQF_SHARED exactly when its model says its driver does (src/devices/).
  const request = (irq: number, name: string, shared: boolean) => () => requestIrq(core, irq, name, shared);
  const steps: (() => KernelError | undefined)[] = [
    // acpi_bus_init() → acpi_os_install_interrupt_handler(): the SCI, level and shared.
    ...ofModel("acpi-sci").map((l) => () => requestIrq(core, l.irq, "acpi", l.shareable, true)),
    // intel_iommu_init() → init_dmars() → dmar_set_interrupt() (from v6.2; before, the boot CPU's
    // apic_bsp_setup() already did).
    () => {
      if (kernelAtLeast(core.kernel, 6, 2)) p.dmarSetInterrupt();
      return undefined;
    },
    // virtio_pci, built in (Debian's 6.12), binds every virtio function in bus order.
    ...(virtioPciBuiltIn(core.kernel) ? virtioPciProbes(p) : []),
    // i8042_probe(): the AUX test takes and gives back the line, then AUX, then KBD (both shared).
    ...i8042Probe(p),
    // rtc_cmos_probe().
    ...ofModel("rtc").map((l, i) => request(l.irq, `rtc${i}`, l.shareable)),
    // init opens the console: serial8250_startup() requests the port's line.
    ...ofModel("serial").map((l, i) => () => {
      // Both q35 recordings show IRQ_NOPROBE on the console UART's line once it is open; which 6.12
      // path sets it is not pinned down, so the model sets it here.
      const desc = core.descs.desc(l.irq);
      if (desc) desc.noProbe = true;
      return requestIrq(core, l.irq, `ttyS${i}`, l.shareable);
    }),
    // The modules, in load order (virtio_pci among them where it is a module), then the network
    // interfaces brought up.
    ...byModuleOrder([...p.drivers.values()]).flatMap((b, i, all) => [
      ...(!virtioPciBuiltIn(core.kernel) && isFirstVirtioDriver(b, i, all) ? virtioPciProbes(p) : []),
      () => {
        const err = b.driver.probe();
        return err ? kernelError(err.errno, `${b.device}: ${b.driver.name} probe failed: ${err.reason}`) : undefined;
      },
    ]),
    ...byModuleOrder([...p.drivers.values()]).map((b) => () => b.driver.open?.()),
  ];
  return firstError(...steps);
}

/** Debian builds virtio_pci in from 6.12 (CONFIG_VIRTIO_PCI=y); 6.1's is a module the rig loads after e1000e. */
function virtioPciBuiltIn(kernel: KernelRelease): boolean {
  return kernelAtLeast(kernel, 6, 12);
}

/** virtio_pci_probe() of every virtio function in bus order (pci_enable_device() takes their INTx). */
function virtioPciProbes(p: Platform): (() => KernelError | undefined)[] {
  return [...p.drivers.values()]
    .flatMap((b) => (b.virtio ? [b.virtio] : []))
    .sort((a, b) => a.dev.devid - b.dev.devid)
    .map((v) => () => virtioPciProbe(p, v));
}

/** virtio_pci.ko loads right before the first virtio driver module (its dependency). */
function isFirstVirtioDriver<T extends { virtio?: unknown }>(b: T, i: number, all: T[]): boolean {
  return b.virtio !== undefined && all.findIndex((x) => x.virtio !== undefined) === i;
}

/** The order the rig's init loads the drivers' modules in (its p0-init__modules.txt), whatever the slots. */
export const Q35_MODULE_ORDER: readonly string[] = ["nvme", "e1000e", "virtio_net", "virtio_blk", "virtio_rng"];

/** Drivers by module load order; one not in the list after the others, in device order (a stable sort). */
function byModuleOrder<T extends { driver: { name: string } }>(bound: T[]): T[] {
  const rank = (b: T) => {
    const i = Q35_MODULE_ORDER.indexOf(b.driver.name);
    return i < 0 ? Q35_MODULE_ORDER.length : i;
  };
  return [...bound].sort((a, b) => rank(a) - rank(b));
}

/** i8042 on q35: KBD on irq 1, AUX on irq 12, named "i8042". */
function i8042Probe(p: Platform): (() => KernelError | undefined)[] {
  const core = p.machine.core;
  const ports = [...p.legacy.values()].filter((l) => l.model === "i8042");
  const aux = ports.find((l) => l.gsi === 12);
  const kbd = ports.filter((l) => l !== aux);
  return [
    ...(aux
      ? [
          // i8042_check_aux(): request, test, free.
          () => requestIrq(core, aux.irq, "i8042", aux.shareable) ?? freeIrq(core, aux.irq, "i8042"),
          () => requestIrq(core, aux.irq, "i8042", aux.shareable),
        ]
      : []),
    ...kbd.map((l) => () => requestIrq(core, l.irq, "i8042", l.shareable)),
  ];
}
