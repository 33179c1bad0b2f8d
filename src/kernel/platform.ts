/**
 * A whole x86 interrupt platform on top of the booted CPUs and VECTOR domain: the optional VT-d IR
 * unit with its DMAR-MSI fault irq, the MSI parents (or the ≤ 6.1 global PCI/MSI domain), the
 * IO-APIC with the ISA irqs taken over from the PIC, the HPET blocks and the devices.
 */

import { type BoardFirmware, GENERIC_FIRMWARE, Q35_FIRMWARE } from "../hw/board-firmware";
import { Hpet } from "../hw/hpet";
import { ImsDeviceArray } from "../hw/ims-device-array";
import { ImsQueueStore } from "../hw/ims-queue-store";
import { IoApic } from "../hw/ioapic";
import { MsiCapability } from "../hw/msi-capability";
import { MsixTable } from "../hw/msix-table";
import { hpetCreateIrqDomain } from "./arch/x86/hpet";
import { IoApicDomain, type PinConfig } from "./arch/x86/io-apic";
import { dmarMsiParentOps, MsiParents, VECTOR_MSI_PARENT_OPS } from "./arch/x86/msi";
import { ISA_IRQ_VECTOR_BASE, kernelAtLeast, NR_LEGACY_IRQS, systemVectorsOf } from "./arch/x86/vector";
import { type BoundDriver, bindDriver, bindTransportAndProbe, qemuMsixLayout } from "./drivers/bind";
import { dmarAllocHwirq, dmarCreateMsiDomain } from "./drivers/iommu/dmar-msi";
import { IntelIommu } from "./drivers/iommu/intel/irq-remapping";
import { createGlobalPciMsiDomain, type PciMsiPlatform } from "./drivers/pci/msi/irqdomain";
import { PciDev } from "./drivers/pci/pci-dev";
import { type KernelError, kernelError } from "./errno";
import { q35Boot } from "./init/q35";
import { IRQD } from "./irq/irqdesc";
import type { IrqDomain } from "./irq/irqdomain";
import { requestIrq } from "./irq/manage";
import type { MsiDomain } from "./irq/msi-domain";
import { bootMachine, kconfigOf, type Machine, type MachineConfig, type MachineObserver, smpInit } from "./machine";

/** The devices a machine can carry (scenario-format.md, v1 models). */
export type DeviceConfig =
  | {
      readonly model: "pci-msi";
      readonly name: string;
      readonly bdf: string;
      readonly vectors: number;
      readonly maskable: boolean;
      readonly addr64: boolean;
    }
  | { readonly model: "pci-msix"; readonly name: string; readonly bdf: string; readonly tableSize: number }
  | {
      readonly model: "ims-dev";
      readonly name: string;
      readonly bdf: string;
      readonly tableSize: number;
      readonly imsSize: number;
      readonly imsKind: "device" | "system";
    }
  | { readonly model: LegacyModel; readonly name: string; readonly gsi: number }
  | { readonly model: "hpet"; readonly name: string; readonly timers: number }
  | DriverDeviceConfig;

/** Devices that sit on an IO-APIC pin. */
export type LegacyModel = "serial" | "rtc" | "acpi-sci" | "i8042";

/** PCI functions QEMU emulates, each with its Linux driver (probed at boot, or when hot-added). */
export type DriverDeviceConfig =
  | { readonly model: "nvme"; readonly name: string; readonly bdf: string; readonly maxIoqpairs: number }
  | { readonly model: "e1000e"; readonly name: string; readonly bdf: string }
  | { readonly model: "virtio-net"; readonly name: string; readonly bdf: string; readonly queuePairs: number }
  | { readonly model: "virtio-blk"; readonly name: string; readonly bdf: string; readonly numQueues: number }
  | { readonly model: "virtio-rng"; readonly name: string; readonly bdf: string };

export const DRIVER_MODELS = ["nvme", "e1000e", "virtio-net", "virtio-blk", "virtio-rng"] as const;

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
}

/** A legacy (IO-APIC pin) device. */
export interface LegacyDevice {
  readonly name: string;
  readonly model: LegacyModel;
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
  /** Device name → the driver bound to it (the emulated PCI functions). */
  readonly drivers = new Map<string, BoundDriver>();
  /** Instance numbers drivers hand out: nvmeN, ethN, virtioN. */
  private readonly instances = { nvme: 0, eth: 0, virtio: 0 };
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
    this.imsSupported = config.ir && perDevice && (config.scheme === "new" || !kernelAtLeast(config.kernel, 6, 10));
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
      if (perDevice) this.parents.set(this.iommu.domain, dmarMsiParentOps(this.imsSupported));
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

