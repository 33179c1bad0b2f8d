/**
 * Every row of schemes.md for a guest, under the old scheme and under the Dec 2021 proposal, run
 * through the scenario runner with both kernels' invariants checked after every step.
 */
import { describe, expect, test } from "vitest";
import { decodeMsiMsg } from "../../kernel/arch/x86/msi-format";
import { writeIrte } from "../../kernel/drivers/iommu/intel/irte";
import { checkPlatformInvariants, DriftTracker } from "../platform-invariants";
import { type OpResult, resolveIrq } from "../platform-ops";
import { checkGuestRoutes } from "./guest-invariants";
import { guestFile, runGuest } from "./guest-test-kit";

const nic = { name: "nic0", model: "pci-msix", bdf: "0000:02:00.0", table_size: 8 };
const okOf = (s: { result: OpResult }) => s.result.ok;
const silentOf = (r: OpResult) => (r.ok ? r.silent : undefined);
const OLD = { scheme: "old", ir: "off" };
const NEW = { scheme: "new", ir: "on", hypervisor_grants_new_scheme: true };

describe("negotiation", () => {
  test.each([
    ["old guest never asks", { scheme: "old", ir: "on" }, false, /never asks/],
    ["new guest with vIR, granted", NEW, true, /grants; both switch/],
    ["new guest, hypervisor rejects", { ...NEW, hypervisor_grants_new_scheme: false }, false, /rejects/],
    ["new guest without vIR", { scheme: "new", ir: "off" }, false, /no vIOMMU/],
  ] as const)("%s", (_name, machine, granted, line) => {
    const r = runGuest(guestFile({ ...machine, devices: [nic] }, []));
    expect(r.world.granted).toBe(granted);
    expect(r.world.bootEvents.map((e) => e.text).join("\n")).toMatch(line);
    expect(r.bad).toEqual([]);
  });

  test("a host without IR cannot grant: both stay old", () => {
    const r = runGuest(guestFile({ ...NEW, host: { cpus: 8, ir: "off" }, devices: [nic] }, []));
    expect(r.world.granted).toBe(false);
    expect(r.world.scheme.summary).toMatch(/no interrupt remapping/);
  });
});

