/**
 * The host on the other side of the NTB: it holds the {offset, data} of each queue pair's NTB-MSI
 * irq, read from the scratchpads, and raises the interrupt by writing the data through its memory
 * window. It re-reads the scratchpads only when its doorbell work runs (the model: at `tick`).
 */
import type { SwitchtecNtbHw } from "../kernel/drivers/ntb/hw/mscc/ntb_hw_switchtec";
import type { NtbMsiDesc } from "../kernel/drivers/ntb/msi";
import { MSI_DB_MASK, MSI_SPAD_OFFSET } from "../kernel/drivers/ntb/ntb_transport";
import type { MsiMsg } from "../kernel/irq/msi-msg";

export class NtbPeerHost {
  /** Queue pair → the descriptor the peer holds. */
  readonly copies = new Map<number, NtbMsiDesc>();

  constructor(
    private readonly hw: SwitchtecNtbHw,
    private readonly qps: number,
  ) {}

  /** mirrors ntb_transport_setup_qp_peer_msi() on the peer: its copy from the two scratchpads. */
  private readQp(n: number): void {
    const offset = this.hw.spads.get(n * 2 + MSI_SPAD_OFFSET);
    const data = this.hw.spads.get(n * 2 + MSI_SPAD_OFFSET + 1);
    if (offset === undefined || data === undefined) this.copies.delete(n);
    else this.copies.set(n, { addrOffset: offset, data });
  }

  /** Link up: the peer reads every queue pair's descriptor (ntb_transport_link_work()). */
  linkUp(): void {
    for (let n = 0; n < this.qps; n++) this.readQp(n);
    this.hw.peerDoorbell &= ~MSI_DB_MASK;
  }

  /**
   * The peer's doorbell work (ntb_transport_doorbell_callback()): the MSI bit rung by desc_changed
   * makes it read the re-sent descriptors. Returns what it did, for the tick's result.
   */
  tick(): string | undefined {
    if (!(this.hw.peerDoorbell & MSI_DB_MASK)) return undefined;
    this.linkUp();
    return "the NTB peer host read the re-sent NTB-MSI descriptors";
  }

  /** desc_changed rang the MSI doorbell bit and the peer's doorbell work has not read the descriptors yet. */
  resendPending(): boolean {
    return (this.hw.peerDoorbell & MSI_DB_MASK) !== 0;
  }

  /** mirrors ntb_msi_peer_trigger(): iowrite32(data) at offset in the window, which lands at base + offset here. */
  trigger(n: number): MsiMsg | undefined {
    const copy = this.copies.get(n);
    const t = this.hw.translation;
    if (!copy || !t) return undefined;
    return { addressLo: (t.base + copy.addrOffset) >>> 0, addressHi: 0, data: copy.data };
  }
}
