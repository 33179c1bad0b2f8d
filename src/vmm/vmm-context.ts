/**
 * What the VMM side of a guest works on: the two kernels, KVM, the VFIO device of each assigned
 * function, and the backing of each guest interrupt (which host irq, eventfd and KVM route carry it).
 */
import type { VfioIrqCtx, VfioPciIntrs } from "../kernel/drivers/vfio/pci/vfio_pci_intrs";
import type { MsiMsg } from "../kernel/irq/msi-msg";
import type { Platform } from "../kernel/platform";
import type { KvmMsiRoute } from "../kernel/virt/kvm/irq-routing";
import type { Eventfd } from "../kernel/virt/kvm/irqfd";
import type { Kvm } from "../kernel/virt/kvm/kvm";

export type GuestStore = "msi" | "msix" | "ims";

/** How a guest interrupt is carried to the guest: its host side, or why it never arrives. */
export interface GuestBacking {
  /** `nvme0/msix/3`. */
  readonly key: string;
  readonly device: string;
  readonly store: GuestStore;
  readonly slot: number;
  /** Set up by QEMU trapping the guest's write, or by the Dec 2021 proposal's hypercall. */
  readonly via: "trap" | "hypercall";
  route: KvmMsiRoute | undefined;
  eventfd: Eventfd | undefined;
  vfio: VfioIrqCtx | undefined;
  /** The guest message QEMU last saw (trapped stores). */
  guestMsg: MsiMsg | undefined;
  /** The guest masked the entry: QEMU took the trigger back (vfio_msix_vector_release()). */
  released: boolean;
  /** Why the interrupt can never arrive although the guest kernel reported success. */
  silent: string | undefined;
  /** The guest irq at the time it was backed. */
  guestIrq: number | undefined;
  /** The host-valid message the hypercall returned (the Dec 2021 proposal). */
  hostMsg?: MsiMsg;
}

export type VirtEventKind =
  | "negotiation"
  | "trap"
  | "route"
  | "hypercall"
  | "vfio"
  | "posted"
  | "silent"
  | "lost"
  | "hyperv";

export interface VirtEvent {
  readonly kind: VirtEventKind;
  readonly text: string;
  readonly device?: string;
  /** The guest irq it concerns. */
  readonly irq?: number;
}

export interface VmmContext {
  readonly guest: Platform;
  readonly host: Platform;
  readonly kvm: Kvm;
  readonly backs: Map<string, GuestBacking>;
  vfio(device: string): VfioPciIntrs | undefined;
  emit(e: VirtEvent): void;
  /** Flags the step running now as a silent failure (the first reason wins). */
  flagSilent(reason: string): void;
}

export function backingKey(device: string, store: GuestStore, slot: number): string {
  return `${device}/${store}/${slot}`;
}

export function newBacking(device: string, store: GuestStore, slot: number, via: GuestBacking["via"]): GuestBacking {
  return {
    key: backingKey(device, store, slot),
    device,
    store,
    slot,
    via,
    route: undefined,
    eventfd: undefined,
    vfio: undefined,
    guestMsg: undefined,
    released: false,
    silent: undefined,
    guestIrq: undefined,
  };
}
