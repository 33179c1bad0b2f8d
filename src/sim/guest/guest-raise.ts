/**
 * raise on a guest interrupt: the assigned device writes the message it really holds (the host's in
 * its physical table when QEMU traps the guest's, the guest's own where the store is mapped or not
 * trapped), the host's IR unit translates it, and it reaches the guest through the host irq, its
 * eventfd and the KVM route, or straight through a posted IRTE. Counted on the guest vCPU it lands on.
 */
import { commonInterrupt, type Delivery } from "../../kernel/arch/x86/irq";
import { decodeMsiMsg } from "../../kernel/arch/x86/msi-format";
import { irRemapMessage } from "../../kernel/drivers/iommu/intel/remap-msi";
import { formatMsiMsg, type MsiMsg } from "../../kernel/irq/msi-msg";
import { kvmSetMsiIrq } from "../../kernel/virt/kvm/irq-routing";
import type { GuestBacking } from "../../vmm/vmm-context";
import { locateIrq } from "../irq-source";
import type { OpResult } from "../platform-ops";
import { raiseIrqFromDevice } from "../platform-ops";
import type { GuestWorld } from "./guest-world";
import { imsTrapped } from "./guest-world";

const hex = (v: number) => `0x${v.toString(16)}`;

/** The guest vCPU receives `vector` (kvm_apic_set_irq() → the guest's common_interrupt()). */
function intoGuest(w: GuestWorld, irq: number, vcpu: number, vector: number, path: string[]): OpResult {
  const d: Delivery = commonInterrupt(w.guest.machine, vcpu, vector);
  const where = `vCPU ${vcpu} vector ${hex(vector)}`;
  if (d.kind !== "handled") {
    const why = d.kind === "lost" ? d.why : "masked";
    return { ok: true, summary: `${path.join(" -> ")} -> ${where}: lost: ${why}`, silent: why, delivery: d };
  }
  const got = w.guest.machine.vector.vectorIrq[vcpu]?.[vector];
  if (got !== undefined && got >= 0 && got !== irq) {
    return {
      ok: true,
      summary: `${path.join(" -> ")} -> ${where}: guest irq ${got}, not irq ${irq}`,
      silent: `misdelivered to guest irq ${got}`,
      delivery: d,
    };
  }
  return { ok: true, summary: `${path.join(" -> ")} -> ${where}: handled (guest irq ${irq})`, delivery: d };
}

/** Which message the physical device writes for this guest slot, and from which store. */
function deviceWrite(
  w: GuestWorld,
  b: GuestBacking | undefined,
  trapped: boolean,
): { msg: MsiMsg; what: string } | { why: string } {
  if (!trapped) return { why: "" };
  if (!b?.vfio)
    return {
      why: b?.silent ?? "no host interrupt backs it: the guest never unmasked the entry, or the host could not back it",
    };
  const hs = locateIrq(w.host, b.vfio.hostIrq);
  if (!hs?.hw)
    return hs?.desc
      ? { msg: hs.desc.msg, what: `host ${b.vfio.index}[${hs.slot}]` }
      : { why: `host irq ${b.vfio.hostIrq} has no store` };
  const e = hs.hw.emit(hs.slot);
  if (!e.sent) return { why: `the host's entry did not send: ${e.reason}` };
  return { msg: e.msg, what: `host ${hs.store}[${hs.slot}]` };
}

/** Hyper-V: the device writes the message the hypervisor chose; its own remapping names the VP and vector. */
function raiseHyperV(w: GuestWorld, irq: number): OpResult {
  const src = locateIrq(w.guest, irq);
  const hv = w.hyperv;
  if (!hv || !src?.pci || !src.hw) return raiseIrqFromDevice(w.guest, irq);
  const e = src.hw.emit(src.slot);
  if (!e.sent) return { ok: true, summary: `not sent: ${e.reason}` };
  const path = [`${src.device} ${src.store}[${src.slot}] wrote ${formatMsiMsg(e.msg)}`];
  const d = hv.deliver(e.msg, src.pci.devid);
  if (!d.ok) return { ok: true, summary: `${path[0]} -> Hyper-V: ${d.why}`, silent: d.why };
  path.push(`Hyper-V interrupt entry ${d.entry.index} (HVCALL_MAP_DEVICE_INTERRUPT)`);
  return intoGuest(w, irq, d.entry.vcpu, d.entry.vector, path);
}