  /** The next instance number of a kind (nvme0, eth0, virtio0…). */
  nextInstance(kind: "nvme" | "eth" | "virtio"): number {
    return this.instances[kind]++;
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
    timer.actions.push({ name: "timer", shared: false });
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

  /** device_add: a PCI function, a legacy pin user or an HPET block. */
  addDevice(d: DeviceConfig): KernelError | undefined {
    if (this.pci.has(d.name) || this.legacy.has(d.name) || this.hpets.has(d.name)) {
      return kernelError("EEXIST", `a device named "${d.name}" already exists`);
    }
    switch (d.model) {
      case "pci-msi":
      case "pci-msix":
      case "ims-dev":
        return this.addPciDevice(d);
      case "serial":
      case "rtc":
      case "acpi-sci":
        return this.addLegacyDevice(d);
      case "hpet":
        return this.addHpet(d.name, d.timers);
      case "i8042":
        return this.addLegacyDevice(d);
      case "nvme":
      case "e1000e":
      case "virtio-net":
      case "virtio-blk":
      case "virtio-rng":
        return this.addDriverDevice(d);
    }
  }

  /** An emulated PCI function and its driver; after boot (hot-add) the driver probes at once. */
  private addDriverDevice(d: DriverDeviceConfig): KernelError | undefined {
    const dev = new PciDev(d.name, d.bdf, undefined, new MsixTable(qemuMsixLayout(d)), undefined);
    dev.intxPin = 0;
    // QEMU's ACPI tables give PCI devices no proximity domain.
    dev.node = -1;
    const err = this.addPciFunction(dev);
    if (err) return err;
    const bound = bindDriver(this, dev, d);
    this.drivers.set(d.name, bound);
    return this.booted ? bindTransportAndProbe(this, bound) : undefined;
  }

  /** A new function on the bus: its BDF free, its MSI parent (or ≤ 6.1 global domain) set. */
  private addPciFunction(dev: PciDev): KernelError | undefined {
    for (const other of this.pci.values()) {
      if (other.bdf === dev.bdf) return kernelError("EEXIST", `${dev.bdf} is already used by "${other.name}"`);
    }
    // intel_irq_remap_add_device(): devices behind the IR unit get it as their MSI parent.
    if (kernelAtLeast(this.config.kernel, 6, 2)) dev.msiParent = this.iommu?.domain ?? this.machine.vector.domain;
    dev.globalDomain = this.globalPciMsi;
    this.pci.set(dev.name, dev);
    return undefined;
  }

  private addPciDevice(d: Extract<DeviceConfig, { bdf: string }>): KernelError | undefined {
    const msiCap =
      d.model === "pci-msi"
        ? new MsiCapability({ vectorsLog2: Math.log2(d.vectors), addr64: d.addr64, maskable: d.maskable })
        : undefined;
    const msix =
      d.model === "pci-msix" || d.model === "ims-dev"
        ? new MsixTable({ size: d.tableSize, tableBir: 2, tableOffset: 0x2000, pbaBir: 2, pbaOffset: 0x3000 })
        : undefined;
    const ims =
      d.model === "ims-dev"
        ? d.imsKind === "system"
          ? new ImsQueueStore()
          : new ImsDeviceArray({ size: d.imsSize })
        : undefined;
    const dev = new PciDev(d.name, d.bdf, msiCap, msix, ims);
    dev.imsChipName = d.model === "ims-dev" && d.imsKind === "system" ? "QUEUE-IMS" : "DEV-IMS";
    return this.addPciFunction(dev);
  }

  private addLegacyDevice(d: Extract<DeviceConfig, { gsi: number }>): KernelError | undefined {
    const shareable = d.model === "acpi-sci" || d.model === "i8042";
    for (const other of this.legacy.values()) {
      if (other.gsi === d.gsi && !(shareable && other.shareable)) {
        return kernelError("EBUSY", `GSI ${d.gsi} is already used by "${other.name}" and the line is not shareable`);
      }
    }
    if (d.gsi < 0 || d.gsi >= this.ioapic.hw.slots)
      return kernelError("EINVAL", `GSI ${d.gsi} is not a pin of IO-APIC 0`);
    const wiring: PinConfig = { level: d.model === "acpi-sci", activeLow: false };
    const pin = d.gsi < 16 ? isaIrqToPin(d.gsi) : d.gsi;
    const irq = this.ioapic.mapPin(pin, d.gsi, wiring, d.gsi < 16);
    if (typeof irq !== "number") return irq;
    this.legacy.set(d.name, { name: d.name, model: d.model, gsi: d.gsi, irq, shareable });
    return undefined;
  }

  private addHpet(name: string, timers: number): KernelError | undefined {
    if (this.hpets.size > 0) return kernelError("EBUSY", "the model has one HPET block");
    const hw = new Hpet({ id: 0, timers, fsbCapable: Array.from({ length: timers }, (_, i) => i) });
    // hpet_create_irq_domain(): remapped only when the DMAR scope lists this HPET.
    const remapped = this.iommu !== undefined && this.firmware.hpetScope.has(hw.id);
    const parent = remapped && this.iommu ? this.iommu.domain : this.machine.vector.domain;
    const domain = hpetCreateIrqDomain(this.machine.core, hw, parent, remapped);
    this.hpets.set(name, { name, hw, domain, irqs: new Map() });
    return undefined;
  }

  /** Every irq domain of the platform, parents before children (for views). */
  domains(): IrqDomain[] {
    const out = [this.machine.vector.domain];
    if (this.iommu) out.push(this.iommu.domain);
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