describe("allocate and activate", () => {
  test("old: the guest composes a compat message with its own APIC id; the host backs it only when unmasked", () => {
    const r = runGuest(
      guestFile({ ...OLD, devices: [nic] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 2, max: 2 },
        { op: "expect", device: "nic0", index: 0, backed: false },
        { op: "request_irq", device: "nic0", index: 0 },
        { op: "expect", device: "nic0", index: 0, backed: true },
        { op: "expect", device: "nic0", index: 1, backed: false },
        { op: "raise", device: "nic0", index: 0, expect: { delivered: true } },
      ]),
    );
    expect(r.bad).toEqual([]);
    expect(r.steps.flatMap((s) => s.failedExpectations)).toEqual([]);
    const msg = r.guest.devices.get("nic0")?.hw;
    const table = msg?.kind === "pci" ? msg.dev.msixCap : undefined;
    expect(table && decodeMsiMsg(table.storedMessage(0)).format).toBe("compat");
    expect(r.steps[2]?.virt?.map((e) => e.text).join("\n")).toMatch(/vfio_msix_vector_do_use/);
  });

  test("new: the vIRTE update is the hypercall; the device holds the host's message", () => {
    const r = runGuest(
      guestFile({ ...NEW, devices: [nic] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 2, max: 2 },
        { op: "request_irq", device: "nic0", index: 0 },
        { op: "expect", device: "nic0", index: 0, backed: true, silent: false },
        { op: "raise", device: "nic0", index: 0, expect: { delivered: true } },
      ]),
    );
    expect(r.bad).toEqual([]);
    expect(r.steps.flatMap((s) => s.failedExpectations)).toEqual([]);
    expect(r.steps[0]?.virt?.some((e) => e.kind === "hypercall")).toBe(true);
    const b = r.world.backs.get("nic0/msix/0");
    const hw = r.guest.devices.get("nic0")?.hw;
    const stored = hw?.kind === "pci" ? hw.dev.msixCap?.storedMessage(0) : undefined;
    expect(stored).toEqual(b?.hostMsg);
    // The host IRTE the message names belongs to the host irq that backs the guest's.
    const hostIrte = b?.vfio ? r.world.host.iommu?.irqs.get(b.vfio.hostIrq) : undefined;
    const m = stored ? decodeMsiMsg(stored) : undefined;
    expect(m?.format === "remappable" ? m.index : -1).toBe(hostIrte ? hostIrte.index + hostIrte.subHandle : -2);
  });

  test("growth, legacy VFIO: MSI-X disabled and re-enabled, every host vector torn down, the window's interrupts lost", () => {
    const r = runGuest(
      guestFile({ ...OLD, host: { cpus: 8, vfio: "legacy" }, devices: [nic] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 4, max: 4 },
        { op: "request_irq", device: "nic0", index: 0 },
        { op: "request_irq", device: "nic0", index: 3 },
        { op: "raise", device: "nic0", index: 0, expect: { delivered: true } },
      ]),
    );
    expect(r.bad).toEqual([]);
    const growth = r.steps[2]?.virt ?? [];
    expect(growth.some((e) => e.kind === "lost" && /nic0\/msix\/0/.test(e.text))).toBe(true);
    expect(growth.some((e) => /disabled .* and enabled again with 4/.test(e.text))).toBe(true);
    expect(r.steps[3]?.failedExpectations).toEqual([]);
  });

  test("growth, dynamic VFIO: pci_msix_alloc_irq_at adds the entry; the others keep their host irq", () => {
    const r = runGuest(
      guestFile({ ...OLD, host: { cpus: 8, vfio: "dynamic" }, devices: [nic] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 4, max: 4 },
        { op: "request_irq", device: "nic0", index: 0 },
      ]),
    );
    const before = r.world.backs.get("nic0/msix/0")?.vfio?.hostIrq;
    const more = runGuest(
      guestFile({ ...OLD, host: { cpus: 8, vfio: "dynamic" }, devices: [nic] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 4, max: 4 },
        { op: "request_irq", device: "nic0", index: 0 },
        { op: "request_irq", device: "nic0", index: 3 },
      ]),
    );
    expect(more.world.backs.get("nic0/msix/0")?.vfio?.hostIrq).toBe(before);
    expect(more.steps[2]?.virt?.some((e) => e.kind === "lost")).toBe(false);
    expect(more.bad).toEqual([]);
  });

  test("host out of vectors: silent in the old scheme, an errno in the new", () => {
    const big = { name: "nic0", model: "pci-msix", bdf: "0000:02:00.0", table_size: 256 };
    const requests = Array.from({ length: 240 }, (_, i) => ({ op: "request_irq", device: "nic0", index: i }));
    const old = runGuest(
      guestFile({ ...OLD, cpus: 8, host: { cpus: 1 }, devices: [big] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 240, max: 240 },
        ...requests,
      ]),
    );
    expect(old.steps.every(okOf)).toBe(true);
    expect(old.steps.some((s) => silentOf(s.result)?.match(/host c(annot back|ould not request)/))).toBe(true);
    expect(old.bad).toEqual([]);
    const neu = runGuest(
      guestFile({ ...NEW, cpus: 8, host: { cpus: 1 }, devices: [big] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 1, max: 240 },
        ...requests,
      ]),
    );
    expect(neu.steps.some((s) => silentOf(s.result) !== undefined)).toBe(false);
    const refused = neu.steps.map((s) => s.result).find((res) => !res.ok);
    expect(refused && !refused.ok && refused.reason).toMatch(/host refused the vIRTE hypercall/);
    expect(neu.bad).toEqual([]);
  });
});

