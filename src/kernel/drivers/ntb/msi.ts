/**
 * NTB MSI (drivers/ntb/msi.c): a peer host raises an interrupt here by writing a message's data through
 * an NTB memory window that translates onto this host's MSI address range. The peer holds
 * {offset, data}; every message change the kernel makes is passed on through desc_changed.
 */
import { type KernelError, kernelError } from "../../errno";
import type { Err } from "../../irq/irqdomain";
import { freeIrq, requestIrq } from "../../irq/manage";
import type { MsiDesc } from "../../irq/msi-desc";
import type { Platform } from "../../platform";
import type { PciDev } from "../pci/pci-dev";
import type { SwitchtecNtbHw } from "./hw/mscc/ntb_hw_switchtec";

/** struct ntb_msi_desc: what the peer needs to trigger the interrupt. */
export interface NtbMsiDesc {
  readonly addrOffset: number;
  readonly data: number;
}

/** The peer's addr_align (4 KiB on Switchtec). */
const ADDR_ALIGN = 0x1000;

export class NtbMsi {
  base = 0;
  end = 0;

  constructor(
    private readonly p: Platform,
    private readonly dev: PciDev,
    private readonly hw: SwitchtecNtbHw,
    /** ntb_msi_init()'s desc_changed callback (ntb_transport's). */
    private readonly descChanged: () => void,
  ) {}

  /**
   * mirrors ntb_msi_setup_mws(): the window starts at the first associated descriptor's address,
   * aligned down, and spans `size` bytes; the peer's inbound translation is set to it.
   */
  setupMws(size: number): Err {
    const first = this.dev.msi.slots[0].descs("associated")[0];
    if (!first) return kernelError("ENODEV", `${this.dev.bdf} has no MSI descriptor to place the window at`);
    this.base = first.msg.addressLo - (first.msg.addressLo % ADDR_ALIGN);
    this.end = this.base + size;
    this.hw.translation = { base: this.base, size };
    return undefined;
  }

  /** mirrors ntb_msi_set_desc(): the address must fall inside the window. */
  setDesc(desc: MsiDesc): NtbMsiDesc | KernelError {
    const addr = desc.msg.addressLo;
    if (addr < this.base || addr >= this.end) {
      this.p.machine.core.log.warn(
        `ntb_msi: MSI Address not within the memory window (0x${addr.toString(16)} outside 0x${this.base.toString(16)}-0x${(this.end - 1).toString(16)})`,
      );
      return kernelError(
        "EFAULT",
        `the MSI address 0x${addr.toString(16)} is outside the NTB window 0x${this.base.toString(16)}-0x${(this.end - 1).toString(16)}`,
      );
    }
    return { addrOffset: addr - this.base, data: desc.msg.data };
  }

  /**
   * mirrors ntbm_msi_request_threaded_irq(): the first associated descriptor without a handler gets
   * it; one outside the window is given back and the next one tried. `onChange` is ntb_msi_write_msg()'s
   * update of the caller's descriptor.
   */
  requestIrq(name: string, onChange: (d: NtbMsiDesc) => void): { irq: number; desc: NtbMsiDesc } | KernelError {
    const core = this.p.machine.core;
    for (const desc of this.dev.msi.slots[0].descs("associated")) {
      if ((core.descs.desc(desc.irq)?.actions.length ?? 0) > 0) continue;
      const err = requestIrq(core, desc.irq, name, false);
      if (err) return err;
      const d = this.setDesc(desc);
      if ("ok" in d) {
        freeIrq(core, desc.irq, name);
        continue;
      }
      desc.writeMsiMsg = (changed) => this.writeMsg(changed, onChange);
      return { irq: desc.irq, desc: d };
    }
    return kernelError("ENODEV", `${this.dev.bdf} has no MSI vector left without a handler for NTB MSI`);
  }

  /** mirrors ntb_msi_write_msg(): recompute the peer's descriptor (WARN outside the window), then desc_changed. */
  private writeMsg(desc: MsiDesc, onChange: (d: NtbMsiDesc) => void): void {
    const d = this.setDesc(desc);
    if (!("ok" in d)) onChange(d);
    this.descChanged();
  }
}
