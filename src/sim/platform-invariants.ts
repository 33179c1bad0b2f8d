/**
 * Invariants of a whole platform (VECTOR, the VT-d IR unit and every device message store), recounted
 * from scratch after any operation: who owns each IRTE and bitmap bit, that a live IRTE says what the
 * vector domain programmed, and that every store holds the message its domain composes now. Plus the
 * leak check after everything has been given back.
 */
import { ioapicSetupMsgFromMsi } from "../kernel/arch/x86/io-apic-rte";
import { fillMsiMsg, irqMsiComposeMsg } from "../kernel/arch/x86/msi-format";
import { findNextBit } from "../kernel/bitmap";
import {
  decodeIrte,
  encodeIrte,
  IRTE_WORDS,
  irteDest,
  irteDestApicid,
  irteWords,
} from "../kernel/drivers/iommu/intel/irte";
import type { PciDev } from "../kernel/drivers/pci/pci-dev";
import { IRQD } from "../kernel/irq/irqdesc";
import { irqDomainGetIrqData } from "../kernel/irq/irqdomain";
import type { MatrixTraceEvent } from "../kernel/irq/matrix";
import { MSI_DEFAULT_DOMAIN, MSI_SECONDARY_DOMAIN, type MsiDesc } from "../kernel/irq/msi-desc";
import { formatMsiMsg, type MsiMsg, msiMsgEqual, ZERO_MSG } from "../kernel/irq/msi-msg";
import type { Machine, MachineObserver } from "../kernel/machine";
import type { Platform } from "../kernel/platform";
import { type MatrixDrift, NO_DRIFT } from "./invariants";
import { presentDevices } from "./present-devices";
import { checkVectorInvariants } from "./vector-invariants";

/** RTE bits the hardware owns (delivery status, Remote IRR) and the mask bit, which the checks leave aside. */
const RTE_LO_IGNORED = (1 << 12) | (1 << 14) | (1 << 16);
const RTE_MASKED = 1 << 16;

const fmt = (m: MsiMsg): string => formatMsiMsg(m);

/**
 * The two counter drifts the kernel itself has (offline frees, stale `available`), counted from the
 * matrix tracepoints as the Simulator does. Attach the machine once it is booted.
 */
export class DriftTracker {
  private machine: Machine | undefined;
  private offlineFrees = 0;
  private readonly staleCpus = new Set<number>();

  /** The observer to boot with; `log` goes to the caller's log. */
  observer(log?: MachineObserver["log"]): MachineObserver {
    return { trace: (e) => this.event(e), ...(log ? { log } : {}) };
  }

  attach(machine: Machine): void {
    this.machine = machine;
  }

  drift(): MatrixDrift {
    return { offlineFrees: this.offlineFrees, staleCpus: this.staleCpus };
  }

  private event(e: MatrixTraceEvent): void {
    if (!("cpu" in e)) return;
    if (e.name === "irq_matrix_free" && !e.online) this.offlineFrees++;
    const cm = this.machine?.matrix.maps[e.cpu];
    if (
      (e.name === "irq_matrix_reserve_managed" || e.name === "irq_matrix_remove_managed") &&
      !e.online &&
      cm?.initialized
    ) {
      this.staleCpus.add(e.cpu);
    }
  }
}

/** What the outermost store of an irq must hold now: the composed message, or zeros, or either. */
type Expect = { readonly kind: "msg"; readonly msg: MsiMsg } | { readonly kind: "zero" } | { readonly kind: "any" };

/**
 * The message the domain composes for `irq` now: the cached remappable message of its IRTE (with
 * `subhandle`, the IO-APIC pin for an RTE), or the compatibility message of the vector domain's
 * hardware config.
 */