describe("set affinity", () => {
  test("old: QEMU traps the rewrite and updates the KVM route; the host irq does not move", () => {
    const r = runGuest(
      guestFile({ ...OLD, devices: [nic] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 1, max: 1 },
        { op: "request_irq", device: "nic0", index: 0 },
        { op: "raise", device: "nic0", index: 0 },
        { op: "set_affinity", device: "nic0", index: 0, cpus: "3" },
        { op: "raise", device: "nic0", index: 0 },
        { op: "raise", device: "nic0", index: 0, expect: { delivered: true, effective_cpu: 3 } },
      ]),
    );
    expect(r.bad).toEqual([]);
    expect(r.steps[5]?.failedExpectations).toEqual([]);
    const route = r.steps.flatMap((s) => s.virt ?? []).find((e) => e.kind === "route" && /updated/.test(e.text));
    expect(route?.text).toMatch(/does not move/);
    const r5 = r.steps[5]?.result;
    expect(r5?.ok && r5.delivery?.kind === "handled" ? r5.delivery.cpu : -1).toBe(3);
  });

  test("new: the affinity change is a hypercall; the device message stays", () => {
    const r = runGuest(
      guestFile({ ...NEW, devices: [nic] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 1, max: 1 },
        { op: "request_irq", device: "nic0", index: 0 },
        { op: "set_affinity", device: "nic0", index: 0, cpus: "3" },
        { op: "raise", device: "nic0", index: 0, expect: { delivered: true, effective_cpu: 3 } },
      ]),
    );
    expect(r.bad).toEqual([]);
    expect(r.steps[3]?.failedExpectations).toEqual([]);
    expect(r.steps[2]?.virt?.some((e) => e.kind === "hypercall" && /retargets/.test(e.text))).toBe(true);
    expect(r.steps[2]?.result.ok && r.steps[2].result.summary).not.toMatch(/message was written/);
  });
});

describe("IMS", () => {
  const dsa = { name: "dsa0", model: "idxd", bdf: "0000:6a:01.0", wqs: 2 };
  const q = { name: "nic0", model: "ims-dev", bdf: "0000:02:00.0", table_size: 8, ims_size: 16, ims_kind: "system" };
  const imsSteps = (dev: string) => [
    { op: "alloc_ims", device: dev, count: 1 },
    { op: "request_irq", device: dev, store: "ims", index: 0 },
    { op: "raise", device: dev, store: "ims", index: 0 },
  ];

  test("old: IDXD's IMS is trapped and emulated, so it is backed and delivered (host with IMS)", () => {
    const r = runGuest(
      guestFile(
        { scheme: "old", kernel: "6.6", ir: "on", host: { cpus: 8, kernel: "6.6" }, devices: [dsa] },
        imsSteps("dsa0"),
      ),
    );
    expect(r.steps.map((s) => silentOf(s.result))).toEqual([undefined, undefined, undefined]);
    const raised = r.steps[2]?.result;
    expect(raised?.ok && raised.delivery?.kind).toBe("handled");
    expect(r.bad).toEqual([]);
  });

  test("old: a NIC's queue-memory IMS is not trapped: success, then a silent failure flagged at the step", () => {
    const r = runGuest(guestFile({ scheme: "old", kernel: "6.6", ir: "on", devices: [q] }, imsSteps("nic0")));
    expect(r.steps.every((s) => s.result.ok)).toBe(true);
    expect(silentOf(r.steps[1]?.result as OpResult)).toMatch(/neither traps nor emulates/);
    expect(silentOf(r.steps[2]?.result as OpResult)).toBeDefined();
    expect(r.bad).toEqual([]);
  });

  test("old: a 6.12 guest has no IMS to offer (the infrastructure left in 6.10): -ENOTSUPP, as on bare metal", () => {
    const r = runGuest(guestFile({ scheme: "old", ir: "on", devices: [dsa] }, imsSteps("dsa0")));
    const first = r.steps[0]?.result;
    expect(first && !first.ok && first.errno).toBe("ENOTSUPP");
    expect(r.bad).toEqual([]);
  });

  test("new, granted: IMS works for any device, no device-specific emulation", () => {
    for (const dev of [q, dsa]) {
      const r = runGuest(guestFile({ ...NEW, devices: [dev] }, imsSteps(dev.name)));
      expect(r.steps.map((s) => silentOf(s.result))).toEqual([undefined, undefined, undefined]);
      const raised = r.steps[2]?.result;
      expect(raised?.ok && raised.delivery?.kind).toBe("handled");
      expect(r.bad).toEqual([]);
    }
  });

  test("new, rejected: IMS is -ENOTSUPP", () => {
    const r = runGuest(guestFile({ ...NEW, hypervisor_grants_new_scheme: false, devices: [q] }, imsSteps("nic0")));
    const first = r.steps[0]?.result;
    expect(first && !first.ok && first.errno).toBe("ENOTSUPP");
  });
});

