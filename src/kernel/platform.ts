/**
 * A whole x86 interrupt platform on top of the booted CPUs and VECTOR domain: the optional VT-d IR
 * unit with its DMAR-MSI fault irq, the MSI parents (or the ≤ 6.1 global PCI/MSI domain), the
 * IO-APIC with the ISA irqs taken over from the PIC, the HPET blocks and the devices.
 */

import { moduleOf } from "../devices/registry";
import { type BoardFirmware, GENERIC_FIRMWARE, Q35_FIRMWARE } from "../hw/board-firmware";
import { Hpet } from "../hw/hpet";
import { IoApic } from "../hw/ioapic";
import type { DeviceSpec } from "../scenario/schema";
import { hpetCreateIrqDomain } from "./arch/x86/hpet";
import { bareMetalSink, type InterruptSink } from "./arch/x86/interrupt-fabric";
import { IoApicDomain, type PinConfig } from "./arch/x86/io-apic";
import { dmarMsiParentOps, MsiParents, VECTOR_MSI_PARENT_OPS } from "./arch/x86/msi";
import { ISA_IRQ_VECTOR_BASE, kernelAtLeast, NR_LEGACY_IRQS, systemVectorsOf } from "./arch/x86/vector";
import { type BoundDriver, bindTransportAndProbe, unbindDriver } from "./drivers/bound-driver";
import { dmarAllocHwirq, dmarCreateMsiDomain } from "./drivers/iommu/dmar-msi";
import { IntelIommu } from "./drivers/iommu/intel/irq-remapping";
import { createGlobalPciMsiDomain, type PciMsiPlatform } from "./drivers/pci/msi/irqdomain";
import type { PciDev } from "./drivers/pci/pci-dev";
import { pciReleaseFunction } from "./drivers/pci/remove";
import { type KernelError, kernelError } from "./errno";
import { q35Boot } from "./init/q35";
import { IRQD } from "./irq/irqdesc";
import type { IrqDomain } from "./irq/irqdomain";
import { freeIrq, requestIrq } from "./irq/manage";
import type { MsiDomain } from "./irq/msi-domain";
import { bootMachine, kconfigOf, type Machine, type MachineConfig, type MachineObserver, smpInit } from "./machine";

/** A device of the machine as the scenario gives it (its model's schema output, defaults filled in). */
export type DeviceConfig = DeviceSpec;

/** How an IO-APIC line user is wired, and whether its driver requests the line with IRQF_SHARED. */
export interface LineRule {
  readonly level: boolean;
  readonly shareable: boolean;
}

/** What a device is to the platform once built: a PCI function, an IO-APIC line user, an HPET block. */
export type DeviceHw =
  | { readonly kind: "pci"; readonly dev: PciDev }
  | { readonly kind: "line"; readonly line: LegacyDevice }
  | { readonly kind: "hpet"; readonly block: HpetBlock };

/** A device present on the platform: its spec, its hardware, the driver bound to it. */
export interface PlatformDevice {
  readonly spec: DeviceSpec;
  readonly hw: DeviceHw;
  readonly driver: BoundDriver | undefined;
}

type InstanceKind = "nvme" | "eth" | "virtio";

export interface PlatformConfig extends MachineConfig {
  /**
   * "q35": Linux booting on QEMU q35 — its _PRT routes INTx, its DMAR lists no HPET, and the legacy
   * drivers request their lines and the PCI drivers probe in the kernel's initcall order.
   * "generic": the devices are only added; the scenario's steps do the rest.
   */
  readonly board?: "generic" | "q35";
  /** A VT-d unit with interrupt remapping (host) or a vIOMMU with vIR (guest). */
  readonly ir: boolean;
  /** x2APIC with EIM; xAPIC otherwise. */
  readonly x2apic: boolean;
  /** "new": the Dec 2021 proposal (IMS behind IR even where upstream removed it); "old": upstream as released. */
  readonly scheme: "old" | "new";
  readonly devices: readonly DeviceConfig[];
  /** IRTE table size; 65,536 on real hardware (smaller only to show a full table quickly). */
  readonly irteEntries?: number;
  /**
   * A guest's IR is a vIOMMU: IMS is offered only when the guest's IR domain advertises it (opt-in:
   * the Dec 2021 proposal granted, or an old guest that cannot tell it is one).
   */
  readonly vir?: { readonly imsAdvertised: boolean };
  /** A host whose PCI functions are assigned to a guest: vfio-pci binds them, no native driver probes. */
  readonly vfioOwned?: boolean;
}

