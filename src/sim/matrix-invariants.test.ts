import fc from "fast-check";
import { describe, expect } from "vitest";
import { DEFAULT_SYSTEM_VECTORS, lapicAssignSystemVectors } from "../kernel/arch/x86/vector";
import { CpuMask } from "../kernel/cpumask";
import { IrqMatrix } from "../kernel/irq/matrix";
import { propertyTests } from "../testing/property";
import { checkMatrixInvariants } from "./invariants";

/** One random step; the harness turns it into a call the kernel's users could make. */
const stepArb = fc.record({
  kind: fc.constantFrom(
    "alloc",
    "allocReserved",
    "reserve",
    "reserveManaged",
    "allocManaged",
    "free",
    "removeManaged",
    "offline",
    "online",
  ),
  pick: fc.nat(),
  cpus: fc.uniqueArray(fc.nat({ max: 63 }), { minLength: 1, maxLength: 6 }),
});

interface Held {
  cpu: number;
  vector: number;
  managed: boolean;
  /** For a managed vector, the reservation it came from: one vector per reservation, like one irq. */
  reservation?: Reservation;
}

interface Reservation {
  mask: CpuMask;
  held?: Held;
}

/** Drives the matrix like its kernel callers do, and records the drifts the kernel really has. */
class Harness {
  readonly m: IrqMatrix;
  readonly held: Held[] = [];
  readonly reservations: Reservation[] = [];
  reservedCount = 0;
  offlineFrees = 0;
  readonly stale = new Set<number>();
  constructor(readonly ncpus: number) {
    this.m = new IrqMatrix(ncpus, 256, 32, 235);
    lapicAssignSystemVectors(this.m, { systemVectors: DEFAULT_SYSTEM_VECTORS, legacyPic: true });
    for (let cpu = 1; cpu < ncpus; cpu++) this.m.online(cpu);
  }
  mask(cpus: number[]): CpuMask {
    return CpuMask.of(
      this.ncpus,
      cpus.map((c) => c % this.ncpus),
    );
  }
  markStale(mask: CpuMask): void {
    for (const cpu of mask) if (!this.m.maps[cpu]?.online && this.m.maps[cpu]?.initialized) this.stale.add(cpu);
  }
  free(h: Held): void {
    if (h.reservation) h.reservation.held = undefined;
    if (!this.m.maps[h.cpu]?.online) this.offlineFrees++;
    this.m.free(h.cpu, h.vector, h.managed);
  }
  step(s: { kind: string; pick: number; cpus: number[] }): void {
    const m = this.m;
    const mask = this.mask(s.cpus);
    switch (s.kind) {
      case "alloc": {
        const r = m.alloc(mask, false);
        if (!("err" in r)) this.held.push({ cpu: r.cpu, vector: r.vector, managed: false });
        break;
      }
      case "reserve":
        m.reserve();
        this.reservedCount++;
        break;
      case "allocReserved": {
        if (this.reservedCount === 0) break;
        const r = m.alloc(mask, true);
        if (!("err" in r)) {
          this.reservedCount--;
          this.held.push({ cpu: r.cpu, vector: r.vector, managed: false });
        }
        break;
      }
      case "reserveManaged":
        if (m.reserveManaged(mask) === 0) {
          this.reservations.push({ mask });
          this.markStale(mask);
        }
        break;
      case "allocManaged": {
        const res = this.reservations[s.pick % Math.max(1, this.reservations.length)];
        if (!res || res.held) break;
        const r = m.allocManaged(res.mask);
        if (!("err" in r)) {
          res.held = { cpu: r.cpu, vector: r.vector, managed: true, reservation: res };
          this.held.push(res.held);
        }
        break;
      }
      case "free": {
        const [h] = this.held.splice(s.pick % Math.max(1, this.held.length), 1);
        if (h) this.free(h);
        break;
      }
      case "removeManaged": {
        // The kernel removes a managed reservation only after the irq freed its vector.
        const i = s.pick % Math.max(1, this.reservations.length);
        const res = this.reservations[i];
        if (!res || res.held) break;
        this.reservations.splice(i, 1);
        this.markStale(res.mask);
        m.removeManaged(res.mask);
        break;
      }
      case "offline": {
        const cpu = s.pick % this.ncpus;
        if (cpu !== 0 && m.maps[cpu]?.online) m.offline(cpu);
        break;
      }
      case "online": {
        const cpu = s.pick % this.ncpus;
        if (!m.maps[cpu]?.online) m.online(cpu);
        break;
      }
    }
  }
  violations(): string[] {
    return checkMatrixInvariants(this.m, { offlineFrees: this.offlineFrees, staleCpus: this.stale });
  }
}

function snapshot(m: IrqMatrix) {
  return {
    ga: m.globalAvailable,
    gr: m.globalReserved,
    ta: m.totalAllocated,
    om: m.onlineMaps,
    maps: m.maps.map((c) => ({ ...c, allocMap: [...c.allocMap], managedMap: [...c.managedMap] })),
  };
}

describe("irq_matrix under random kernel-like use", () => {
  propertyTests(
    "counters equal a recount after every step, and freeing everything restores the boot state",
    () =>
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(stepArb, { maxLength: 250 }), (ncpus, steps) => {
        const h = new Harness(ncpus);
        const boot = snapshot(h.m);
        for (const s of steps) {
          h.step(s);
          expect(h.violations()).toEqual([]);
        }
        for (const held of h.held.splice(0)) h.free(held);
        for (const res of h.reservations.splice(0)) {
          h.markStale(res.mask);
          h.m.removeManaged(res.mask);
        }
        for (; h.reservedCount > 0; h.reservedCount--) h.m.removeReserved();
        for (let cpu = 0; cpu < ncpus; cpu++) if (!h.m.maps[cpu]?.online) h.m.online(cpu);
        expect(h.violations()).toEqual([]);
        if (h.offlineFrees === 0 && h.stale.size === 0) expect(snapshot(h.m)).toEqual(boot);
      }),
    { seed: 250, runs: 150 },
  );
});