function composed(p: Platform, irq: number, subhandle?: number): MsiMsg | undefined {
  // A parent that composes the message itself (pci-hyperv: the host's answer).
  const override = p.pciMsiParentOverride;
  const level = override ? irqDomainGetIrqData(p.machine.descs, override, irq) : undefined;
  if (override && level && override.ops.composeMsiMsg) return override.ops.composeMsiMsg(override, level);
  const ird = p.iommu?.irqs.get(irq);
  // A guest vIRTE under the Dec 2021 proposal: the device holds the host-valid message the hypercall returned.
  if (ird?.hostMsg) return ird.hostMsg;
  if (ird) return fillMsiMsg(ird.index, subhandle ?? ird.subHandle);
  const a = p.machine.vector.apicd.get(irq);
  const v = p.machine.vector;
  return a ? irqMsiComposeMsg(a.hwVector, v.apicDest(a.hwCpu), v.destOpts).msg : undefined;
}

/** Whether the IRTE of `irq` is present (undefined without an IR level). */
function irtePresentFor(p: Platform, irq: number): boolean | undefined {
  const iommu = p.iommu;
  const ird = iommu?.irqs.get(irq);
  if (!iommu || !ird) return undefined;
  return ((iommu.table[(ird.index + ird.subHandle) * IRTE_WORDS] ?? 0) & 1) === 1;
}

/**
 * What an MSI-domain irq's store must hold. Activated: the composed message (while a deferred move
 * is pending without IR, zeros or the composed message). Not activated: zeros, or (activated early
 * with reserve and never deactivated since) the composed message; with IR exactly when its IRTE is
 * present.
 */
function expectMsi(p: Platform, irq: number, bad: string[], what: string): Expect {
  const desc = p.machine.descs.desc(irq);
  const msg = composed(p, irq);
  if (!desc || !msg) {
    bad.push(`${what}: irq ${irq} has no descriptor or no vector-level data`);
    return { kind: "any" };
  }
  const present = irtePresentFor(p, irq);
  if (desc.has(IRQD.ACTIVATED)) {
    if (present === undefined && desc.has(IRQD.SETAFFINITY_PENDING)) return { kind: "any" };
    return { kind: "msg", msg };
  }
  if (present === true) return { kind: "msg", msg };
  if (present === false) return { kind: "zero" };
  return { kind: "any" };
}

function checkHeld(bad: string[], what: string, held: MsiMsg, exp: Expect, allowed?: MsiMsg): void {
  if (exp.kind === "msg" && !msiMsgEqual(held, exp.msg)) {
    bad.push(`${what} holds ${fmt(held)}, the domain composes ${fmt(exp.msg)}`);
  } else if (exp.kind === "zero" && !msiMsgEqual(held, ZERO_MSG)) {
    bad.push(`${what} holds ${fmt(held)}, a deactivated irq's store holds zeros`);
  } else if (exp.kind === "any" && allowed && !msiMsgEqual(held, ZERO_MSG) && !msiMsgEqual(held, allowed)) {
    bad.push(`${what} holds ${fmt(held)}: neither zeros nor the composed ${fmt(allowed)}`);
  }
}

/** Whether the device may send for this irq: it is started and not masked by the core. */
function irqLive(p: Platform, irq: number): boolean {
  const d = p.machine.descs.desc(irq);
  return !!d && d.has(IRQD.STARTED) && !d.has(IRQD.IRQ_MASKED);
}

/**
 * A descriptor whose irq was never activated (a managed irq parked in shutdown at allocation) was
 * never written: the masked entry keeps what an earlier allocation left there, as in the kernel.
 */
function neverWritten(p: Platform, desc: MsiDesc, masked: boolean): boolean {
  return masked && msiMsgEqual(desc.msg, ZERO_MSG) && !p.machine.descs.desc(desc.irq)?.has(IRQD.ACTIVATED);
}

