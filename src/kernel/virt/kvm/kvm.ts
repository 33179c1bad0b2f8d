/**
 * One KVM VM as interrupts see it: its GSI routing table, its irqfds with the irq bypass consumer,
 * and its vCPUs. kvm_set_msi() turns a route into a vCPU and vector of the guest.
 */
import type { IrqCore } from "../../irq/core";
import { KvmIrqRouting, type KvmMsiRoute, kvmSetMsiIrq } from "./irq-routing";
import { KvmIrqfds } from "./irqfd";
import { KvmVcpus } from "./vcpu";

export class Kvm {
  readonly routing = new KvmIrqRouting();
  readonly vcpus: KvmVcpus;
  readonly irqfds: KvmIrqfds;

  constructor(
    guestCpus: number,
    /** The guest's APIC destination → vCPU (read from the guest kernel once it has booted). */
    private readonly cpuOfDest: (destId: number, logical: boolean) => number,
    hostCore: IrqCore,
    hostCpus: number,
    posting: boolean,
  ) {
    this.vcpus = new KvmVcpus(guestCpus, hostCpus);
    this.irqfds = new KvmIrqfds(hostCore, posting, (v) => this.vcpus.piDescAddr(v));
  }

  /** The guest's vCPU for an APIC destination (the model's APIC ids are the CPU numbers). */
  vcpuOfDest(destId: number, logical: boolean): number {
    return this.cpuOfDest(destId, logical);
  }

  /**
   * mirrors kvm_intr_is_single_vcpu() for a fixed MSI route: a physical destination, or a flat logical
   * one with exactly one bit set (kvm_apic_map_get_dest_lapic() finds one vCPU either way).
   */
  singleVcpu = (route: KvmMsiRoute): { vcpu: number; vector: number } | undefined => {
    const t = kvmSetMsiIrq(route.msg, false);
    if (!t.ok) return undefined;
    if (t.logical && (t.destId === 0 || (t.destId & (t.destId - 1)) !== 0)) return undefined;
    const vcpu = this.vcpuOfDest(t.destId, t.logical);
    return vcpu >= 0 && vcpu < this.vcpus.count ? { vcpu, vector: t.vector } : undefined;
  };
}
