/**
 * KVM's GSI routing table as QEMU fills it for assigned devices (virt/kvm/irqchip.c, QEMU's
 * accel/kvm/kvm-all.c): one KVM_IRQ_ROUTING_MSI entry per backed guest vector, and kvm_set_msi()
 * turning a route's compatibility-format message into a vCPU and a vector.
 */
import { decodeMsiMsg } from "../../arch/x86/msi-format";
import type { MsiMsg } from "../../irq/msi-msg";

/** GSIs 0–23 are the in-kernel IO-APIC's pins; QEMU hands out MSI routes above them. */
export const KVM_IOAPIC_NUM_PINS = 24;

/** One KVM_IRQ_ROUTING_MSI entry: {address_lo, address_hi, data, devid}. */
export interface KvmMsiRoute {
  readonly gsi: number;
  msg: MsiMsg;
  readonly devid: number;
  /** How often QEMU rewrote it (kvm_irqchip_update_msi_route()). */
  updates: number;
}

/** Where kvm_set_msi() delivers a route: an APIC destination and a vector, or why it cannot. */
export type KvmMsiTarget =
  | { readonly ok: true; readonly destId: number; readonly vector: number; readonly logical: boolean }
  | { readonly ok: false; readonly why: string };

export class KvmIrqRouting {
  readonly routes = new Map<number, KvmMsiRoute>();

  /** mirrors kvm_irqchip_get_virq(): the lowest GSI not in use above the IO-APIC pins. */
  private freeGsi(): number {
    let gsi = KVM_IOAPIC_NUM_PINS;
    while (this.routes.has(gsi)) gsi++;
    return gsi;
  }

  /** mirrors kvm_irqchip_add_msi_route() + kvm_irqchip_commit_routes(). */
  addMsiRoute(msg: MsiMsg, devid: number): KvmMsiRoute {
    const route = { gsi: this.freeGsi(), msg, devid, updates: 0 };
    this.routes.set(route.gsi, route);
    return route;
  }

  /** mirrors kvm_irqchip_update_msi_route(): the same GSI, a new message. */
  updateMsiRoute(gsi: number, msg: MsiMsg): KvmMsiRoute | undefined {
    const route = this.routes.get(gsi);
    if (!route) return undefined;
    route.msg = msg;
    route.updates++;
    return route;
  }

  /** mirrors kvm_irqchip_release_virq(). */
  releaseRoute(gsi: number): void {
    this.routes.delete(gsi);
  }
}

/**
 * mirrors kvm_set_msi_irq(): destination from address bits 19:12 (plus 11:5 as bits 14:8 with
 * KVM_FEATURE_MSI_EXT_DEST_ID), vector from data bits 7:0; a remappable-format message is no route.
 */
export function kvmSetMsiIrq(msg: MsiMsg, extDestId: boolean): KvmMsiTarget {
  const m = decodeMsiMsg(msg, { extDestId });
  if (m.format !== "compat") {
    return {
      ok: false,
      why:
        m.format === "remappable"
          ? "the route holds a remappable-format message, which KVM cannot decode"
          : `not an interrupt message: ${m.reason}`,
    };
  }
  return { ok: true, destId: m.destId, vector: m.vector, logical: m.destModeLogical };
}