function checkPciDevice(p: Platform, dev: PciDev, bad: string[]): void {
  const slot = dev.msi.slots[MSI_DEFAULT_DOMAIN];
  const table = dev.msixCap;
  const usedEntries = new Set<number>();
  for (const desc of slot.store.values()) {
    if (!desc.irq) continue;
    if (desc.pci?.isMsix) {
      const what = `${dev.name} MSI-X entry ${desc.msiIndex} (irq ${desc.irq})`;
      const exp = expectMsi(p, desc.irq, bad, what);
      checkHeld(bad, `${what} desc->msg`, desc.msg, exp, composed(p, desc.irq));
      if (table && !desc.pci.isVirtual) {
        usedEntries.add(desc.msiIndex);
        const held = table.storedMessage(desc.msiIndex);
        const masked = table.isEntryMasked(desc.msiIndex);
        if (!msiMsgEqual(held, desc.msg) && !neverWritten(p, desc, masked)) {
          bad.push(`${what} holds ${fmt(held)}, desc->msg is ${fmt(desc.msg)}`);
        }
        if (masked === irqLive(p, desc.irq)) {
          bad.push(`${what} is ${masked ? "masked" : "unmasked"} while the irq is ${masked ? "" : "not "}started`);
        }
      }
    } else if (desc.pci) {
      checkMsiDesc(p, dev, desc, bad);
    }
  }
  if (table) {
    if (dev.msixEnabled !== table.enabled)
      bad.push(`${dev.name}: MSI-X enable bit ${table.enabled}, kernel says ${dev.msixEnabled}`);
    if (dev.msixEnabled && table.functionMasked) bad.push(`${dev.name}: MSI-X enabled with the function still masked`);
    for (let i = 0; i < table.slots; i++) {
      if (!usedEntries.has(i) && !table.isEntryMasked(i))
        bad.push(`${dev.name} MSI-X entry ${i} has no irq but is unmasked`);
    }
  }
  if (dev.msiCap && dev.msiEnabled !== dev.msiCap.enabled) {
    bad.push(`${dev.name}: MSI enable bit ${dev.msiCap.enabled}, kernel says ${dev.msiEnabled}`);
  }
  if (dev.msiEnabled && dev.msixEnabled) bad.push(`${dev.name}: MSI and MSI-X both enabled`);
  const ims = dev.ims;
  for (const desc of dev.msi.slots[MSI_SECONDARY_DOMAIN].store.values()) {
    if (!desc.irq) continue;
    const what = `${dev.name} IMS slot ${desc.msiIndex} (irq ${desc.irq})`;
    if (!p.iommu?.irqs.has(desc.irq)) bad.push(`${what} is not behind the IR unit`);
    const exp = expectMsi(p, desc.irq, bad, what);
    checkHeld(bad, `${what} desc->msg`, desc.msg, exp, composed(p, desc.irq));
    if (!ims) continue;
    if (ims.kind === "ims-device") {
      const held = ims.storedMessage(desc.msiIndex);
      if (!msiMsgEqual(held, desc.msg)) bad.push(`${what} holds ${fmt(held)}, desc->msg is ${fmt(desc.msg)}`);
      const masked = ims.isEntryMasked(desc.msiIndex);
      if (masked === irqLive(p, desc.irq)) {
        bad.push(`${what} is ${masked ? "masked" : "unmasked"} while the irq is ${masked ? "" : "not "}started`);
      }
    } else if (ims.queueIds().includes(desc.msiIndex)) {
      // irq_bus_sync_unlock() commits after each request/free: whatever is left in the shadow changes nothing.
      const live = ims.live(desc.msiIndex);
      const shadow = ims.shadow(desc.msiIndex);
      if (!msiMsgEqual(live.msg, shadow.msg) || live.masked !== shadow.masked) {
        bad.push(`${what}: the queue context holds ${fmt(live.msg)}, an uncommitted shadow ${fmt(shadow.msg)}`);
      }
      if (!msiMsgEqual(live.msg, desc.msg)) bad.push(`${what} holds ${fmt(live.msg)}, desc->msg is ${fmt(desc.msg)}`);
      if (live.masked === irqLive(p, desc.irq)) {
        bad.push(
          `${what} is ${live.masked ? "masked" : "unmasked"} while the irq is ${live.masked ? "" : "not "}started`,
        );
      }
    } else if (!msiMsgEqual(desc.msg, ZERO_MSG)) {
      bad.push(`${what} has no queue context but desc->msg is ${fmt(desc.msg)}`);
    }
  }
}