/** A legacy (IO-APIC pin) device. */
export interface LegacyDevice {
  readonly name: string;
  readonly model: string;
  readonly gsi: number;
  readonly irq: number;
  readonly shareable: boolean;
}

export interface HpetBlock {
  readonly name: string;
  readonly hw: Hpet;
  readonly domain: MsiDomain;
  /** timer → irq, once assigned. */
  readonly irqs: Map<number, number>;
}

/** ISA irq → IO-APIC pin: q35's MADT routes the PIT (irq 0) to pin 2; the rest are identity. */
export function isaIrqToPin(irq: number): number {
  return irq === 0 ? 2 : irq;
}

export class Platform {
  readonly parents = new MsiParents();
  readonly iommu: IntelIommu | undefined;
  readonly dmarMsi: MsiDomain | undefined;
  readonly ioapic: IoApicDomain;
  readonly globalPciMsi: MsiDomain | undefined;
  readonly pci = new Map<string, PciDev>();
  readonly legacy = new Map<string, LegacyDevice>();
  readonly hpets = new Map<string, HpetBlock>();
  /** Whether the IR parent offers IMS (6.2–6.9, or the proposal under the new scheme). */
  readonly imsSupported: boolean;
  /** Every device present, by name, in the order added. */
  readonly devices = new Map<string, PlatformDevice>();
  /** Device name → the driver bound to it (the emulated PCI functions). */
  readonly drivers = new Map<string, BoundDriver>();
  /** Instance numbers drivers hold: nvmeN, ethN, virtioN. */
  private readonly instances = { nvme: new Set<number>(), eth: new Set<number>(), virtio: new Set<number>() };
  /** Where written messages go (bare metal: the IR unit or the compat decode, then the CPU). */
  readonly sink: InterruptSink;
  /** A PCI MSI parent other than VECTOR or IR (a Hyper-V guest's pci-hyperv): set before devices attach. */
  pciMsiParentOverride: IrqDomain | undefined;
  /** Set once the boot is over: devices added later are hot-plugged and probed at once. */
  private booted = false;
  /** What the board's ACPI tables say about interrupts. */
  readonly firmware: BoardFirmware;