export function raiseGuestIrq(w: GuestWorld, irq: number): OpResult {
  if (w.hyperv) return raiseHyperV(w, irq);
  const src = locateIrq(w.guest, irq);
  const vfio = src ? w.vfio(src.device) : undefined;
  if (!src?.pci || !vfio || (src.store !== "msi" && src.store !== "msix" && src.store !== "ims")) {
    // An emulated device (QEMU's IO-APIC, HPET, the vIOMMU's fault irq): QEMU delivers it inside the guest.
    return raiseIrqFromDevice(w.guest, irq);
  }
  if (!src.hw) return { ok: false, errno: "EINVAL", reason: `guest irq ${irq} has no store` };
  const key = `${src.device}/${src.store}/${src.slot}`;
  const b = w.backs.get(key);
  // The guest's own entry first: its mask holds the interrupt back (QEMU sets the pending bit when it emulates it).
  const guestEmit = src.hw.emit(src.slot);
  if (!guestEmit.sent) return { ok: true, summary: `not sent: ${guestEmit.reason}` };
  const mapped = w.granted && src.store !== "msi";
  const trapped = !mapped && (src.store !== "ims" || (!w.granted && imsTrapped(w.guest, src.device)));
  const dw = trapped
    ? deviceWrite(w, b, true)
    : { msg: guestEmit.msg, what: `${src.store}[${src.slot}] as the guest wrote it` };
  const head = `${src.device} ${src.store}[${src.slot}]`;
  if ("why" in dw) return { ok: true, summary: `${head}: not delivered: ${dw.why}`, silent: dw.why };
  const hostDev = vfio.dev;
  const path = [`${head} (${dw.what}) wrote ${formatMsiMsg(dw.msg)}`];
  const unit = w.host.iommu;
  let hostCpu: number;
  let hostVector: number;
  if (unit) {
    const t = irRemapMessage(unit, dw.msg, hostDev.devid, w.host.machine.core.log);
    if (t.kind === "fault") {
      const why = `host IR fault 0x${t.code.toString(16)} (${t.name}): ${t.reason}`;
      return { ok: true, summary: `${path.join(" -> ")} -> ${why}`, silent: why };
    }
    if (t.kind === "posted") {
      const vcpu = w.kvm.vcpus.vcpuOfPiDesc(t.descriptorAddress);
      path.push(`host IRTE ${t.index} posted (descriptor ${hex(t.descriptorAddress)})`);
      if (vcpu === undefined)
        return { ok: true, summary: `${path.join(" -> ")}: no vCPU owns that descriptor`, silent: "posted to no vCPU" };
      return intoGuest(w, irq, vcpu, t.vector, path);
    }
    hostCpu = w.host.machine.vector.cpuOfDest(t.destApicid, t.destModeLogical);
    hostVector = t.vector;
    if (t.kind === "remapped") path.push(`host IRTE ${t.index}`);
  } else {
    const m = decodeMsiMsg(dw.msg);
    if (m.format !== "compat") {
      const why = "a remappable-format message on a host without interrupt remapping";
      return { ok: true, summary: `${path.join(" -> ")} -> ${why}`, silent: why };
    }
    hostCpu = w.host.machine.vector.cpuOfDest(m.destId, m.destModeLogical);
    hostVector = m.vector;
  }
  const hd = commonInterrupt(w.host.machine, hostCpu, hostVector);
  if (hd.kind !== "handled") {
    const why = `on the host: ${hd.kind === "lost" ? hd.why : "masked"}`;
    return {
      ok: true,
      summary: `${path.join(" -> ")} -> host CPU ${hostCpu} vector ${hex(hostVector)}: ${why}`,
      silent: why,
    };
  }
  const hostIrq = w.host.machine.vector.vectorIrq[hostCpu]?.[hostVector] ?? -1;
  const owner = [...w.backs.values()].find((x) => x.vfio?.hostIrq === hostIrq && x.vfio.trigger !== undefined);
  const hostName = w.host.machine.descs.desc(hostIrq)?.actions[0]?.name ?? "no handler";
  path.push(`host CPU ${hostCpu} vector ${hex(hostVector)} (host irq ${hostIrq} "${hostName}")`);
  if (!owner?.eventfd || !owner.route) {
    const why = `it landed on host irq ${hostIrq} ("${hostName}"), which no guest interrupt owns: the address/data pair means nothing for this guest on the host`;
    return { ok: true, summary: `${path.join(" -> ")}: ${why}`, silent: why };
  }
  path.push(`eventfd ${owner.eventfd.id}`, `KVM gsi ${owner.route.gsi}`);
  const t = kvmSetMsiIrq(owner.route.msg, false);
  if (!t.ok) return { ok: true, summary: `${path.join(" -> ")}: ${t.why}`, silent: t.why };
  return intoGuest(w, irq, w.kvm.vcpuOfDest(t.destId, t.logical), t.vector, path);
}