/** Multi-MSI: one descriptor, the capability holds the first irq's message and MME = log2 of the block. */
function checkMsiDesc(p: Platform, dev: PciDev, desc: MsiDesc, bad: string[]): void {
  const cap = dev.msiCap;
  const what = `${dev.name} MSI (irq ${desc.irq}, ${desc.nvecUsed} vector${desc.nvecUsed === 1 ? "" : "s"})`;
  const exp = expectMsi(p, desc.irq, bad, what);
  checkHeld(bad, `${what} desc->msg`, desc.msg, exp, composed(p, desc.irq));
  if (!cap) return;
  const held = cap.storedMessage(0);
  if (!msiMsgEqual(held, desc.msg) && !neverWritten(p, desc, true))
    bad.push(`${what}: the capability holds ${fmt(held)}, desc->msg is ${fmt(desc.msg)}`);
  const multiple = desc.pci?.multiple ?? 0;
  if (cap.multipleEnable !== multiple) bad.push(`${what}: MME ${cap.multipleEnable}, msi_attrib.multiple ${multiple}`);
  if (1 << multiple < desc.nvecUsed) bad.push(`${what}: MME ${multiple} covers fewer than ${desc.nvecUsed} vectors`);
  if (desc.nvecUsed > 1 && !p.iommu) bad.push(`${what}: multi-MSI without interrupt remapping`);
  if (!cap.maskable) return;
  for (let v = 0; v < desc.nvecUsed; v++) {
    const masked = cap.isMasked(v);
    if (masked === irqLive(p, desc.irq + v)) {
      bad.push(
        `${what} vector ${v} is ${masked ? "masked" : "unmasked"} while irq ${desc.irq + v} is ${masked ? "" : "not "}started`,
      );
    }
  }
}

/** The IO-APIC: each mapped pin's RTE is the composed message turned into an RTE (mask aside), or masked zeros. */
function checkIoApic(p: Platform, bad: string[]): void {
  const hw = p.ioapic.hw;
  const pins = new Set<number>();
  for (const [irq, pin] of p.ioapic.pins) {
    pins.add(pin.pin);
    const desc = p.machine.descs.desc(irq);
    const rte = hw.readRte(pin.pin);
    const what = `IO-APIC pin ${pin.pin} (irq ${irq})`;
    const msg = composed(p, irq, pin.pin);
    if (!desc || !msg) {
      bad.push(`${what} has no descriptor or no vector-level data`);
      continue;
    }
    const lo = rte.lo & ~RTE_LO_IGNORED;
    if (desc.has(IRQD.ACTIVATED)) {
      if (!p.iommu && desc.has(IRQD.SETAFFINITY_PENDING)) continue;
      const want = ioapicSetupMsgFromMsi(msg, { level: pin.level, activeLow: pin.activeLow, masked: false });
      if (lo !== want.lo || rte.hi !== want.hi) {
        bad.push(
          `${what}: RTE ${rte.hi.toString(16)}:${rte.lo.toString(16)}, the domain composes ${want.hi.toString(16)}:${want.lo.toString(16)} (${fmt(msg)})`,
        );
      }
      if (((rte.lo & RTE_MASKED) !== 0) === irqLive(p, irq)) {
        bad.push(
          `${what} is ${rte.lo & RTE_MASKED ? "masked" : "unmasked"} while the irq is ${irqLive(p, irq) ? "" : "not "}started`,
        );
      }
    } else if (lo !== 0 || rte.hi !== 0 || (rte.lo & RTE_MASKED) === 0) {
      bad.push(
        `${what} is not activated but its RTE is ${rte.hi.toString(16)}:${rte.lo.toString(16)} (not masked zeros)`,
      );
    }
  }
  for (let pin = 0; pin < hw.slots; pin++) {
    if (!pins.has(pin) && (hw.readRte(pin).lo & RTE_MASKED) === 0)
      bad.push(`IO-APIC pin ${pin} has no irq but is unmasked`);
  }
}

