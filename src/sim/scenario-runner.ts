/**
 * Runs a validated scenario (scenario-format.md) on a freshly booted Platform: each step calls the
 * kernel API it stands for, gets its result (ok, errno, or a silent failure), and the expectations
 * are checked against that result and the interrupt's state.
 */

import type { MessageStore } from "../hw/message-store";
import { cpuDown, cpuUp } from "../kernel/arch/x86/smpboot";
import { parseCpuList } from "../kernel/cpumask";
import { errnoText, type KernelError } from "../kernel/errno";
import { IRQD } from "../kernel/irq/irqdesc";
import { freeIrq, requestIrq } from "../kernel/irq/manage";
import { writeIrqAffinity } from "../kernel/irq/proc";
import type { MachineObserver } from "../kernel/machine";
import { bootPlatform, type Platform } from "../kernel/platform";
import type { Expectation, Scenario, Step, StepOf } from "../scenario/schema";
import type { VirtEvent } from "../vmm/vmm-context";
import { raiseGuestIrq } from "./guest/guest-raise";
import { bootGuestWorld, guestWorldOf } from "./guest/guest-world";
import { heldCopyOf, raiseHeldCopy } from "./held-copy";
import { locateIrq } from "./irq-source";
import { platformConfigOf } from "./machine-config";
import { applyPlatformStep, type IrqRef, type OpResult, raiseIrqFromDevice, resolveIrq } from "./platform-ops";

export interface StepReport {
  readonly n: number;
  readonly op: Step["op"];
  /** "set_affinity irq 25 cpus 2-3". */
  readonly what: string;
  readonly result: OpResult;
  /** The irq the step concerned, when there is one. */
  readonly irq?: number;
  readonly failedExpectations: readonly string[];
  /** A guest's step: the traps, hypercalls, KVM route updates and silent failures it caused on the VMM side. */
  readonly virt?: readonly VirtEvent[];
}

export interface ScenarioRun {
  readonly platform: Platform;
  readonly steps: readonly StepReport[];
  readonly log: readonly string[];
  readonly expectFailed: boolean;
}

/** The interrupt's state as expectations see it. */
export interface IrqState {
  readonly irq: number;
  readonly effectiveCpu: number | undefined;
  readonly vector: number | undefined;
  readonly irte: number | undefined;
  readonly address: number | undefined;
  readonly data: number | undefined;
  readonly count: number;
  readonly started: boolean;
}

export function irqState(p: Platform, irq: number): IrqState {
  const desc = p.machine.descs.desc(irq);
  const apicd = p.machine.vector.apicd.get(irq);
  const ird = p.iommu?.irqs.get(irq);
  const src = locateIrq(p, irq);
  // What the device writes for this slot (as the inspector shows it): vector k of a multi-MSI block
  // carries k in its low data bits (the sub-handle under IR), which the block's descriptor does not.
  const msg = src?.hw ? src.hw.storedMessage(src.slot) : src?.desc?.msg;
  const eff = desc?.effective.first() ?? -1;
  return {
    irq,
    effectiveCpu: eff >= 0 && eff < p.machine.config.cpus ? eff : undefined,
    vector: apicd?.hwVector,
    irte: ird ? ird.index + ird.subHandle : undefined,
    address: msg ? msg.addressLo : undefined,
    data: msg ? msg.data : undefined,
    count: desc ? desc.counts.reduce((a, b) => a + b, 0) : 0,
    started: desc?.has(IRQD.STARTED) ?? false,
  };
}

/** Boots the scenario's machine, or says why it cannot be built. */
export function bootScenarioMachine(
  s: Scenario,
  observer: MachineObserver | ((line: string) => void),
): Platform | string {
  const m = s.machine;
  const obs: MachineObserver = typeof observer === "function" ? { log: { warn: observer, debug: observer } } : observer;
  if (m.platform === "guest") {
    const guest = bootGuestWorld(s, obs);
    return typeof guest === "string" ? guest : takeOffline(guest, m.offline, m.cpus);
  }
  let platform: Platform;
  try {
    platform = bootPlatform(platformConfigOf(m), obs);
  } catch (e) {
    return `machine.devices: ${e instanceof Error ? e.message : String(e)}`;
  }
  return takeOffline(platform, m.offline, m.cpus);
}

/** `machine.offline`: those CPUs go down after boot, highest first. */
function takeOffline(platform: Platform, offline: string, cpus: number): Platform | string {
  if (!offline) return platform;
  const list = parseCpuList(offline, cpus);
  if ("mask" in list) {
    for (const cpu of [...list.mask].sort((a, b) => b - a)) {
      const err = cpuDown(platform.machine, cpu);
      if (err) return `machine.offline: CPU ${cpu} cannot go offline: ${err.reason}`;
    }
  }
  return platform;
}