  constructor(
    readonly machine: Machine,
    readonly config: PlatformConfig,
  ) {
    const { core, vector } = machine;
    this.firmware = config.board === "q35" ? Q35_FIRMWARE : GENERIC_FIRMWARE;
    const perDevice = kernelAtLeast(config.kernel, 6, 2);
    // mirrors system_supports_ims() reading the IR parent's advertised MSI_FLAG_PCI_IMS (opt-in).
    this.imsSupported = config.vir
      ? config.ir && perDevice && config.vir.imsAdvertised
      : config.ir && perDevice && (config.scheme === "new" || !kernelAtLeast(config.kernel, 6, 10));
    if (perDevice) this.parents.set(vector.domain, VECTOR_MSI_PARENT_OPS);
    if (config.ir) {
      this.iommu = new IntelIommu(
        {
          seqId: 0,
          x2apic: config.x2apic,
          maxHandleMask: 0xf,
          ioapicScope: this.firmware.ioapicScope,
          hpetScope: this.firmware.hpetScope,
          busTokenSuffix: perDevice,
          entries: config.irteEntries,
        },
        vector,
        core.log,
      );
      // An old-scheme guest never asked: its refusal is bare metal's (the kernel it runs); a new one asked and was refused.
      const virRefusal =
        config.vir && config.scheme !== "old"
          ? "the guest's vIOMMU does not advertise IMS (system_supports_ims() is opt-in: the Dec 2021 proposal was not granted)"
          : undefined;
      if (perDevice) this.parents.set(this.iommu.domain, dmarMsiParentOps(this.imsSupported, virRefusal));
      this.dmarMsi = dmarCreateMsiDomain(core, vector);
    }
    const irDomain = this.iommu?.domain;
    if (!perDevice) {
      this.globalPciMsi = createGlobalPciMsiDomain(
        this.pciMsiPlatform(),
        irDomain ?? vector.domain,
        irDomain ? 0 : undefined,
      );
    }
    // mirrors apic_bsp_setup() on the boot CPU alone: before v6.2 irq_remap_enable_fault_handling()
    // requests the DMAR fault irq here (so it stays on CPU 0), then setup_IO_APIC().
    const earlyFaultIrq = !kernelAtLeast(config.kernel, 6, 2);
    if (earlyFaultIrq) this.dmarSetInterrupt();
    this.sink = bareMetalSink(machine, this.iommu);
    this.ioapic = new IoApicDomain(new IoApic({ id: 0, pins: 24 }), irDomain ?? vector.domain, !!irDomain, core);
    this.takeOverIsaIrqs();
    smpInit(machine);
    // From v6.2 init_dmars() requests it (on q35, in its initcall order).
    if (config.board !== "q35" && !earlyFaultIrq) this.dmarSetInterrupt();
    for (const d of config.devices) {
      const err = this.addDevice(d);
      if (err) throw new RangeError(err.reason);
    }
    if (config.board === "q35") {
      const err = q35Boot(this);
      if (err) throw new RangeError(err.reason);
    } else {
      for (const d of this.drivers.values()) {
        const err = bindTransportAndProbe(this, d);
        if (err) throw new RangeError(`${d.device}: ${d.driver.name} probe failed: ${err.reason}`);
      }
    }
    this.booted = true;
  }

  /** mirrors dmar_set_interrupt(): the IR unit's fault irq, requested when the IOMMU initialises. */
  dmarSetInterrupt(): void {
    if (!this.iommu || !this.dmarMsi) return;
    const irq = dmarAllocHwirq(this.dmarMsi, 0);
    if (typeof irq === "number") requestIrq(this.machine.core, irq, "dmar0", false);
  }

  /** mirrors ida_alloc() (and dev_alloc_name() for ethN): the lowest instance number of a kind not in use. */
  nextInstance(kind: InstanceKind): number {
    const used = this.instances[kind];
    let n = 0;
    while (used.has(n)) n++;
    used.add(n);
    return n;
  }

  /** mirrors ida_free(): the number is free for the next device of that kind. */
  releaseInstance(kind: InstanceKind, n: number): void {
    this.instances[kind].delete(n);
  }

  /** What the PCI/MSI code needs. */
  pciMsiPlatform(): PciMsiPlatform {
    const m = this.machine;
    return { core: m.core, vector: m.vector, parents: this.parents, kernel: m.config.kernel };
  }