/** HPET route registers and the DMAR fault-event message. */
function checkPlatformMsi(p: Platform, bad: string[]): void {
  for (const h of presentDevices(p).hpets) {
    for (const [timer, irq] of h.irqs) {
      const desc = h.domain.msiDesc(irq);
      const d = p.machine.descs.desc(irq);
      const what = `${h.name} timer ${timer} (irq ${irq})`;
      const msg = composed(p, irq);
      if (!desc || !d || !msg) {
        bad.push(`${what} has no MSI descriptor`);
        continue;
      }
      checkHeld(bad, `${what} desc->msg`, desc.msg, d.has(IRQD.ACTIVATED) ? { kind: "msg", msg } : { kind: "zero" });
      const held = h.hw.storedMessage(timer);
      if (held.addressLo !== desc.msg.addressLo || held.data !== desc.msg.data) {
        bad.push(`${what}: the FSB route holds ${fmt(held)}, desc->msg is ${fmt(desc.msg)}`);
      }
    }
  }
  const dmar = p.dmarMsi;
  if (!dmar) return;
  for (const irq of dmar.irqs()) {
    const desc = dmar.msiDesc(irq);
    if (!desc) {
      bad.push(`DMAR irq ${irq} has no MSI descriptor`);
      continue;
    }
    const a = p.machine.vector.apicd.get(irq);
    const d = p.machine.descs.desc(irq);
    if (!a || !d) {
      bad.push(`DMAR irq ${irq} has no vector-level data`);
      continue;
    }
    if (p.iommu?.irqs.has(irq)) bad.push(`DMAR irq ${irq} is remapped; the fault interrupt never is`);
    const v = p.machine.vector;
    const msg = irqMsiComposeMsg(a.hwVector, v.apicDest(a.hwCpu), { dmar: true, ...v.destOpts }).msg;
    checkHeld(
      bad,
      `DMAR irq ${irq} message`,
      desc.msg,
      d.has(IRQD.ACTIVATED) ? { kind: "msg", msg } : { kind: "zero" },
    );
  }
}

