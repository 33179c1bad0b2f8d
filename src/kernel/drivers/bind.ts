/**
 * Which Linux driver binds to each emulated PCI function, and the MSI-X table QEMU gives it.
 */
import type { MsixTableConfig } from "../../hw/msix-table";
import type { Err } from "../irq/irqdomain";
import type { DriverDeviceConfig, Platform } from "../platform";
import { virtioBlkDriver } from "./block/virtio-blk";
import { virtioRngDriver } from "./char/hw_random/virtio-rng";
import type { DeviceDriver } from "./driver";
import { e1000eDriver } from "./net/ethernet/intel/e1000e";
import { virtioNetDriver } from "./net/virtio-net";
import { nvmeDriver } from "./nvme/host/pci";
import type { PciDev } from "./pci/pci-dev";
import { type VirtioPciDevice, virtioPciProbe } from "./virtio/virtio-pci";

export interface BoundDriver {
  /** The device's name in the scenario. */
  readonly device: string;
  /** Set for functions on the virtio PCI transport, which binds at boot before the virtio driver. */
  readonly virtio: VirtioPciDevice | undefined;
  readonly driver: DeviceDriver;
}

export function bindDriver(p: Platform, dev: PciDev, d: DriverDeviceConfig): BoundDriver {
  const virtio = (): VirtioPciDevice => ({ index: -1, dev });
  switch (d.model) {
    case "nvme":
      return { device: d.name, virtio: undefined, driver: nvmeDriver(p, dev, { maxIoqpairs: d.maxIoqpairs }) };
    case "e1000e":
      return { device: d.name, virtio: undefined, driver: e1000eDriver(p, dev) };
    case "virtio-net": {
      const v = virtio();
      return { device: d.name, virtio: v, driver: virtioNetDriver(p, v, d.queuePairs) };
    }
    case "virtio-blk": {
      const v = virtio();
      return { device: d.name, virtio: v, driver: virtioBlkDriver(p, v, d.numQueues) };
    }
    case "virtio-rng": {
      const v = virtio();
      return { device: d.name, virtio: v, driver: virtioRngDriver(p, v) };
    }
  }
}

/** A device that comes up in one go (generic board, or hot-added): its transport, probe, then open. */
export function bindTransportAndProbe(p: Platform, b: BoundDriver): Err {
  return (b.virtio ? virtioPciProbe(p, b.virtio) : undefined) ?? b.driver.probe() ?? b.driver.open?.();
}

/**
 * QEMU's MSI-X tables: nvme `msix_qsize` (max_ioqpairs + 1) in BAR 0; e1000e 5 vectors in BAR 3;
 * virtio-pci an exclusive BAR 1 sized for its queues plus config.
 */
export function qemuMsixLayout(d: DriverDeviceConfig): MsixTableConfig {
  switch (d.model) {
    case "nvme":
      return {
        size: Math.min(d.maxIoqpairs + 1, 2048),
        tableBir: 0,
        tableOffset: 0x2000,
        pbaBir: 0,
        pbaOffset: 0x3000,
      };
    case "e1000e":
      return { size: 5, tableBir: 3, tableOffset: 0, pbaBir: 3, pbaOffset: 0x2000 };
    case "virtio-net":
      return { size: 2 * d.queuePairs + 2, tableBir: 1, tableOffset: 0, pbaBir: 1, pbaOffset: 0x800 };
    case "virtio-blk":
      return { size: d.numQueues + 1, tableBir: 1, tableOffset: 0, pbaBir: 1, pbaOffset: 0x800 };
    case "virtio-rng":
      return { size: 2, tableBir: 1, tableOffset: 0, pbaBir: 1, pbaOffset: 0x800 };
  }
}