const failed = (e: KernelError): OpResult => ({ ok: false, errno: e.errno, reason: e.reason });

function refOf(step: { irq?: number; device?: string; index?: number; store?: string }): IrqRef | undefined {
  if (step.irq !== undefined) return { irq: step.irq };
  if (step.device !== undefined && step.index !== undefined) {
    const store = step.store as "msi" | "msix" | "ims" | "intx" | "peer" | undefined;
    return store ? { device: step.device, index: step.index, store } : { device: step.device, index: step.index };
  }
  return undefined;
}

function refText(ref: IrqRef | undefined, irq: number | undefined): string {
  if (!ref) return "";
  if ("irq" in ref) return `irq ${ref.irq}`;
  const store = ref.store ? `${ref.store} ` : "";
  return `${ref.device} ${store}${ref.index}${irq === undefined ? "" : ` (irq ${irq})`}`;
}

/** Applies one step; returns its result and the irq it concerned. */
function runStep(
  p: Platform,
  step: Step,
  lastRaise: Map<number, OpResult>,
): { what: string; result: OpResult; irq?: number } {
  const sink = () => {};
  const core = p.machine.core;
  switch (step.op) {
    case "alloc": {
      const types = Array.isArray(step.type) ? step.type : [step.type];
      const what = `alloc ${step.device} ${types.join("/")} ${step.min}-${step.max}${step.affinity === "managed" ? " managed" : ""}`;
      const result = applyPlatformStep(
        p,
        { op: "alloc", device: step.device, types, min: step.min, max: step.max, affinity: step.affinity },
        sink,
      );
      return { what, result, irq: result.ok ? result.irqs?.[0] : undefined };
    }
    case "alloc_at": {
      const result = applyPlatformStep(p, { op: "alloc_at", device: step.device, index: step.index }, sink);
      return { what: `alloc_at ${step.device} ${step.index}`, result, irq: result.ok ? result.irqs?.[0] : undefined };
    }
    case "free_at":
    case "free_ims": {
      const result = applyPlatformStep(p, { op: step.op, device: step.device, index: step.index }, sink);
      return { what: `${step.op} ${step.device} ${step.index}`, result };
    }
    case "alloc_ims": {
      const result = applyPlatformStep(
        p,
        { op: "alloc_ims", device: step.device, count: step.count, pasid: step.pasid },
        sink,
      );
      return { what: `alloc_ims ${step.device} ${step.count}`, result, irq: result.ok ? result.irqs?.[0] : undefined };
    }
    case "free_vectors": {
      const result = applyPlatformStep(p, { op: "free_vectors", device: step.device, store: step.store }, sink);
      return { what: `free_vectors ${step.device}${step.store ? ` ${step.store}` : ""}`, result };
    }
    case "cpu_offline": {
      const err = cpuDown(p.machine, step.cpu);
      return {
        what: `cpu_offline ${step.cpu}`,
        result: err ? failed(err) : { ok: true, summary: `CPU ${step.cpu} offline` },
      };
    }
    case "cpu_online": {
      if (step.cpu >= p.machine.config.cpus) {
        return {
          what: `cpu_online ${step.cpu}`,
          result: { ok: false, errno: "EINVAL", reason: `CPU ${step.cpu} does not exist` },
        };
      }
      cpuUp(p.machine, step.cpu);
      return { what: `cpu_online ${step.cpu}`, result: { ok: true, summary: `CPU ${step.cpu} online` } };
    }
    case "tick": {
      p.machine.clock.jiffies += step.jiffies;
      const ran = p.machine.vector.runExpiredTimers();
      // Then the asynchronous work of drivers and their peers (an NTB peer reading a re-sent descriptor).
      const work = [...p.drivers.values()].map((d) => d.driver.tick?.()).filter((w) => w !== undefined);
      const did = work.length ? `; ${work.join("; ")}` : "";
      return {
        what: `tick ${step.jiffies}`,
        result: { ok: true, summary: `jiffies ${p.machine.clock.jiffies}, ${ran} cleanup timer(s) ran${did}` },
      };
    }
    case "device_add": {
      const world = guestWorldOf(p);
      const err = world ? world.hotplug(step.device) : p.addDevice(step.device);
      return {
        what: `device_add ${step.device.name}`,
        result: err ? failed(err) : { ok: true, summary: `${step.device.name} added` },
      };
    }
    case "device_remove": {
      const world = guestWorldOf(p);
      const err = world ? world.unplug(step.device) : p.removeDevice(step.device);
      return {
        what: `device_remove ${step.device}`,
        result: err ? failed(err) : { ok: true, summary: `${step.device} removed` },
      };
    }
    case "expect": {
      // Its own result is whether the interrupt exists, so `"ok": false` can assert an absence.
      const ref = refOf(step);
      const irq = ref ? resolveIrq(p, ref) : undefined;
      const what = `expect ${refText(ref, typeof irq === "number" ? irq : undefined)}`;
      if (irq === undefined) return { what, result: { ok: false, errno: "EINVAL", reason: "no interrupt named" } };
      if (typeof irq !== "number") return { what, result: failed(irq) };
      const silent = guestWorldOf(p)?.silentOf(irq);
      return { what, result: silent ? { ok: true, summary: "", silent } : { ok: true, summary: "" }, irq };
    }
    default:
      break;
  }
  const ref = refOf(step);
  const irq = ref ? resolveIrq(p, ref) : undefined;
  const what0 = `${step.op} ${refText(ref, typeof irq === "number" ? irq : undefined)}`;
  if (irq === undefined) return { what: what0, result: { ok: false, errno: "EINVAL", reason: "no interrupt named" } };
  if (typeof irq !== "number") return { what: what0, result: failed(irq) };
  switch (step.op) {
    case "request_irq": {
      const name = step.name ?? (ref && "device" in ref ? `${ref.device}-${ref.index}` : `irq${irq}`);
      const err = requestIrq(core, irq, name, step.shared ?? false);
      return { what: what0, irq, result: err ? failed(err) : { ok: true, summary: describeTarget(p, irq) } };
    }
    case "free_irq": {
      const err = freeIrq(core, irq, step.name);
      return { what: what0, irq, result: err ? failed(err) : { ok: true, summary: "freed" } };
    }
    case "set_affinity": {
      const err = writeIrqAffinity(core, irq, step.cpus, step.file === "smp_affinity" ? "mask" : "list");
      return {
        what: `${what0} cpus ${step.cpus}`,
        irq,
        result: err ? failed(err) : { ok: true, summary: describeTarget(p, irq) },
      };
    }
    case "raise": {
      let result: OpResult = { ok: true, summary: "" };
      const src = locateIrq(p, irq);
      const copy = src ? heldCopyOf(p, src.device, irq, step.store) : undefined;
      const world = guestWorldOf(p);
      for (let i = 0; i < step.times; i++) {
        result = world
          ? raiseGuestIrq(world, irq)
          : copy
            ? raiseHeldCopy(p, irq, copy, src?.requesterId)
            : raiseIrqFromDevice(p, irq);
      }
      lastRaise.set(irq, result);
      return { what: `${what0}${step.times > 1 ? ` x${step.times}` : ""}`, irq, result };
    }
  }
}