/** The IR unit: IRTE ownership, bitmap accounting, and that a live IRTE says what VECTOR programmed. */
function checkIr(p: Platform, bad: string[]): void {
  const iommu = p.iommu;
  if (!iommu) return;
  const { descs, vector } = p.machine;
  const x2apic = iommu.config.x2apic;
  /** IRTE index → owning irq; block start → its size. */
  const owner = new Map<number, number>();
  const blocks = new Map<number, number>();
  for (const [irq, ird] of iommu.irqs) {
    const desc = descs.desc(irq);
    if (!desc || !irqDomainGetIrqData(descs, iommu.domain, irq)) {
      bad.push(`IRTE ${ird.index}+${ird.subHandle} belongs to irq ${irq}, which has no INTEL-IR level`);
    }
    const idx = ird.index + ird.subHandle;
    const other = owner.get(idx);
    if (other !== undefined) bad.push(`IRTE ${idx} is owned by irq ${other} and irq ${irq}`);
    owner.set(idx, irq);
    const size = 1 << ird.mask;
    if (ird.index % size !== 0) bad.push(`irq ${irq}: IRTE block ${ird.index} is not aligned to its ${size} entries`);
    if (ird.subHandle >= size) bad.push(`irq ${irq}: subhandle ${ird.subHandle} outside its block of ${size}`);
    if (ird.subHandle === 0) blocks.set(ird.index, size);
    else if (
      blocks.get(ird.index) === undefined &&
      ![...iommu.irqs.values()].some((o) => o.index === ird.index && o.subHandle === 0)
    ) {
      bad.push(`irq ${irq}: block ${ird.index} has no owner at subhandle 0`);
    }
    if (!iommu.bitmap.isUsed(idx)) bad.push(`irq ${irq} owns IRTE ${idx}, which the bitmap says is free`);
    const pin = p.ioapic.pins.get(irq)?.pin;
    const want = fillMsiMsg(ird.index, pin ?? ird.subHandle);
    if (!msiMsgEqual(ird.msg, want))
      bad.push(`irq ${irq}: cached IR message ${fmt(ird.msg)}, fill_msi_msg gives ${fmt(want)}`);
    const a = vector.apicd.get(irq);
    if (!desc || !a) continue;
    const present = ((iommu.table[idx * IRTE_WORDS] ?? 0) & 1) === 1;
    if (desc.has(IRQD.ACTIVATED) && !present) bad.push(`activated irq ${irq} has a non-present IRTE ${idx}`);
    if (!present) {
      if (irteWords(iommu.table, idx).some((w) => w !== 0))
        bad.push(`IRTE ${idx} of irq ${irq} is not present but not zeroed`);
      continue;
    }
    // Early activation with reserve (msi_init_virq()) leaves ACTIVATED clear but the IRTE written.
    if (!desc.has(IRQD.ACTIVATED) && !desc.has(IRQD.CAN_RESERVE) && !a.canReserve && !a.isManaged) {
      bad.push(`irq ${irq} is not activated and neither reservable nor managed, yet IRTE ${idx} is present`);
    }
    const irte = decodeIrte(iommu.table, idx);
    // A posted IRTE (KVM's irq bypass) names a vCPU's descriptor and a guest vector, not VECTOR's choice.
    if (ird.posted) {
      if (irte.pst !== 1 || irte.vector !== ird.posted.vector)
        bad.push(`IRTE ${idx} of irq ${irq} should post vector ${ird.posted.vector} but is not that posted entry`);
      continue;
    }
    if (irte.pst === 1) bad.push(`IRTE ${idx} of irq ${irq} is posted but KVM posts nothing for it`);
    const dest = irteDest(p.machine.vector.apicDest(a.hwCpu), x2apic);
    if (irte.vector !== a.hwVector || irte.destId !== dest) {
      bad.push(
        `IRTE ${idx} of irq ${irq} points at vector ${irte.vector} dest 0x${irte.destId.toString(16)}, VECTOR programmed ${a.hwVector}@CPU ${a.hwCpu} (dest 0x${dest.toString(16)})`,
      );
    }
    // Once activated, apic_update_irq_cfg() sets the effective affinity to the CPU intel_ir_reconfigure_irte()
    // writes into the IRTE: decoded with its dst_mode (flat logical: CPU n is bit n), the IRTE names that CPU.
    // (A reserved, not yet activated irq keeps its reservation target while the user's affinity is stored.)
    const irteCpu = vector.cpuOfDest(irteDestApicid(irte, x2apic), irte.dstMode === 1);
    const effective = desc.effective.first();
    const logical = vector.destOpts.destModeLogical ? 1 : 0;
    if (irte.dstMode !== logical || (desc.has(IRQD.ACTIVATED) && irteCpu !== effective)) {
      const mode = irte.dstMode === 1 ? "logical" : "physical";
      bad.push(
        `IRTE ${idx} of irq ${irq} sends to CPU ${irteCpu} (${mode} dest 0x${irte.destId.toString(16)}), the irq's effective affinity is CPU ${effective}`,
      );
    }
    const cached = encodeIrte(ird.irte);
    if (irteWords(iommu.table, idx).some((w, i) => w !== cached[i]))
      bad.push(`IRTE ${idx} of irq ${irq} differs from its cached image`);
  }
  let expectedUsed = 0;
  for (const size of blocks.values()) expectedUsed += size;
  if (iommu.bitmap.used !== expectedUsed) {
    bad.push(`the IRTE bitmap counts ${iommu.bitmap.used} used entries, allocated irqs reserve ${expectedUsed}`);
  }
  const bits = iommu.bitmap.bits;
  for (let i = findNextBit(bits, iommu.entries, 0); i < iommu.entries; i = findNextBit(bits, iommu.entries, i + 1)) {
    let covered = false;
    for (const [start, size] of blocks) if (i >= start && i < start + size) covered = true;
    if (!covered) bad.push(`IRTE bitmap bit ${i} is set but no allocated irq's block covers it`);
  }
  const t = iommu.table;
  const stride = IRTE_WORDS;
  for (let w = 0; w < t.length; w += stride) {
    if (((t[w] ?? 0) & 1) === 0) continue;
    const idx = w / stride;
    if (!owner.has(idx)) bad.push(`IRTE ${idx} is present but no allocated irq owns it`);
  }
}

