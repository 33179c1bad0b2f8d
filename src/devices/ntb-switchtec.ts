/**
 * A Switchtec NTB port with `switchtec`, `ntb_hw_switchtec` and `ntb_transport`: hardware plus virtual
 * MSI-X vectors, NTB MSI over the peer's memory window, one NTB-MSI irq per queue pair, and the peer
 * host that holds each queue pair's {offset, data} (store "peer").
 */
import * as v from "valibot";
import type { DeviceDriver, HeldCopy } from "../kernel/drivers/driver";
import { freeDriverVectors } from "../kernel/drivers/driver";
import { SwitchtecNtbHw, switchtecNtbInitDbMsgIrq } from "../kernel/drivers/ntb/hw/mscc/ntb_hw_switchtec";
import { NtbMsi } from "../kernel/drivers/ntb/msi";
import { NtbTransport } from "../kernel/drivers/ntb/ntb_transport";
import { PciDev } from "../kernel/drivers/pci/pci-dev";
import { switchtecInitIsr } from "../kernel/drivers/pci/switch/switchtec";
import type { Err } from "../kernel/irq/irqdomain";
import type { Platform } from "../kernel/platform";
import { int, pciIdentity, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";
import { NtbPeerHost } from "./ntb-peer-host";
import { bar2MsixTable } from "./pci-msix";
import { pciOf } from "./qemu-function";

/** The handler names the three drivers request (what remove frees). */
const NAMES = new Set(["switchtec", "switchtec_ntb_doorbell", "switchtec_ntb_message", "ntb_transport"]);

interface NtbOptions {
  readonly nirqs: number;
  readonly qps: number;
  readonly windowBytes: number;
}

function ntbStack(p: Platform, dev: PciDev, o: NtbOptions): DeviceDriver {
  let hw = new SwitchtecNtbHw();
  let transport = new NtbTransport(p, hw, o.qps);
  let peer = new NtbPeerHost(hw, o.qps);
  const qpOf = (irq: number) => transport.qps.findIndex((q) => q?.irq === irq);
  return {
    name: "switchtec",
    probe(): Err {
      hw = new SwitchtecNtbHw();
      transport = new NtbTransport(p, hw, o.qps);
      peer = new NtbPeerHost(hw, o.qps);
      const n = switchtecInitIsr(p, dev, o.nirqs);
      if (typeof n !== "number") return n;
      const err = switchtecNtbInitDbMsgIrq(p, dev);
      if (err) return err;
      // ntb_msi_init() + ntb_msi_setup_mws() at link up, then ntb_transport_setup_qp_msi() per queue pair.
      const msi = new NtbMsi(p, dev, hw, () => transport.descChanged(msi));
      const mw = msi.setupMws(o.windowBytes);
      if (mw) return mw;
      for (let q = 0; q < o.qps; q++) transport.setupQpMsi(msi, q);
      peer.linkUp();
      return undefined;
    },
    remove(): Err {
      // The NTB-MSI write hooks go with ntb_transport; then every irq and the vectors.
      for (const desc of dev.msi.slots[0].descs()) desc.writeMsiMsg = undefined;
      return freeDriverVectors(p, dev, NAMES);
    },
    irqOf: (store, index) => (store === "peer" ? transport.irqOf(index) : undefined),
    heldCopy(irq, store): HeldCopy | undefined {
      if (store !== "peer") return undefined;
      const q = qpOf(irq);
      const msg = q >= 0 ? peer.trigger(q) : undefined;
      const desc = dev.msi.slots[0].descs("associated").find((d) => d.irq === irq);
      if (!msg || !desc) return undefined;
      const t = hw.translation;
      const via = t ? `the NTB window at 0x${t.base.toString(16)}` : undefined;
      const held = peer.copies.get(q);
      return {
        who: `the NTB peer host (queue pair ${q})`,
        msg,
        current: desc.msg,
        via,
        ...(held
          ? {
              held: [
                { what: "offset in the window", value: `0x${held.addrOffset.toString(16)}` },
                { what: "data", value: `0x${held.data.toString(16)}` },
              ],
            }
          : {}),
        resendPending: peer.resendPending(),
      };
    },
    tick: () => peer.tick(),
  };
}

export const ntbSwitchtec = deviceModule({
  schema: strict({
    model: v.literal("ntb-switchtec"),
    ...pciIdentity,
    nirqs: v.optional(int(4, 2048), 32),
    hw_vectors: v.optional(int(1, 2048), 4),
    qps: v.optional(int(1, 2047), 1),
    window_kib: v.optional(int(4, 4096), 32),
  }),
  ui: { what: "Switchtec NTB port (switchtec + ntb_hw_switchtec + ntb_transport) and its peer host" },
  bus: "pci",
  check: (d) => {
    if (d.hw_vectors > d.nirqs)
      return { key: "hw_vectors", message: `${d.hw_vectors} is more than nirqs (${d.nirqs})` };
    if (d.qps > d.nirqs - d.hw_vectors) {
      return {
        key: "qps",
        message: `${d.qps} queue pairs need more vectors than nirqs - hw_vectors (${d.nirqs - d.hw_vectors})`,
      };
    }
    return undefined;
  },
  build: (p, d) => p.attachPciFunction(new PciDev(d.name, d.bdf, undefined, bar2MsixTable(d.hw_vectors), undefined)),
  bind: (p, hw, d) => ({
    device: d.name,
    virtio: undefined,
    driver: ntbStack(p, pciOf(hw), { nirqs: d.nirqs, qps: d.qps, windowBytes: d.window_kib * 1024 }),
  }),
});
