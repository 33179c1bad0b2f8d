/**
 * What happens to a message a device writes: the platform's interrupt sink decides
 * (interrupt-fabric.ts; on bare metal the VT-d unit or the compatibility decode, then the CPU).
 */
import type { MsiMsg } from "../../irq/msi-msg";
import type { Platform } from "../../platform";
import type { MessageDelivery } from "./interrupt-fabric";

export type { MessageDelivery } from "./interrupt-fabric";

/** A device (requester `requesterId`) writes `msg`: where does it end up? */
export function deliverMessage(platform: Platform, msg: MsiMsg, requesterId: number | undefined): MessageDelivery {
  return platform.sink.deliver(msg, requesterId);
}
