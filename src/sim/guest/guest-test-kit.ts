/** Test helpers for guests: boot a guest scenario, run steps one by one, check both kernels after each. */
import type { Platform } from "../../kernel/platform";
import { parseScenario } from "../../scenario/parse";
import type { Scenario } from "../../scenario/schema";
import { checkPlatformInvariants, DriftTracker } from "../platform-invariants";
import type { OpResult } from "../platform-ops";
import { bootScenarioMachine, runScenarioStep, type StepReport } from "../scenario-runner";
import { checkGuestRoutes } from "./guest-invariants";
import { type GuestWorld, guestWorldOf } from "./guest-world";

export interface GuestRun {
  readonly guest: Platform;
  readonly world: GuestWorld;
  readonly steps: StepReport[];
  /** Invariant violations of either kernel, prefixed by the step after which they were found. */
  readonly bad: string[];
}

/** The invariants of both kernels now (the host's own counters and IRTEs, the guest's). */
export function bothKernelsBad(world: GuestWorld, tracker: DriftTracker): string[] {
  return [
    ...checkPlatformInvariants(world.guest, tracker.drift()).map((b) => `guest: ${b}`),
    ...checkPlatformInvariants(world.host).map((b) => `host: ${b}`),
    ...checkGuestRoutes(world).map((b) => `world: ${b}`),
  ];
}

export function parseGuest(file: unknown): Scenario {
  const parsed = parseScenario(file);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.scenario;
}

/** Boots a parsed guest scenario's machine (not its steps) with the guest kernel's drift tracked. */
export function bootGuest(s: Scenario) {
  const tracker = new DriftTracker();
  const guest = bootScenarioMachine(s, tracker.observer());
  if (typeof guest === "string") throw new Error(guest);
  tracker.attach(guest.machine);
  const world = guestWorldOf(guest);
  if (!world) throw new Error("not a guest");
  return { guest, world, tracker };
}

/** Boots and runs a guest scenario, checking both kernels after boot and after every step. */
export function runGuest(file: unknown): GuestRun {
  const s = parseGuest(file);
  const { guest, world, tracker } = bootGuest(s);
  const bad = bothKernelsBad(world, tracker).map((b) => `boot: ${b}`);
  const lastRaise = new Map<number, OpResult>();
  const steps = s.steps.map((step, i) => {
    const r = runScenarioStep(guest, step, i, lastRaise);
    bad.push(...bothKernelsBad(world, tracker).map((b) => `#${i} ${step.op}: ${b}`));
    return r;
  });
  return { guest, world, steps, bad };
}

/** A guest scenario file around `machine` fields and steps. */
export function guestFile(machine: Record<string, unknown>, steps: unknown[]): unknown {
  return {
    format: "irqscope-scenario",
    version: 1,
    machine: { cpus: 4, platform: "guest", host: { cpus: 8 }, ...machine },
    steps,
  };
}
