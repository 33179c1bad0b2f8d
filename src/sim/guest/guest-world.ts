/**
 * A guest and the host it runs on (issue #17): two kernels of the same model code, with the VMM
 * (QEMU with VFIO: every guest PCI function assigned) and KVM between them. The guest boots on the
 * old scheme, then negotiates the Dec 2021 proposal. After every guest step QEMU looks at what the
 * guest wrote into the stores it traps; under the proposal the vIRTE hypercall does the host's part
 * during the step itself.
 */
import { moduleOf } from "../../devices/registry";
import { HV_MSI_PARENT_OPS } from "../../kernel/arch/x86/msi";
import { HvPciMsiParent } from "../../kernel/drivers/pci/controller/pci-hyperv";
import type { PciDev } from "../../kernel/drivers/pci/pci-dev";
import { type IrqBypass, VfioPciIntrs } from "../../kernel/drivers/vfio/pci/vfio_pci_intrs";
import { type KernelError, kernelError } from "../../kernel/errno";
import type { MachineObserver } from "../../kernel/machine";
import { bootPlatform, type Platform } from "../../kernel/platform";
import { Kvm } from "../../kernel/virt/kvm/kvm";
import { installVirHypercall } from "../../kernel/virt/vir-hypercall";
import { negotiateScheme, type SchemeOutcome } from "../../kernel/virt/vir-negotiation";
import { type DeviceSpec, type HostSpec, hostOf, kernelConfigOf, type Scenario } from "../../scenario/schema";
import { HyperV } from "../../vmm/hyperv/hypervisor";
import { syncIms } from "../../vmm/qemu/vfio-ims";
import { releaseStore, syncMsi, syncMsix } from "../../vmm/qemu/vfio-pci";
import { backingKey, type GuestBacking, type VirtEvent, type VmmContext } from "../../vmm/vmm-context";
import { locateIrq } from "../irq-source";
import { platformConfigOf } from "../machine-config";

const worlds = new WeakMap<Platform, GuestWorld>();

/** The guest world a guest platform belongs to (undefined on bare metal). */
export function guestWorldOf(p: Platform): GuestWorld | undefined {
  return worlds.get(p);
}

export class GuestWorld implements VmmContext {
  readonly backs = new Map<string, GuestBacking>();
  readonly vfioDevices = new Map<string, VfioPciIntrs>();
  readonly kvm: Kvm;
  /** Events since the last drain (a step's), and every event ever (boot included) for the views. */
  private pending: VirtEvent[] = [];
  private stepSilent: string | undefined;
  /** Told of each event as it happens (the session's event log). */
  onEvent: ((e: VirtEvent) => void) | undefined;
  guest!: Platform;
  /** Hyper-V instead of KVM: the hypervisor's interrupt entries. */
  hyperv: HyperV | undefined;
  /** What the boot did on the VMM side: the negotiation, the traps of the drivers' probes. */
  bootEvents: readonly VirtEvent[] = [];

  constructor(
    readonly host: Platform,
    readonly hostSpec: HostSpec,
    readonly scheme: SchemeOutcome,
    guestCpus: number,
    guestMachineOf: () => Platform,
  ) {
    const posting = hostSpec.hypervisor === "kvm" && hostSpec.ir === "on" && hostSpec.posted;
    // The guest machine exists only once booted; KVM needs its vCPUs' APIC ids through it.
    this.kvm = new Kvm(
      guestCpus,
      (dest, logical) => guestMachineOf().machine.vector.cpuOfDest(dest, logical),
      host.machine.core,
      hostSpec.cpus,
      posting,
    );
  }

  vfio(device: string): VfioPciIntrs | undefined {
    return this.vfioDevices.get(device);
  }

  emit(e: VirtEvent): void {
    this.pending.push(e);
    this.onEvent?.(e);
  }

  flagSilent(reason: string): void {
    this.stepSilent ??= reason;
  }

