/**
 * ntb_transport's NTB-MSI use (drivers/ntb/ntb_transport.c): one NTB-MSI irq per queue pair, its
 * {offset, data} written to two scratchpads for the peer; when a message changes, desc_changed writes
 * them again and rings the peer's MSI doorbell bit. The peer reads them in its own doorbell work:
 * later (the model: at the next `tick`, src/devices/ntb-peer-host.ts).
 */
import type { KernelError } from "../../errno";
import type { Platform } from "../../platform";
import type { SwitchtecNtbHw } from "./hw/mscc/ntb_hw_switchtec";
import type { NtbMsi, NtbMsiDesc } from "./msi";

/** The first scratchpad ntb_transport uses for MSI descriptors (after its own link registers). */
export const MSI_SPAD_OFFSET = 16;
/** The doorbell bit that tells the peer the descriptors changed (nt->msi_db_mask). */
export const MSI_DB_MASK = 1 << 15;

interface Qp {
  irq: number;
  desc: NtbMsiDesc | undefined;
}

export class NtbTransport {
  readonly qps: (Qp | undefined)[] = [];

  constructor(
    private readonly p: Platform,
    private readonly hw: SwitchtecNtbHw,
    private readonly count: number,
  ) {}

  /** mirrors ntb_transport_setup_qp_msi(): the irq once, then the scratchpads with its descriptor. */
  setupQpMsi(msi: NtbMsi, n: number): void {
    const spad = n * 2 + MSI_SPAD_OFFSET;
    this.hw.spads.set(spad, 0);
    this.hw.spads.set(spad + 1, 0);
    let qp = this.qps[n];
    if (!qp) {
      const r = msi.requestIrq("ntb_transport", (d) => {
        const q = this.qps[n];
        if (q) q.desc = d;
      });
      if ("ok" in r) {
        this.p.machine.core.log.warn(`ntb_transport: Unable to allocate MSI interrupt for qp${n}: ${r.reason}`);
        return;
      }
      qp = { irq: r.irq, desc: r.desc };
      this.qps[n] = qp;
    }
    if (!qp.desc) return;
    this.hw.spads.set(spad, qp.desc.addrOffset);
    this.hw.spads.set(spad + 1, qp.desc.data);
  }

  /** mirrors ntb_transport_msi_desc_changed(): every qp's scratchpads again, then the peer's doorbell. */
  descChanged(msi: NtbMsi): void {
    for (let n = 0; n < this.count; n++) this.setupQpMsi(msi, n);
    this.hw.peerDoorbell |= MSI_DB_MASK;
  }

  /** The NTB-MSI irq of queue pair `n`. */
  irqOf(n: number): number | KernelError {
    const qp = this.qps[n];
    if (qp) return qp.irq;
    return {
      ok: false,
      errno: "EINVAL",
      reason:
        n < this.count
          ? `queue pair ${n} has no NTB-MSI irq (it fell back to doorbells)`
          : `there are ${this.count} queue pairs, no queue pair ${n}`,
    };
  }
}
