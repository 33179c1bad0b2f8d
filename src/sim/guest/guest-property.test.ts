/**
 * Guests in the op mix: random scripts on a KVM guest (old scheme or the Dec 2021 proposal, legacy or
 * dynamic VFIO, with or without posted interrupts). After every op both kernels' invariants hold; every
 * raise of a guest interrupt the guest kernel started and the VMM backs (not flagged silent) reaches
 * the guest vCPU and vector the guest kernel programmed, through the host; removal leaves nothing.
 */
import fc from "fast-check";
import { describe, expect } from "vitest";
import { IRQD } from "../../kernel/irq/irqdesc";
import { propertyTests } from "../../testing/property";
import { checkNothingLeft, snapshotPlatform } from "../platform-invariants";
import type { OpResult } from "../platform-ops";
import { runScenarioStep } from "../scenario-runner";
import { bootGuest, bothKernelsBad, guestFile, parseGuest } from "./guest-test-kit";

const CPUS = 4;
const devices = [
  { name: "nic0", model: "pci-msix", bdf: "0000:02:00.0", table_size: 8 },
  { name: "q0", model: "ims-dev", bdf: "0000:03:00.0", table_size: 4, ims_size: 8, ims_kind: "system" },
];

const opArb = fc.oneof(
  fc.record({ op: fc.constant("alloc"), device: fc.constantFrom("nic0", "q0"), max: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    op: fc.constant("request_irq"),
    device: fc.constantFrom("nic0", "q0"),
    index: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    op: fc.constant("free_irq"),
    device: fc.constantFrom("nic0", "q0"),
    index: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    op: fc.constant("set_affinity"),
    device: fc.constantFrom("nic0", "q0"),
    index: fc.integer({ min: 0, max: 7 }),
    cpu: fc.integer({ min: 0, max: CPUS - 1 }),
  }),
  fc.record({ op: fc.constant("raise"), device: fc.constantFrom("nic0", "q0"), index: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant("alloc_ims"), count: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constant("request_ims"), index: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant("raise_ims"), index: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant("free_vectors"), device: fc.constantFrom("nic0", "q0") }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function stepOf(o: Op): Record<string, unknown> {
  switch (o.op) {
    case "alloc":
      return { op: "alloc", device: o.device, type: "msix", min: 1, max: o.max };
    case "set_affinity":
      return { op: "set_affinity", device: o.device, index: o.index, cpus: String(o.cpu) };
    case "alloc_ims":
      return { op: "alloc_ims", device: "q0", count: o.count };
    case "request_ims":
      return { op: "request_irq", device: "q0", store: "ims", index: o.index };
    case "raise_ims":
      return { op: "raise", device: "q0", store: "ims", index: o.index };
    case "free_vectors":
      return { op: "free_vectors", device: o.device };
    default:
      return { op: o.op, device: o.device, index: o.index };
  }
}

const machineArb = fc.record({
  scheme: fc.constantFrom("old", "new"),
  ir: fc.constantFrom("on", "off"),
  hypervisor_grants_new_scheme: fc.boolean(),
  host: fc.record({
    cpus: fc.constantFrom(2, 8),
    vfio: fc.constantFrom("dynamic", "legacy"),
    posted: fc.boolean(),
    ir: fc.constantFrom("on", "on", "off"),
  }),
});

describe("guests in the op mix", () => {
  propertyTests(
    "every backed, started guest interrupt raised reaches the vCPU and vector the guest programmed",
    () =>
      fc.property(machineArb, fc.array(opArb, { minLength: 1, maxLength: 25 }), (machine, ops) => {
        const steps = ops.map(stepOf);
        const s = parseGuest(
          guestFile({ ...machine, cpus: CPUS, devices }, [
            ...steps,
            { op: "device_remove", device: "nic0" },
            { op: "device_remove", device: "q0" },
          ]),
        );
        const { guest, world, tracker } = bootGuest(s);
        expect(bothKernelsBad(world, tracker)).toEqual([]);
        const hostBoot = snapshotPlatform(world.host);
        const lastRaise = new Map<number, OpResult>();
        s.steps.forEach((step, i) => {
          // What the guest kernel programmed before the interrupt arrives.
          let want: { cpu: number; vector: number } | undefined;
          let irqBefore: number | undefined;
          if (step.op === "raise") {
            const r0 = runScenarioStep(
              guest,
              {
                op: "expect",
                device: step.device,
                index: step.index,
                ...(step.store ? { store: step.store } : {}),
                expect: undefined,
              } as never,
              -1,
              new Map(),
            );
            irqBefore = r0.irq;
            const desc = irqBefore === undefined ? undefined : guest.machine.descs.desc(irqBefore);
            const a = irqBefore === undefined ? undefined : guest.machine.vector.apicd.get(irqBefore);
            const maskedAtDevice = desc?.has(IRQD.IRQ_MASKED) ?? true;
            if (
              irqBefore !== undefined &&
              a &&
              desc?.has(IRQD.STARTED) &&
              !maskedAtDevice &&
              world.isBacked(irqBefore) &&
              !world.silentOf(irqBefore)
            )
              want = { cpu: a.hwCpu, vector: a.hwVector };
          }
          const r = runScenarioStep(guest, step, i, lastRaise);
          expect(bothKernelsBad(world, tracker), `after #${i} ${r.what}`).toEqual([]);
          if (want && r.result.ok) {
            expect(r.result.silent, `#${i} ${r.what}: ${r.result.summary}`).toBeUndefined();
            const d = r.result.delivery;
            expect(d?.kind === "handled" ? { cpu: d.cpu, vector: d.vector } : d, `#${i} ${r.what}`).toEqual(want);
            expect(guest.machine.descs.desc(irqBefore ?? -1)?.counts[want.cpu] ?? 0).toBeGreaterThan(0);
          }
        });
        // Both functions removed: nothing of them is left on the host either.
        expect(world.backs.size).toBe(0);
        expect(world.kvm.routing.routes.size).toBe(0);
        expect(world.kvm.irqfds.byEventfd.size).toBe(0);
        const vfioIrqs = [...world.host.machine.descs.irqs()].filter((irq) =>
          world.host.machine.descs.desc(irq)?.actions.some((act) => act.name.startsWith("vfio")),
        );
        expect(vfioIrqs).toEqual([]);
        expect(checkNothingLeft(world.host, hostBoot)).toEqual([]);
      }),
    { seed: 1717, runs: 40, freshRuns: 20, timeout: 120_000 },
  );
});