  /** The events and the silent failure of the step that just ran. */
  drain(): { events: VirtEvent[]; silent: string | undefined } {
    const out = { events: this.pending, silent: this.stepSilent };
    this.pending = [];
    this.stepSilent = undefined;
    return out;
  }

  /** VFIO claims a function on the host (vfio-pci bound; the irq bypass producer wired to KVM's consumer). */
  assign(device: string): void {
    if (this.hostSpec.hypervisor === "hyperv") return;
    const hw = this.host.devices.get(device)?.hw;
    if (hw?.kind !== "pci") return;
    const bypass: IrqBypass = {
      register: (trigger, hostIrq) => {
        const irqfd = this.kvm.irqfds.byEventfd.get(trigger.id);
        const route = irqfd ? this.kvm.routing.routes.get(irqfd.gsi) : undefined;
        const err = this.kvm.irqfds.connectProducer(trigger, hostIrq, route, this.kvm.singleVcpu);
        const posted = irqfd?.postedVcpu;
        if (err)
          this.emit({ kind: "posted", device, text: `kvm: irq bypass for host irq ${hostIrq} failed: ${err.reason}` });
        else if (posted !== undefined)
          this.emit({
            kind: "posted",
            device,
            text: `kvm: irq bypass: host irq ${hostIrq}'s IRTE posts to vCPU ${posted} (irq_set_vcpu_affinity)`,
          });
      },
      unregister: (trigger) => this.kvm.irqfds.disconnectProducer(trigger),
    };
    const legacyVfio = this.hostSpec.vfio === "legacy";
    this.vfioDevices.set(device, new VfioPciIntrs(this.host, hw.dev, bypass, !legacyVfio));
  }

  /** VFIO lets a function go (device_remove in the guest: QEMU unplugs it, the host frees its vectors). */
  unassign(device: string): void {
    const vfio = this.vfioDevices.get(device);
    for (const store of ["ims", "msix", "msi"] as const) releaseStore(this, device, store, vfio);
    this.vfioDevices.delete(device);
  }

  /** Whether the scheme lets QEMU trap a store (the Dec 2021 proposal maps MSI-X and IMS through). */
  get granted(): boolean {
    return this.scheme.granted;
  }

  /** After a guest step: what QEMU's traps saw, store by store. */
  sync(): void {
    if (this.hostSpec.hypervisor === "hyperv") return;
    for (const [name, vfio] of this.vfioDevices) {
      const dev = this.guestPci(name);
      if (!dev) continue;
      if (this.granted) continue;
      syncMsix(this, dev, vfio, !vfio.hasDynMsix);
      syncMsi(this, dev, vfio);
      syncIms(this, dev, vfio, imsTrapped(this.guest, name));
    }
  }

  /** The backing of a guest irq (its device slot's), if any. */
  backingOf(irq: number): GuestBacking | undefined {
    const src = locateIrq(this.guest, irq);
    if (!src || (src.store !== "msi" && src.store !== "msix" && src.store !== "ims")) return undefined;
    return this.backs.get(backingKey(src.device, src.store, src.slot));
  }

  /** `backed`: a host interrupt (its eventfd and KVM route, or a posted IRTE) stands behind the guest irq. */
  isBacked(irq: number): boolean {
    if (this.hyperv) return this.hyperv.byIrq.has(irq);
    const b = this.backingOf(irq);
    return b !== undefined && b.vfio !== undefined && b.route !== undefined && b.silent === undefined;
  }

  /** Why the guest irq can never arrive although the guest kernel said success, if that is so. */
  silentOf(irq: number): string | undefined {
    return this.backingOf(irq)?.silent;
  }

  /** device_add in the guest: QEMU hot-plugs an assigned function (vfio-pci on the host), the guest probes it. */
  hotplug(spec: DeviceSpec): KernelError | undefined {
    if (!isPci(spec.model)) return this.guest.addDevice(spec);
    const onHost = this.host.addDevice(spec);
    if (onHost) return kernelError(onHost.errno, `the host cannot take ${spec.name}: ${onHost.reason}`);
    this.assign(spec.name);
    const err = this.guest.addDevice(spec);
    if (err) {
      this.unassign(spec.name);
      this.host.removeDevice(spec.name);
    }
    return err;
  }

