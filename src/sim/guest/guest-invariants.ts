/**
 * Invariants across the two kernels of a guest world: under the Dec 2021 proposal the host side of
 * every backed guest interrupt (its KVM route, and the posted host IRTE where KVM posts it) must send
 * it to the vCPU and vector the guest kernel programmed, i.e. the irq's effective CPU and vector.
 */
import { IRQD } from "../../kernel/irq/irqdesc";
import { kvmSetMsiIrq } from "../../kernel/virt/kvm/irq-routing";
import type { GuestWorld } from "./guest-world";

/** What the hypercall-backed routes of `world` get wrong, as sentences. */
export function checkGuestRoutes(world: GuestWorld): string[] {
  const bad: string[] = [];
  const { guest, kvm } = world;
  for (const b of world.backs.values()) {
    if (b.via !== "hypercall" || b.guestIrq === undefined) continue;
    const irq = b.guestIrq;
    const desc = guest.machine.descs.desc(irq);
    const apicd = guest.machine.vector.apicd.get(irq);
    if (!desc?.has(IRQD.ACTIVATED) || !apicd) continue;
    const cpu = desc.effective.first();
    const route = b.route ? kvm.routing.routes.get(b.route.gsi) : undefined;
    if (!route) {
      bad.push(`${b.key}: guest irq ${irq} is backed by the hypercall but has no KVM route`);
      continue;
    }
    // mirrors kvm_set_msi() → kvm_set_msi_irq(): where the route delivers.
    const t = kvmSetMsiIrq(route.msg, false);
    const vcpu = t.ok ? kvm.vcpuOfDest(t.destId, t.logical) : -1;
    if (!t.ok || vcpu !== cpu || t.vector !== apicd.hwVector) {
      bad.push(
        `${b.key}: KVM gsi ${route.gsi} delivers to ${t.ok ? `vCPU ${vcpu} vector ${t.vector}` : t.why}, guest irq ${irq} is vector ${apicd.hwVector} on CPU ${cpu}`,
      );
    }
    // mirrors kvm_pi_update_irte(): a posted host IRTE targets the route's one vCPU.
    const irqfd = b.eventfd ? kvm.irqfds.byEventfd.get(b.eventfd.id) : undefined;
    if (irqfd?.postedVcpu !== undefined && irqfd.postedVcpu !== cpu) {
      bad.push(`${b.key}: the host IRTE posts to vCPU ${irqfd.postedVcpu}, guest irq ${irq} is on CPU ${cpu}`);
    }
  }
  return bad;
}
