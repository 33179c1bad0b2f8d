/**
 * The Hyper-V side of a guest's device interrupts (spec §10.3): the vPCI host answers the guest's
 * PCI_CREATE_INTERRUPT_MESSAGE by mapping the interrupt with HVCALL_MAP_DEVICE_INTERRUPT; the
 * hypervisor owns the physical remapping and chooses the message; HVCALL_RETARGET_INTERRUPT moves
 * the target without touching the device. The real-world instance of "the hypervisor owns the message".
 */
import { decodeMsiMsg, fillMsiMsg } from "../../kernel/arch/x86/msi-format";
import type { HvHost } from "../../kernel/drivers/pci/controller/pci-hyperv";
import type { Err } from "../../kernel/irq/irqdomain";
import { formatMsiMsg, type MsiMsg } from "../../kernel/irq/msi-msg";
import type { VirtEvent } from "../vmm-context";

/** One mapped device interrupt (struct hv_interrupt_entry as the hypervisor keeps it). */
export interface HvInterruptEntry {
  readonly index: number;
  readonly guestIrq: number;
  readonly requesterId: number;
  readonly msg: MsiMsg;
  vcpu: number;
  vector: number;
  retargets: number;
}

export type HvDelivery =
  | { readonly ok: true; readonly entry: HvInterruptEntry }
  | { readonly ok: false; readonly why: string };

export class HyperV implements HvHost {
  readonly entries = new Map<number, HvInterruptEntry>();
  readonly byIrq = new Map<number, HvInterruptEntry>();

  constructor(
    private readonly emit: (e: VirtEvent) => void,
    private readonly deviceOf: (irq: number) => string | undefined,
  ) {}

  private freeIndex(): number {
    let i = 0;
    while (this.entries.has(i)) i++;
    return i;
  }

  /** The vPCI VSP's PCI_CREATE_INTERRUPT_MESSAGE → HVCALL_MAP_DEVICE_INTERRUPT (hv_map_msi_interrupt()). */
  createInterruptMessage(irq: number, requesterId: number, vector: number, vcpu: number): MsiMsg {
    const index = this.freeIndex();
    const msg = fillMsiMsg(index, 0);
    const entry = { index, guestIrq: irq, requesterId, msg, vcpu, vector, retargets: 0 };
    this.entries.set(index, entry);
    this.byIrq.set(irq, entry);
    const device = this.deviceOf(irq);
    this.emit({
      kind: "hyperv",
      irq,
      ...(device ? { device } : {}),
      text: `Hyper-V: PCI_CREATE_INTERRUPT_MESSAGE (vector ${vector}, VP ${vcpu}) → HVCALL_MAP_DEVICE_INTERRUPT: the hypervisor chose the message ${formatMsiMsg(msg)} (its interrupt entry ${index})`,
    });
    return msg;
  }

  /** HVCALL_RETARGET_INTERRUPT: the hypervisor's entry points elsewhere; the device keeps its message. */
  retargetInterrupt(irq: number, msg: MsiMsg, vector: number, vcpu: number): Err {
    const entry = this.byIrq.get(irq);
    if (!entry) return undefined;
    entry.vector = vector;
    entry.vcpu = vcpu;
    entry.retargets++;
    const device = this.deviceOf(irq);
    this.emit({
      kind: "hyperv",
      irq,
      ...(device ? { device } : {}),
      text: `Hyper-V: HVCALL_RETARGET_INTERRUPT (vector ${vector}, VP ${vcpu}) for ${formatMsiMsg(msg)}: the device message does not change`,
    });
    return undefined;
  }

  /** PCI_DELETE_INTERRUPT_MESSAGE → HVCALL_UNMAP_DEVICE_INTERRUPT. */
  deleteInterruptMessage(irq: number): void {
    const entry = this.byIrq.get(irq);
    if (!entry) return;
    this.entries.delete(entry.index);
    this.byIrq.delete(irq);
    this.emit({ kind: "hyperv", irq, text: `Hyper-V: HVCALL_UNMAP_DEVICE_INTERRUPT (entry ${entry.index})` });
  }

  /** A device write reaching the hypervisor's remapping: its entry, or why nothing is delivered. */
  deliver(msg: MsiMsg, requesterId: number): HvDelivery {
    const m = decodeMsiMsg(msg);
    if (m.format !== "remappable") return { ok: false, why: "not a message the hypervisor handed out" };
    const entry = this.entries.get(m.index);
    if (!entry) return { ok: false, why: `the hypervisor has no interrupt entry ${m.index}` };
    if (entry.requesterId !== requesterId) return { ok: false, why: `entry ${m.index} belongs to another device` };
    return { ok: true, entry };
  }
}