/** "vector 34 on CPU 2, IRTE 18" style. */
function describeTarget(p: Platform, irq: number): string {
  const s = irqState(p, irq);
  const pending = p.machine.descs.desc(irq)?.has(IRQD.SETAFFINITY_PENDING)
    ? ", move pending until the next interrupt"
    : "";
  const irte = s.irte === undefined ? "" : `, IRTE ${s.irte}`;
  return `vector ${s.vector ?? "-"} on CPU ${s.effectiveCpu ?? "-"}${irte}${pending}`;
}

/** Checks `e` against a step's result and, where it names one, the irq's state. */
function checkExpectation(
  p: Platform,
  e: Expectation,
  result: OpResult,
  irq: number | undefined,
  lastRaise: Map<number, OpResult>,
  noIrqBecause = "the step concerns no interrupt",
): string[] {
  const out: string[] = [];
  const want = (field: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && expected !== actual)
      out.push(`${field}: expected ${fmt(expected)}, got ${fmt(actual)}`);
  };
  want("ok", e.ok, result.ok);
  if (e.errno !== undefined) want("errno", e.errno, result.ok ? "none (ok)" : result.errno);
  if (e.silent !== undefined) want("silent", e.silent, result.ok && result.silent !== undefined);
  const needsIrq = [e.effective_cpu, e.vector, e.irte, e.address, e.data, e.count, e.delivered, e.backed].some(
    (v) => v !== undefined,
  );
  if (!needsIrq) return out;
  if (irq === undefined) return [...out, `the expectation names interrupt fields but ${noIrqBecause}`];
  const s = irqState(p, irq);
  want("effective_cpu", e.effective_cpu, s.effectiveCpu);
  want("vector", e.vector, s.vector);
  want("irte", e.irte, s.irte);
  want("address", e.address, s.address);
  want("data", e.data, s.data);
  want("count", e.count, s.count);
  if (e.backed !== undefined) want("backed", e.backed, guestWorldOf(p)?.isBacked(irq) ?? false);
  if (e.delivered !== undefined) {
    const r = lastRaise.get(irq);
    const delivered = r?.ok === true && r.delivery?.kind === "handled" && r.silent === undefined;
    want("delivered", e.delivered, delivered);
  }
  return out;
}