  /**
   * mirrors setup_IO_APIC() for the ISA irqs: each (but the cascade, irq 2) moves from the PIC to its
   * pin; the timer, already running, keeps vector 0x30 on CPU 0, the others go back to reservation.
   */
  private takeOverIsaIrqs(): void {
    const descs = this.machine.descs;
    const timer = descs.desc(0);
    if (!timer) return;
    // init_IRQ(): on CPU 0, ISA_IRQ_VECTOR(irq) names each legacy irq; the takeover below clears all
    // of them but the running timer's (vector_configure_legacy()).
    const cpu0 = this.machine.vector.vectorIrq[0];
    if (cpu0) for (let irq = 0; irq < NR_LEGACY_IRQS; irq++) cpu0[ISA_IRQ_VECTOR_BASE + irq] = irq;
    // The timer runs since boot: setup_default_timer_irq() requested it IRQF_NOBALANCING | IRQF_TIMER.
    timer.set(IRQD.ACTIVATED | IRQD.STARTED | IRQD.NO_BALANCING);
    timer.clear(IRQD.IRQ_DISABLED | IRQD.IRQ_MASKED);
    timer.depth = 0;
    timer.addAction({ name: "timer", shared: false });
    const levelIrqs = this.firmware.levelIsaIrqs;
    // setup_IO_APIC_irqs() walks the pins in order: pin 1 (irq 1) before pin 2 (irq 0).
    for (let pin = 1; pin < 16; pin++) {
      const irq = pin === 2 ? 0 : pin;
      this.ioapic.mapPin(pin, irq, { level: levelIrqs.includes(irq), activeLow: false }, true);
    }
    // irq 2, the cascade, stays on the 8259 (chip XT-PIC, no domain).
    const cascade = descs.desc(2);
    if (cascade) {
      cascade.legacyChip = "XT-PIC";
      cascade.handler = "handle_level_irq";
      cascade.set(IRQD.LEVEL);
    }
    this.ioapic.configure(0);
  }

  /** device_add: the model builds and attaches its hardware; its driver binds (and, after boot, probes). */
  addDevice(spec: DeviceSpec): KernelError | undefined {
    if (this.devices.has(spec.name)) return kernelError("EEXIST", `a device named "${spec.name}" already exists`);
    const model = moduleOf(spec.model);
    if (!model) return kernelError("ENODEV", `no device model "${spec.model}"`);
    const hw = model.build(this, spec);
    if ("errno" in hw) return hw;
    // vfio-pci claims an assigned function: its native driver never binds on the host.
    const driver = this.config.vfioOwned ? undefined : model.bind?.(this, hw, spec);
    this.devices.set(spec.name, { spec, hw, driver });
    if (!driver) return undefined;
    this.drivers.set(spec.name, driver);
    if (!this.booted) return undefined;
    const err = bindTransportAndProbe(this, driver);
    if (!err) return undefined;
    // mirrors really_probe(): a failed probe leaves the device on the bus without a driver; the
    // driver's error path gave back what probe took.
    unbindDriver(this, driver);
    this.drivers.delete(spec.name);
    this.devices.set(spec.name, { spec, hw, driver: undefined });
    return err;
  }

  /**
   * device_remove: mirrors pci_stop_and_remove_bus_device() for a PCI function (the driver's remove,
   * then whatever the function still holds), free_irq() of a line user's handlers; a device Linux
   * cannot remove is refused with the reason.
   */
  removeDevice(name: string): KernelError | undefined {
    const d = this.devices.get(name);
    if (!d) return kernelError("ENODEV", `no device named "${name}"`);
    const fixed = moduleOf(d.spec.model)?.fixed;
    if (fixed) return kernelError("EINVAL", `${name} cannot be removed: ${fixed}`);
    const err = d.driver ? unbindDriver(this, d.driver) : undefined;
    if (err) return kernelError(err.errno, `${name}: ${d.driver?.driver.name} remove failed: ${err.reason}`);
    this.drivers.delete(name);
    const hw = d.hw;
    if (hw.kind === "pci") {
      const left = pciReleaseFunction(this.pciMsiPlatform(), hw.dev);
      if (left) return left;
      this.pci.delete(name);
    } else if (hw.kind === "line") {
      // The handlers the line's driver requested (the steps or the q35 boot requested them for it).
      const core = this.machine.core;
      const desc = core.descs.desc(hw.line.irq);
      while (desc && desc.actions.length > 0) freeIrq(core, hw.line.irq, undefined);
      this.legacy.delete(name);
    }
    this.devices.delete(name);
    return undefined;
  }

