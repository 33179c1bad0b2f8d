/**
 * virtio-net's interrupts (drivers/net/virtio_net.c): per queue pair an input and an output
 * virtqueue with vectors (the control queue has none), not managed; virtnet_set_affinity() then
 * sets each pair's affinity (and hint) to its share of the online CPUs, again whenever a CPU comes
 * or goes (its hotplug callbacks).
 */
import { CpuMask } from "../../cpumask";
import type { Err } from "../../irq/irqdomain";
import { irqSetAffinityLocked } from "../../irq/manage";
import type { Platform } from "../../platform";
import type { DeviceDriver } from "../driver";
import { pciIrqVector } from "../pci/msi/api";
import { type VirtioPciDevice, vpDelVqs, vpFindVqs } from "../virtio/virtio-pci";

export function virtioNetDriver(p: Platform, vdev: VirtioPciDevice, queuePairs: number): DeviceDriver {
  let pairVectors: { rx: number | undefined; tx: number | undefined }[] = [];
  let instance = -1;

  /** mirrors virtnet_set_affinity(): consecutive online CPUs per pair, the first pairs one more. */
  const setAffinity = () => {
    const { online, core } = p.machine;
    const cpus = [...online];
    const stride = Math.max(Math.floor(cpus.length / queuePairs), 1);
    const stragglers = cpus.length >= queuePairs ? cpus.length % queuePairs : 0;
    let at = 0;
    pairVectors.forEach((pair, i) => {
      const size = stride + (i < stragglers ? 1 : 0);
      const mask = CpuMask.of(
        online.nbits,
        Array.from({ length: size }, (_, j) => cpus[(at + j) % cpus.length] ?? 0),
      );
      at = (at + size) % cpus.length;
      // virtqueue_set_affinity() → vp_set_vq_affinity() → irq_set_affinity_and_hint().
      for (const v of [pair.rx, pair.tx]) {
        if (v === undefined) continue;
        const irq = pciIrqVector(vdev.dev, v);
        const desc = typeof irq === "number" ? core.descs.desc(irq) : undefined;
        if (!desc) continue;
        desc.affinityHint = mask;
        irqSetAffinityLocked(core, desc, mask, false);
      }
    });
  };

  return {
    name: "virtio_net",
    probe(): Err {
      instance = p.nextInstance("eth");
      const vqs = [
        ...Array.from({ length: queuePairs }, (_, i) => [
          { name: `input.${i}`, callback: true },
          { name: `output.${i}`, callback: true },
        ]).flat(),
        { name: "control", callback: false },
      ];
      const vectors = vpFindVqs(p, vdev, vqs, false);
      if (!Array.isArray(vectors)) return vectors;
      pairVectors = Array.from({ length: queuePairs }, (_, i) => ({ rx: vectors[2 * i], tx: vectors[2 * i + 1] }));
      setAffinity();
      // virtnet_cpu_notif_add(): CPUHP_AP_ONLINE_DYN (online) and CPUHP_VIRT_NET_DEAD (dead).
      const owner = vdev.dev.name;
      p.machine.cpuhp.online.push({ owner, callback: setAffinity });
      p.machine.cpuhp.dead.push({ owner, callback: setAffinity });
      return undefined;
    },
    remove(): Err {
      // mirrors virtnet_remove(): virtnet_cpu_notif_remove() first, then the vqs go (virtnet_del_vqs()).
      const { cpuhp } = p.machine;
      for (const list of [cpuhp.online, cpuhp.dead]) {
        const i = list.findIndex((c) => c.callback === setAffinity);
        if (i >= 0) list.splice(i, 1);
      }
      pairVectors = [];
      if (instance >= 0) p.releaseInstance("eth", instance);
      instance = -1;
      return vpDelVqs(p, vdev);
    },
  };
}
