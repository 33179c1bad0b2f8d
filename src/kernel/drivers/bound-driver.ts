/** A driver bound to a device: bind (transport, probe, open) and unbind (remove, transport). */
import type { Err } from "../irq/irqdomain";
import type { Platform } from "../platform";
import { type DeviceDriver, firstError } from "./driver";
import { type VirtioPciDevice, virtioPciProbe, virtioPciRemove } from "./virtio/virtio-pci";

export interface BoundDriver {
  /** The device's name in the scenario. */
  readonly device: string;
  /** Set for functions on the virtio PCI transport, which binds at boot before the virtio driver. */
  readonly virtio: VirtioPciDevice | undefined;
  readonly driver: DeviceDriver;
}

/** A device that comes up in one go (generic board, or hot-added): its transport, probe, then open. */
export function bindTransportAndProbe(p: Platform, b: BoundDriver): Err {
  return (b.virtio ? virtioPciProbe(p, b.virtio) : undefined) ?? b.driver.probe() ?? b.driver.open?.();
}

/** mirrors device_release_driver(): the driver's remove, then (virtio) the transport's virtio_pci_remove(). */
export function unbindDriver(p: Platform, b: BoundDriver): Err {
  return firstError(
    () => b.driver.remove(),
    () => (b.virtio ? virtioPciRemove(p, b.virtio) : undefined),
  );
}