/** Every invariant of the platform; empty when all hold. `drift` is what the kernel's matrix counters drifted by. */
export function checkPlatformInvariants(p: Platform, drift: MatrixDrift = NO_DRIFT): string[] {
  const bad = checkVectorInvariants(p.machine, drift);
  checkIr(p, bad);
  for (const dev of presentDevices(p).pci) checkPciDevice(p, dev, bad);
  checkIoApic(p, bad);
  checkPlatformMsi(p, bad);
  return bad;
}

/** What "nothing left" is compared against: taken right after boot (and the boot-time users). */
export interface PlatformSnapshot {
  readonly descCount: number;
  readonly presentIrtes: readonly number[];
  readonly usedIrtes: readonly number[];
  readonly globalReserved: number;
  readonly totalAllocated: number;
  readonly globalAvailable: number;
  readonly managed: readonly number[];
  readonly managedAllocated: number;
}

function presentIrtes(p: Platform): number[] {
  const out: number[] = [];
  const t = p.iommu?.table;
  if (!t) return out;
  const stride = IRTE_WORDS;
  for (let w = 0; w < t.length; w += stride) if (((t[w] ?? 0) & 1) === 1) out.push(w / stride);
  return out;
}

function usedIrtes(p: Platform): number[] {
  const out: number[] = [];
  const iommu = p.iommu;
  if (!iommu) return out;
  const bits = iommu.bitmap.bits;
  for (let i = findNextBit(bits, iommu.entries, 0); i < iommu.entries; i = findNextBit(bits, iommu.entries, i + 1)) {
    out.push(i);
  }
  return out;
}

export function snapshotPlatform(p: Platform): PlatformSnapshot {
  const m = p.machine.matrix;
  return {
    descCount: p.machine.descs.count,
    presentIrtes: presentIrtes(p),
    usedIrtes: usedIrtes(p),
    globalReserved: m.globalReserved,
    totalAllocated: m.totalAllocated,
    globalAvailable: m.globalAvailable,
    managed: m.maps.map((cm) => cm.managed),
    managedAllocated: m.maps.reduce((n, cm) => n + cm.managedAllocated, 0),
  };
}

/**
 * After every handler, vector and IMS slot was given back (and the CPUs are online again): no IRTE
 * present or reserved beyond the boot ones, as many descriptors as at boot, the matrix counters back
 * (total_allocated off by the kernel's own offline-free drift). Returns the differences.
 */
export function checkNothingLeft(p: Platform, boot: PlatformSnapshot, drift: MatrixDrift = NO_DRIFT): string[] {
  const now = snapshotPlatform(p);
  const bad: string[] = [];
  const same = (what: string, a: unknown, b: unknown): void => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    if (x !== y) bad.push(`${what}: ${x} at boot, ${y} now`);
  };
  same("present IRTEs", boot.presentIrtes, now.presentIrtes);
  same("reserved IRTEs", boot.usedIrtes, now.usedIrtes);
  same("irq descriptors", boot.descCount, now.descCount);
  same("global_reserved", boot.globalReserved, now.globalReserved);
  same("total_allocated", boot.totalAllocated + drift.offlineFrees, now.totalAllocated);
  same("managed reservations per CPU", boot.managed, now.managed);
  same("managed vectors allocated", boot.managedAllocated, now.managedAllocated);
  if (drift.staleCpus.size === 0) same("global_available", boot.globalAvailable, now.globalAvailable);
  for (const dev of presentDevices(p).pci) {
    for (const slot of dev.msi.slots) {
      if (slot.store.size > 0) bad.push(`${dev.name} still has ${slot.store.size} MSI descriptors`);
    }
  }
  return bad;
}
