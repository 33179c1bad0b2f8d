import type { MsiMsg } from "../kernel/irq/msi-msg";

/** Which kind of hardware holds the interrupt messages. */
export type StoreKind = "msi" | "msix" | "ims-device" | "ims-queue" | "ioapic" | "hpet";

/** Slot used in a StoreWrite for a register of the whole function (MSI / MSI-X Message Control, IO-APIC EOI). */
export const WHOLE_DEVICE = -1;

/** One register write the kernel made to the device. */
export interface StoreWrite {
  /** The vector / entry / pin / timer the register belongs to, or WHOLE_DEVICE. */
  readonly slot: number;
  /** "address_lo", "data", "vector_ctrl", "rte_lo", …; " (dropped)" when the device has no such register. */
  readonly register: string;
  /** The value written (u32). */
  readonly value: number;
}

/** What a raise produced: the message the device sent, or why nothing went out. */
export type Emission =
  | { readonly sent: true; readonly msg: MsiMsg; readonly pasid?: number }
  | { readonly sent: false; readonly reason: string };

export interface MessageStore {
  readonly kind: StoreKind;
  /** Number of slots (vectors / entries / pins / timers). */
  readonly slots: number;
  /** Device register writes so far. */
  readonly writes: number;
  /** The last N writes, oldest first (bounded). */
  recentWrites(): readonly StoreWrite[];
  /** What the device sends when `slot` fires (raise): the stored message, or why nothing goes out. Never throws. */
  emit(slot: number): Emission;
  /** The message currently stored for `slot`, as the device would use it. */
  storedMessage(slot: number): MsiMsg;
  /** Per slot masked state (for views). */
  isMasked(slot: number): boolean;
}

export function sent(msg: MsiMsg, pasid?: number): Emission {
  return pasid === undefined ? { sent: true, msg } : { sent: true, msg, pasid };
}

export function notSent(reason: string): Emission {
  return { sent: false, reason };
}