function fmt(v: unknown): string {
  return typeof v === "number" && v > 255 ? `0x${v.toString(16)}` : JSON.stringify(v);
}

/** The message store behind the interrupt a step names, to report the writes the step made to it. */
function storeOfStep(p: Platform, step: StepOf<"set_affinity" | "raise">): MessageStore | undefined {
  const ref = refOf(step);
  const irq = ref ? resolveIrq(p, ref) : undefined;
  return typeof irq === "number" ? locateIrq(p, irq)?.hw : undefined;
}

/** "…; the device's store was written: address_lo 0xfee01000, data 0x45" (each message the kernel wrote). */
function withDeviceWrites(r: OpResult, store: MessageStore, before: number): OpResult {
  const n = store.writes - before;
  if (!r.ok || n <= 0) return r;
  const writes = store
    .recentWrites()
    .slice(-n)
    .filter((w) => /address|data/.test(w.register))
    .map((w) => `${w.register} 0x${(w.value >>> 0).toString(16)}`);
  if (writes.length === 0) return r;
  return { ...r, summary: `${r.summary}; the device's message was written: ${writes.join(", ")}` };
}

/** Runs one step and checks what it expects; the raise results feed later `delivered` checks. */
export function runScenarioStep(
  platform: Platform,
  step: Step,
  n: number,
  lastRaise: Map<number, OpResult>,
): StepReport {
  const watch = step.op === "set_affinity" || step.op === "raise" ? storeOfStep(platform, step) : undefined;
  const before = watch?.writes ?? 0;
  const { what, result: stepped, irq } = runStep(platform, step, lastRaise);
  const plain = watch ? withDeviceWrites(stepped, watch, before) : stepped;
  // A guest's step: QEMU looks at what the guest wrote; a silent failure it caused is flagged here.
  const world = guestWorldOf(platform);
  world?.sync();
  const virt = world?.drain();
  const result =
    virt?.silent && plain.ok && plain.silent === undefined && step.op !== "raise" && step.op !== "expect"
      ? { ...plain, silent: virt.silent }
      : plain;
  const failures: string[] = [];
  if (step.op === "expect") {
    failures.push(...checkExpectation(platform, step, result, irq, lastRaise, result.ok ? undefined : result.reason));
  } else if (step.expect) {
    failures.push(...checkExpectation(platform, step.expect, result, irq, lastRaise));
  }
  return { n, op: step.op, what, result, irq, failedExpectations: failures, ...(virt ? { virt: virt.events } : {}) };
}

/** Runs every step (a failed step does not stop the script). */
export function runScenario(s: Scenario, platform: Platform, log: string[]): ScenarioRun {
  const lastRaise = new Map<number, OpResult>();
  const steps = s.steps.map((step, i) => runScenarioStep(platform, step, i, lastRaise));
  return { platform, steps, log, expectFailed: steps.some((r) => r.failedExpectations.length > 0) };
}

/** The step line, then (for a guest) each trap, hypercall, route update and silent failure it caused. */
export function formatStepWithVirt(r: StepReport): string {
  const lines = (r.virt ?? []).map((e) => `    · ${e.text}`);
  return [formatStepLine(r), ...lines].join("\n");
}

/** `#3 set_affinity irq 25 cpus 2-3 -> ok (vector 34 on CPU 2)`. */
export function formatStepLine(r: StepReport): string {
  const res = r.result;
  let out: string;
  if (!res.ok) out = `${errnoText(res.errno)}: ${res.reason}`;
  else if (res.silent !== undefined) out = `ok, SILENT FAILURE (${res.silent})${res.summary ? `: ${res.summary}` : ""}`;
  else out = res.summary ? `ok (${res.summary})` : "ok";
  const expect = r.failedExpectations.length ? `\n    EXPECT FAILED: ${r.failedExpectations.join("; ")}` : "";
  return `#${r.n} ${r.what.trim()} -> ${out}${expect}`;
}