  /** A new function on the bus: its BDF free, its MSI parent (or ≤ 6.1 global domain) set. */
  attachPciFunction(dev: PciDev): DeviceHw | KernelError {
    for (const other of this.pci.values()) {
      if (other.bdf === dev.bdf) return kernelError("EEXIST", `${dev.bdf} is already used by "${other.name}"`);
    }
    // intel_irq_remap_add_device(): devices behind the IR unit get it as their MSI parent.
    if (kernelAtLeast(this.config.kernel, 6, 2))
      dev.msiParent = this.pciMsiParentOverride ?? this.iommu?.domain ?? this.machine.vector.domain;
    dev.globalDomain = this.globalPciMsi;
    this.pci.set(dev.name, dev);
    return { kind: "pci", dev };
  }

  /** A device on IO-APIC input `gsi`: shared only when every user's driver shares it (IRQF_SHARED). */
  attachLine(name: string, model: string, gsi: number, rule: LineRule): DeviceHw | KernelError {
    for (const other of this.legacy.values()) {
      if (other.gsi === gsi && !(rule.shareable && other.shareable)) {
        return kernelError("EBUSY", `GSI ${gsi} is already used by "${other.name}" and the line is not shareable`);
      }
    }
    if (gsi < 0 || gsi >= this.ioapic.hw.slots) return kernelError("EINVAL", `GSI ${gsi} is not a pin of IO-APIC 0`);
    const wiring: PinConfig = { level: rule.level, activeLow: false };
    const pin = gsi < 16 ? isaIrqToPin(gsi) : gsi;
    const irq = this.ioapic.mapPin(pin, gsi, wiring, gsi < 16);
    if (typeof irq !== "number") return irq;
    const line = { name, model, gsi, irq, shareable: rule.shareable };
    this.legacy.set(name, line);
    return { kind: "line", line };
  }

  /** An HPET block with FSB-capable timers; remapped only when the DMAR scope lists it. */
  attachHpet(name: string, timers: number): DeviceHw | KernelError {
    if (this.hpets.size > 0) return kernelError("EBUSY", "the model has one HPET block");
    const hw = new Hpet({ id: 0, timers, fsbCapable: Array.from({ length: timers }, (_, i) => i) });
    // hpet_create_irq_domain(): remapped only when the DMAR scope lists this HPET.
    const remapped = this.iommu !== undefined && this.firmware.hpetScope.has(hw.id);
    const parent = remapped && this.iommu ? this.iommu.domain : this.machine.vector.domain;
    const domain = hpetCreateIrqDomain(this.machine.core, hw, parent, remapped);
    const block = { name, hw, domain, irqs: new Map<number, number>() };
    this.hpets.set(name, block);
    return { kind: "hpet", block };
  }

  /** Every irq domain of the platform, parents before children (for views). */
  domains(): IrqDomain[] {
    const out = [this.machine.vector.domain];
    if (this.iommu) out.push(this.iommu.domain);
    if (this.pciMsiParentOverride) out.push(this.pciMsiParentOverride);
    if (this.dmarMsi) out.push(this.dmarMsi.domain);
    out.push(this.ioapic.domain);
    for (const h of this.hpets.values()) out.push(h.domain.domain);
    if (this.globalPciMsi) out.push(this.globalPciMsi.domain);
    for (const dev of this.pci.values()) {
      for (const slot of dev.msi.slots) if (slot.domain) out.push(slot.domain.domain);
    }
    return out;
  }
}

/** Boots the CPUs and VECTOR domain, then the platform on top. */
export function bootPlatform(config: PlatformConfig, observer: MachineObserver = {}): Platform {
  const systemVectors =
    config.systemVectors ?? systemVectorsOf(config.kernel, config.board ?? "generic", kconfigOf(config));
  return new Platform(bootMachine({ ...config, systemVectors }, observer, "later"), config);
}