  /** device_remove in the guest: the guest's driver lets go, then QEMU unplugs it and VFIO frees the host side. */
  unplug(name: string): KernelError | undefined {
    const err = this.guest.removeDevice(name);
    if (err || !this.vfioDevices.has(name)) return err;
    this.unassign(name);
    return this.host.removeDevice(name);
  }

  guestPci(name: string): PciDev | undefined {
    const hw = this.guest.devices.get(name)?.hw;
    return hw?.kind === "pci" ? hw.dev : undefined;
  }
}

/** The device option `ims_trapped`: true for idxd (its IMS array is emulatable), false otherwise. */
export function imsTrapped(guest: Platform, device: string): boolean {
  const spec = guest.devices.get(device)?.spec;
  if (!spec) return false;
  const given = "ims_trapped" in spec ? spec.ims_trapped : undefined;
  return typeof given === "boolean" ? given : spec.model === "idxd";
}

const isPci = (model: string) => moduleOf(model)?.bus === "pci";

/**
 * Boots the host, negotiates the scheme, boots the guest and assigns its PCI functions; returns the
 * guest platform (the one the script runs on), or why the pair cannot be built.
 */
export function bootGuestWorld(s: Scenario, observer: MachineObserver): Platform | string {
  const m = s.machine;
  const hostSpec = hostOf(m);
  const assigned = m.devices.filter((d) => isPci(d.model));
  let host: Platform;
  try {
    host = bootPlatform(
      {
        cpus: hostSpec.cpus,
        kernel: hostSpec.kernel,
        legacyPic: true,
        ir: hostSpec.ir === "on",
        x2apic: hostSpec.cpus > 255,
        kconfig: kernelConfigOf(m.kconfig),
        scheme: m.scheme,
        board: "generic",
        devices: assigned,
        vfioOwned: true,
      },
      {},
    );
  } catch (e) {
    return `machine.host: ${e instanceof Error ? e.message : String(e)}`;
  }
  const scheme = negotiateScheme(m, hostSpec);
  let guest: Platform | undefined;
  const world = new GuestWorld(host, hostSpec, scheme, m.cpus, () => {
    if (!guest) throw new Error("guest not booted");
    return guest;
  });
  try {
    guest = bootPlatform(
      {
        ...platformConfigOf(m),
        // The guest runs the scheme negotiated at boot; its PCI functions are the host's, assigned by VFIO.
        scheme: scheme.guestScheme,
        devices: m.devices.filter((d) => !isPci(d.model)),
        vir: { imsAdvertised: scheme.imsAdvertised },
      },
      observer,
    );
  } catch (e) {
    return `machine.devices: ${e instanceof Error ? e.message : String(e)}`;
  }
  world.guest = guest;
  worlds.set(guest, world);
  for (const line of scheme.events) world.emit({ kind: "negotiation", text: line });
  if (scheme.granted && guest.iommu) installVirHypercall(world, guest.iommu);
  if (hostSpec.hypervisor === "hyperv") {
    // pci-hyperv becomes the MSI parent of every assigned function; the hypervisor answers it.
    const parent = new HvPciMsiParent(guest.machine.vector);
    const g = guest;
    world.hyperv = new HyperV(
      (e) => world.emit(e),
      (irq) => locateIrq(g, irq)?.device,
    );
    parent.host = world.hyperv;
    guest.parents.set(parent.domain, HV_MSI_PARENT_OPS);
    guest.pciMsiParentOverride = parent.domain;
  }
  // The assigned functions appear on the guest's bus; their drivers probe as the guest boots.
  for (const d of assigned) {
    world.assign(d.name);
    const err = guest.addDevice(d);
    if (err) return `machine.devices: ${d.name}: ${err.reason}`;
  }
  world.sync();
  world.bootEvents = world.drain().events;
  return guest;
}