describe("MSI", () => {
  const msi = { name: "m0", model: "pci-msi", bdf: "0000:03:00.0", vectors: 4 };
  const steps = [
    { op: "alloc", device: "m0", type: "msi", min: 1, max: 1 },
    { op: "request_irq", device: "m0", index: 0 },
    { op: "raise", device: "m0", index: 0, expect: { delivered: true } },
  ];
  test("old: trapped, backed at enable", () => {
    const r = runGuest(guestFile({ ...OLD, devices: [msi] }, steps));
    expect(r.steps.flatMap((s) => s.failedExpectations)).toEqual([]);
    expect(r.world.backs.get("m0/msi/0")?.via).toBe("trap");
    expect(r.bad).toEqual([]);
  });
  test("new: still config space, but the message is the hypercall's", () => {
    const r = runGuest(guestFile({ ...NEW, devices: [msi] }, steps));
    expect(r.steps.flatMap((s) => s.failedExpectations)).toEqual([]);
    const b = r.world.backs.get("m0/msi/0");
    expect(b?.via).toBe("hypercall");
    const hw = r.guest.devices.get("m0")?.hw;
    expect(hw?.kind === "pci" ? hw.dev.msiCap?.storedMessage(0) : undefined).toEqual(b?.hostMsg);
    expect(r.bad).toEqual([]);
  });
});

describe("Hyper-V", () => {
  test("the hypervisor composes the message; a retarget never changes it", () => {
    const r = runGuest(
      guestFile({ ir: "off", host: { cpus: 8, hypervisor: "hyperv" }, devices: [nic] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 2, max: 2 },
        { op: "request_irq", device: "nic0", index: 1 },
        { op: "raise", device: "nic0", index: 1, expect: { delivered: true } },
        { op: "set_affinity", device: "nic0", index: 1, cpus: "3" },
        { op: "raise", device: "nic0", index: 1 },
        { op: "raise", device: "nic0", index: 1, expect: { delivered: true, effective_cpu: 3, backed: true } },
      ]),
    );
    expect(r.steps.flatMap((s) => s.failedExpectations)).toEqual([]);
    const texts = r.steps.flatMap((s) => s.virt ?? []).map((e) => e.text);
    expect(texts.some((t) => /HVCALL_MAP_DEVICE_INTERRUPT/.test(t))).toBe(true);
    expect(texts.some((t) => /HVCALL_RETARGET_INTERRUPT \(vector \d+, VP 3\)/.test(t))).toBe(true);
    const hw = r.guest.devices.get("nic0")?.hw;
    const entry = r.world.hyperv?.byIrq.get(r.steps[1]?.irq ?? -1);
    expect(hw?.kind === "pci" ? hw.dev.msixCap?.storedMessage(1) : undefined).toEqual(entry?.msg);
    expect(r.bad).toEqual([]);
  });
});

describe("device removal leaves nothing on the host", () => {
  test.each([
    ["old", OLD],
    ["new", NEW],
  ] as const)("%s", (_n, machine) => {
    const r = runGuest(
      guestFile({ ...machine, devices: [nic] }, [
        { op: "alloc", device: "nic0", type: "msix", min: 4, max: 4 },
        { op: "request_irq", device: "nic0", index: 0 },
        { op: "request_irq", device: "nic0", index: 2 },
        { op: "device_remove", device: "nic0" },
      ]),
    );
    expect(r.steps.every(okOf)).toBe(true);
    expect(r.world.backs.size).toBe(0);
    expect(r.world.kvm.routing.routes.size).toBe(0);
    const hostIrqs = [...r.world.host.machine.descs.irqs()].filter((irq) =>
      r.world.host.machine.descs.desc(irq)?.actions.some((a) => a.name.startsWith("vfio")),
    );
    expect(hostIrqs).toEqual([]);
    expect(r.bad).toEqual([]);
  });
});

