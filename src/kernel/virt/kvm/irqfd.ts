/**
 * KVM irqfds (virt/kvm/eventfd.c) and the irq bypass between VFIO's producer and KVM's consumer
 * (virt/lib/irqbypass.c, arch/x86/kvm/irq.c kvm_pi_update_irte()): an eventfd signal injects the
 * route's interrupt; where the host has posted interrupts, the host IRTE posts it to the vCPU.
 */

import type { IrqCore } from "../../irq/core";
import type { Err } from "../../irq/irqdomain";
import { irqSetVcpuAffinity } from "../../irq/manage";
import type { KvmMsiRoute } from "./irq-routing";

/** An eventfd VFIO signals from a host irq's handler (the trigger of one vector). */
export interface Eventfd {
  readonly id: number;
}

/** One KVM_IRQFD binding: the eventfd, its GSI, and the host irq producing it (irq bypass). */
export interface Irqfd {
  readonly eventfd: Eventfd;
  readonly gsi: number;
  /** The host irq registered as the bypass producer for this eventfd. */
  producer: number | undefined;
  /** The vCPU the host IRTE posts to, when KVM set it up (kvm_pi_update_irte()). */
  postedVcpu: number | undefined;
}

/** The vCPU a route targets when it is a single-vCPU fixed interrupt (kvm_intr_is_single_vcpu()). */
export type SingleVcpu = (route: KvmMsiRoute) => { vcpu: number; vector: number } | undefined;

export class KvmIrqfds {
  readonly byEventfd = new Map<number, Irqfd>();
  private nextEventfd = 1;

  constructor(
    private readonly hostCore: IrqCore,
    /** Posted interrupts available: enable_apicv plus a VT-d unit with cap_pi_support. */
    readonly postingAvailable: boolean,
    private readonly piDescAddr: (vcpu: number) => number,
  ) {}

  /** eventfd(2): a new eventfd for VFIO's trigger. */
  newEventfd(): Eventfd {
    return { id: this.nextEventfd++ };
  }

  /** mirrors kvm_irqfd_assign(). */
  assign(eventfd: Eventfd, gsi: number): Irqfd {
    const irqfd: Irqfd = { eventfd, gsi, producer: undefined, postedVcpu: undefined };
    this.byEventfd.set(eventfd.id, irqfd);
    return irqfd;
  }

  /** mirrors kvm_irqfd_deassign() (and the bypass consumer's removal: the IRTE goes back to remapped). */
  deassign(eventfd: Eventfd): void {
    const irqfd = this.byEventfd.get(eventfd.id);
    if (!irqfd) return;
    if (irqfd.producer !== undefined && irqfd.postedVcpu !== undefined)
      irqSetVcpuAffinity(this.hostCore, irqfd.producer, undefined);
    this.byEventfd.delete(eventfd.id);
  }

  /** mirrors irq_bypass_register_producer() meeting KVM's consumer: kvm_arch_irq_bypass_add_producer(). */
  connectProducer(eventfd: Eventfd, hostIrq: number, route: KvmMsiRoute | undefined, single: SingleVcpu): Err {
    const irqfd = this.byEventfd.get(eventfd.id);
    if (!irqfd) return undefined;
    irqfd.producer = hostIrq;
    return this.updatePosting(irqfd, route, single);
  }

  /** mirrors irq_bypass_unregister_producer() → kvm_arch_irq_bypass_del_producer(). */
  disconnectProducer(eventfd: Eventfd): void {
    const irqfd = this.byEventfd.get(eventfd.id);
    if (!irqfd || irqfd.producer === undefined) return;
    if (irqfd.postedVcpu !== undefined) irqSetVcpuAffinity(this.hostCore, irqfd.producer, undefined);
    irqfd.postedVcpu = undefined;
    irqfd.producer = undefined;
  }

  /**
   * mirrors kvm_pi_update_irte() (vmx_pi_update_irte() before 6.15): a single-vCPU fixed route is
   * posted to that vCPU's descriptor with the guest vector; anything else goes back to remapped.
   */
  updatePosting(irqfd: Irqfd, route: KvmMsiRoute | undefined, single: SingleVcpu): Err {
    if (irqfd.producer === undefined || !this.postingAvailable) return undefined;
    const target = route ? single(route) : undefined;
    if (!target) {
      if (irqfd.postedVcpu === undefined) return undefined;
      irqfd.postedVcpu = undefined;
      return irqSetVcpuAffinity(this.hostCore, irqfd.producer, undefined);
    }
    irqfd.postedVcpu = target.vcpu;
    return irqSetVcpuAffinity(this.hostCore, irqfd.producer, {
      piDescAddr: this.piDescAddr(target.vcpu),
      vector: target.vector,
    });
  }
}