describe("new, granted, on a flat-logical guest (xAPIC, at most 8 CPUs, before 6.9)", () => {
  const dsa = { name: "dsa0", model: "idxd", bdf: "0000:6a:01.0", wqs: 2 };
  const ims = [
    { op: "alloc_ims", device: "dsa0", count: 1 },
    { op: "request_irq", device: "dsa0", store: "ims", index: 0 },
    { op: "raise", device: "dsa0", store: "ims", index: 0 },
    { op: "set_affinity", device: "dsa0", store: "ims", index: 0, cpus: "3" },
    { op: "raise", device: "dsa0", store: "ims", index: 0 },
  ] as const;
  const msix = [
    { op: "alloc", device: "nic0", type: "msix", min: 2, max: 2 },
    { op: "request_irq", device: "nic0", index: 0 },
    { op: "request_irq", device: "nic0", index: 1 },
    { op: "raise", device: "nic0", index: 0 },
    { op: "raise", device: "nic0", index: 1 },
    { op: "set_affinity", device: "nic0", index: 1, cpus: "2" },
    { op: "raise", device: "nic0", index: 1 },
  ] as const;

  test.each([
    ["6.6", [dsa, nic], [...ims, ...msix]],
    ["6.1", [nic], msix],
  ] as const)(
    "kernel %s: request_irq then raise lands on the irq's effective CPU and vector",
    (kernel, devices, steps) => {
      const machine = { ...NEW, kernel, host: { cpus: 16, kernel: "6.6" }, devices: [...devices] };
      // Each raise is checked against the guest as it stands right after it (a later set_affinity moves it).
      steps.forEach((step, i) => {
        if (step.op !== "raise" || step.index === undefined) return;
        const r = runGuest(guestFile(machine, steps.slice(0, i + 1)));
        expect(r.world.granted).toBe(true);
        // The case under test: the guest's IRTEs name CPU n by the logical bit 1 << n.
        expect(r.guest.machine.vector.destOpts.destModeLogical).toBe(true);
        expect(r.steps.map((s) => s.result.ok)).toEqual(r.steps.map(() => true));
        const irq = resolveIrq(r.guest, {
          device: step.device,
          index: step.index,
          ...("store" in step ? { store: step.store } : {}),
        });
        if (typeof irq !== "number") throw new Error(irq.reason);
        const raised = r.steps[i]?.result;
        const cpu = r.guest.machine.descs.desc(irq)?.effective.first();
        const vector = r.guest.machine.vector.apicd.get(irq)?.hwVector;
        expect(raised?.ok && raised.delivery, `#${i} ${raised?.ok ? raised.summary : ""}`).toEqual({
          kind: "handled",
          cpu,
          vector,
        });
        expect(r.bad).toEqual([]);
      });
    },
  );

  test("the invariants catch a guest IRTE whose destination is not the irq's effective CPU", () => {
    const r = runGuest(guestFile({ ...NEW, kernel: "6.6", devices: [dsa] }, ims.slice(0, 2)));
    const irq = resolveIrq(r.guest, { device: "dsa0", store: "ims", index: 0 });
    const ird = typeof irq === "number" ? r.guest.iommu?.irqs.get(irq) : undefined;
    const iommu = r.guest.iommu;
    if (!ird || !iommu || typeof irq !== "number") throw new Error("dsa0 ims 0 has no vIRTE");
    const cpu = r.guest.machine.descs.desc(irq)?.effective.first() ?? 0;
    // The bug's shape: the right destination bits read as a physical APIC id (CPU 1 = logical 0x2 → CPU 2).
    writeIrte(iommu.table, ird.index + ird.subHandle, { ...ird.irte, dstMode: 0 });
    const tracker = new DriftTracker();
    expect(checkPlatformInvariants(r.guest, tracker.drift()).join("\n")).toMatch(
      new RegExp(`sends to CPU ${1 << cpu} \\(physical .*effective affinity is CPU ${cpu}`),
    );
  });

  test("the invariants catch a KVM route that delivers elsewhere than the guest programmed", () => {
    const r = runGuest(guestFile({ ...NEW, kernel: "6.6", devices: [dsa] }, ims.slice(0, 2)));
    const b = r.world.backs.get("dsa0/ims/0");
    if (!b?.route) throw new Error("dsa0 ims 0 has no KVM route");
    // The route the hypercall used to install: the vIRTE's destination bits as a physical APIC id.
    const logical = b.route.msg.addressLo;
    r.world.kvm.routing.updateMsiRoute(b.route.gsi, { ...b.route.msg, addressLo: (logical & ~(1 << 2)) >>> 0 });
    expect(checkGuestRoutes(r.world).join("\n")).toMatch(/dsa0\/ims\/0: KVM gsi \d+ delivers to vCPU \d+ vector/);
  });
});
