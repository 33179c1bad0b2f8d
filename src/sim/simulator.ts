/**
 * The simulator the browser runs: a whole Platform booted from a scenario's machine, driven by the
 * scenario's steps. Every step is validated with the scenario schema (the session stays a valid
 * scenario, so it can be exported and shared), applied with the runner's own code, and recorded with
 * the events it caused: tracepoints, kernel messages, device register writes, IRTE writes.
 */
import type { MessageStore, StoreWrite } from "../hw/message-store";
import { hex } from "../kernel/arch/x86/bitfield";
import { decodeIrte, type Irte, irteDestApicid } from "../kernel/drivers/iommu/intel/irte";
import type { MachineObserver } from "../kernel/machine";
import type { Platform } from "../kernel/platform";
import type { TracePrinter } from "../kernel/tracepoint";
import { parseScenario } from "../scenario/parse";
import {
  type DeviceSpec,
  irqRefOf,
  type MachineSpec,
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type Scenario,
  type Step,
} from "../scenario/schema";
import type { VirtEvent } from "../vmm/vmm-context";
import type { StepRecord, StepResult } from "./commands";
import { type EventAbout, EventLog, type SimEvent } from "./event-log";
import { type GuestWorld, guestWorldOf } from "./guest/guest-world";
import { pciStoreOwners } from "./irq-source";
import type { OpResult } from "./platform-ops";
import { presentDevices } from "./present-devices";
import { bootScenarioMachine, formatStepLine, runScenarioStep } from "./scenario-runner";
import { type ChangedStep, changedSteps, irqIdentity, withStableTarget } from "./step-target";
import { type IrteImage, type StepWrites, StepWritesCollector } from "./step-writes";
import { replayEntry, StoreImages } from "./store-images";

export type BootResult =
  | { readonly ok: true; readonly sim: Simulator }
  | { readonly ok: false; readonly error: string };

/** A step of a replay that the new machine's format checks refused (it is not part of the new session). */
export interface RefusedStep {
  /** Its index in the steps replayed. */
  readonly n: number;
  readonly step: unknown;
  readonly reason: string;
}

export type RebuildResult =
  | {
      readonly ok: true;
      readonly sim: Simulator;
      readonly refused: readonly RefusedStep[];
      /** The steps whose interrupt or outcome differs from the run they were recorded in. */
      readonly changed: readonly ChangedStep[];
    }
  | { readonly ok: false; readonly error: string };

/** What apply() answers: the step's result, and whether it became a step of the session. */
export interface ApplyResult {
  readonly result: StepResult;
  readonly record?: StepRecord;
}

export class Simulator {
  readonly platform: Platform;
  readonly records: StepRecord[] = [];
  /** Bumped by every command: the UI re-asks for views when it changes. */
  version = 0;
  private readonly events = new EventLog();
  private readonly lastRaise = new Map<number, OpResult>();
  private readonly storeWrites = new Map<MessageStore, number>();
  /** Every store entry's words as of the last step: a step's writes replay from them. */
  private readonly images = new StoreImages();
  /** The writes of each step (records[n] ↔ writes[n]), and the collector of the step running. */
  private readonly writes: StepWrites[] = [];
  private collecting: StepWritesCollector | undefined;
  /**
   * The IRTE write being reported (irteWritten()) and its images for the step record, made only when
   * the record keeps the entry: two functions for the session, not two closures per write.
   */
  private irteWordsBefore: Uint32Array = new Uint32Array(0);
  private irteAfter: Irte | undefined;
  private readonly irteImageBefore = () => this.irteImage(decodeIrte(this.irteWordsBefore, 0));
  private readonly irteImageAfter = () => this.irteImage(this.irteAfter);
  /** The devices present now, by name: the machine's, plus device_add, minus device_remove. */
  private readonly present = new Map<string, DeviceSpec>();

  private constructor(
    readonly title: string,
    readonly machineSpec: MachineSpec,
  ) {
    const booted = bootScenarioMachine(
      { format: SCENARIO_FORMAT, version: SCENARIO_VERSION, machine: machineSpec, steps: [] },
      this.observer(),
    );
    if (typeof booted === "string") throw new BootRefused(booted);
    this.platform = booted;
    if (booted.iommu) {
      booted.iommu.onIrteWrite = (index, irte, irq, before) => this.irteWritten(index, irte, irq, before);
    }
    const world = guestWorldOf(booted);
    if (world) this.attachGuest(world);
    this.noteStoreWrites();
    for (const d of machineSpec.devices) this.present.set(d.name, d);
  }

  /** Boots a scenario (JSON text or a parsed value) and runs its steps; a bad one is refused with one message. */
  static boot(input: unknown): BootResult {
    const parsed = parseScenario(input);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    return Simulator.bootParsed(parsed.scenario);
  }

  /** Boots a scenario parseScenario() already accepted (a session's own script), without checking it again. */
  static bootParsed(scenario: Scenario): BootResult {
    let sim: Simulator;
    try {
      sim = new Simulator(scenario.title ?? "", scenario.machine);
    } catch (e) {
      if (e instanceof BootRefused) return { ok: false, error: e.message };
      throw e;
    }
    for (const step of scenario.steps) sim.run(step);
    return { ok: true, sim };
  }

  /** Applies the next step of a script parseScenario() already accepted, without checking it again. */
  applyChecked(step: Step): StepRecord {
    this.version++;
    return this.run(step);
  }

  /**
   * Boots `head`'s machine (title + machine, as in a scenario file) and replays `steps` one by one, as
   * if each were applied by hand: a step the new machine's checks refuse (a CPU beyond the new count, a
   * device it lacks) is left out and reported, the others are kept with whatever the kernel answered.
   * A bad machine is refused with one message (`machine.cpus: …`). With `before` (the records of the
   * run the steps come from), every kept step whose interrupt or outcome changed is reported.
   */
  static rebuild(
    head: { readonly title?: string; readonly machine: unknown },
    steps: readonly unknown[],
    before: readonly StepRecord[] = [],
  ): RebuildResult {
    const booted = Simulator.boot({
      format: SCENARIO_FORMAT,
      version: SCENARIO_VERSION,
      ...(head.title ? { title: head.title } : {}),
      machine: head.machine,
      steps: [],
    });
    if (!booted.ok) return booted;
    const refused: RefusedStep[] = [];
    // Each kept step's record beside the record of the same step in the run before.
    const pairs: [StepRecord | undefined, StepRecord][] = [];
    steps.forEach((step, n) => {
      const r = booted.sim.apply(step);
      if (!r.record && !r.result.ok) refused.push({ n, step, reason: r.result.reason });
      if (r.record) pairs.push([before[n], r.record]);
    });
    return { ok: true, sim: booted.sim, refused, changed: changedSteps(pairs) };
  }

  /** The devices present now: the machine's, plus those added, minus those removed. */
  presentDevices(): DeviceSpec[] {
    return [...this.present.values()];
  }

  /** The session as a scenario file: the machine and every step applied, never derived state. */
  scenario(): Scenario {
    return {
      format: SCENARIO_FORMAT,
      version: SCENARIO_VERSION,
      ...(this.title ? { title: this.title } : {}),
      machine: this.machineSpec,
      steps: this.records.map((r) => r.step),
    };
  }

  /** What step `n` wrote, device entries and IRTEs; undefined beyond the session. */
  stepWrites(n: number): StepWrites | undefined {
    return this.writes[n];
  }

  /** What the last step wrote. */
  lastWrites(): StepWrites | undefined {
    return this.writes.at(-1);
  }

  /** Events with seq >= `since`. */
  log(since = 0): SimEvent[] {
    return this.events.since(since);
  }

  /** Every event still held, oldest first, and how many were ever logged (for the log's queries). */
  heldEvents(): { readonly events: readonly SimEvent[]; readonly logged: number } {
    return { events: this.events.held(), logged: this.events.logged };
  }

  /**
   * Validates `input` as the next step of the session and applies it. A step the scenario format
   * refuses is answered with -EINVAL and the schema's message, and changes nothing.
   */
  apply(input: unknown): ApplyResult {
    this.version++;
    // The new step is checked against the machine as it stands (its present devices), which is what
    // the whole file's cross-checks would see at this point, without re-reading every earlier step.
    const parsed = parseScenario({
      format: SCENARIO_FORMAT,
      version: SCENARIO_VERSION,
      machine: { ...this.machineSpec, devices: [...this.present.values()] },
      steps: [input],
    });
    const step = parsed.ok ? parsed.scenario.steps[0] : undefined;
    if (!parsed.ok || !step) {
      const reason = parsed.ok ? "no step given" : stepMessage(parsed.error, 0);
      this.events.push("result", `refused: ${reason}`, { errno: "EINVAL", ...refusedAbout(input) });
      return { result: { ok: false, errno: "EINVAL", reason } };
    }
    const record = this.run(step);
    return { result: record.result, record };
  }

  /**
   * Checks an `expect` step against the machine as it stands, without making it a step of the session
   * (a lesson's conditions): the failed expectations, empty when all hold.
   */
  check(expectStep: Step): readonly string[] {
    const r = runScenarioStep(
      this.platform,
      withStableTarget(this.platform, expectStep),
      this.records.length,
      this.lastRaise,
    );
    if (!r.result.ok && r.failedExpectations.length === 0) return [r.result.reason];
    return r.failedExpectations;
  }

  private run(given: Step): StepRecord {
    this.events.step = this.records.length;
    const step = withStableTarget(this.platform, given);
    const collector = new StepWritesCollector();
    this.collecting = collector;
    const r = runScenarioStep(this.platform, step, this.records.length, this.lastRaise);
    this.noteStoreWrites();
    this.collecting = undefined;
    this.writes.push(collector.finish(this.records.length));
    const result: StepResult = r.result.ok
      ? {
          ok: true,
          summary: r.result.summary,
          ...(r.result.irqs ? { irqs: r.result.irqs } : {}),
          ...(r.result.silent === undefined ? {} : { silent: r.result.silent }),
          // mirrors the runner's `delivered` check: handled by the irq raised, nothing silent
          ...(step.op === "raise"
            ? { delivered: r.result.delivery?.kind === "handled" && r.result.silent === undefined }
            : {}),
        }
      : r.result;
    const record: StepRecord = {
      n: r.n,
      step,
      what: r.what.trim(),
      result,
      ...(r.irq === undefined ? {} : { irq: r.irq }),
      // Only a step that names an interrupt has a target (an allocation's irqs are its outcome).
      ...(r.irq !== undefined && irqRefOf(step) ? { target: irqIdentity(this.platform, r.irq) } : {}),
      failedExpectations: r.failedExpectations,
    };
    this.records.push(record);
    if (result.ok && step.op === "device_add") this.present.set(step.device.name, step.device);
    if (result.ok && step.op === "device_remove") this.present.delete(step.device);
    this.events.push("result", formatStepLine(r), resultAbout(step, r.irq, result));
    return record;
  }

  private observer(): MachineObserver {
    const push = this.events.push.bind(this.events);
    // Tracepoints are kept as printer and fields: a line's irq= and cpu= are read from it when printed.
    const tracepoint = this.events.pushTracepoint.bind(this.events);
    return {
      tracepoint,
      warn: (cond) => push("warn", `WARNING: irq_matrix: WARN_ON_ONCE(${cond})`),
      prWarn: (msg) => push("warn", msg),
      vectorTracepoint: tracepoint,
      log: { warn: (m) => push("warn", m), debug: (m) => push("debug", m) },
    };
  }

  /** A guest's VMM side goes into the same log and write record (events of kind `virt`). */
  private attachGuest(world: GuestWorld): void {
    const sinkKind = { route: "kvm-route", hypercall: "hypercall", trap: "trap" } as const;
    const note = (e: VirtEvent) => {
      this.events.push("virt", e.text, {
        ...(e.device === undefined ? {} : { device: e.device }),
        ...(e.irq === undefined ? {} : { irq: e.irq }),
      });
      const kind = e.kind === "route" || e.kind === "hypercall" || e.kind === "trap" ? sinkKind[e.kind] : undefined;
      if (kind && this.collecting)
        this.collecting.virt({
          kind,
          machine: kind === "kvm-route" ? "host" : "main",
          ...(e.device === undefined ? {} : { device: e.device }),
          ...(e.irq === undefined ? {} : { irq: e.irq }),
          what: e.text,
        });
    };
    for (const e of world.bootEvents) note(e);
    world.onEvent = note;
    const hostIr = world.host.iommu;
    if (!hostIr) return;
    hostIr.onIrteWrite = (index, irte) => {
      const what = irte
        ? irte.pst
          ? `host IRTE ${index} posted: vector ${hex(irte.vector)} to descriptor ${hex(irte.pdaH * 2 ** 32 + irte.pdaL * 64)}`
          : `host IRTE ${index} remapped: vector ${hex(irte.vector)} dest ${hex(irte.destId)}`
        : `host IRTE ${index} cleared`;
      this.events.push("virt", `host irte_write: ${what}`);
      this.collecting?.virt({ kind: "host-irte", machine: "host", what });
    };
  }

  private irteWritten(index: number, irte: Irte | undefined, irq: number, before: Uint32Array): void {
    // The fields now: the entry is rewritten in place later, and the line is printed only when read.
    const present = irte?.present ?? false;
    const destId = irte?.destId ?? 0;
    // dest_id holds the APIC id (xAPIC: bits 15:8), and the model's APIC ids are the CPU numbers.
    const x2apic = this.platform.iommu?.config.x2apic ?? false;
    const cpu = present ? (x2apic ? destId : destId >>> 8) : undefined;
    if (irte) {
      this.events.pushPrinted("write", irq, cpu, IRTE_WRITE, index, present ? 1 : 0, irte.vector, destId, irte.sid);
    } else this.events.pushPrinted("write", irq, cpu, IRTE_CLEARED, index);
    const domain = this.platform.iommu?.domain.name;
    if (this.collecting && domain) {
      this.irteWordsBefore = before;
      this.irteAfter = irte;
      this.collecting.irte(domain, index, irq, this.irteImageBefore, this.irteImageAfter);
    }
  }

  private irteImage(irte: Irte | undefined): IrteImage {
    if (!irte?.present) return { present: false, vector: irte?.vector ?? 0, destId: irte?.destId ?? 0, cpu: -1 };
    const x2apic = this.platform.iommu?.config.x2apic ?? false;
    // A flat-logical destination (dst_mode 1) names CPU n as bit n, not APIC id n.
    const cpu = this.platform.machine.vector.cpuOfDest(irteDestApicid(irte, x2apic), irte.dstMode === 1);
    return { present: true, vector: irte.vector, destId: irte.destId, cpu };
  }

  /** The register writes each device store received since the last look, as event lines. */
  private noteStoreWrites(): void {
    for (const [device, store, slotOwners] of this.stores()) {
      const before = this.storeWrites.get(store) ?? 0;
      const now = store.writes;
      if (now === before) {
        this.images.track(store);
        continue;
      }
      this.storeWrites.set(store, now);
      const recent = store.recentWrites();
      const shown = recent.slice(Math.max(0, recent.length - (now - before)));
      const missed = now - before - shown.length;
      if (missed > 0) this.events.push("write", `${device} ${store.kind}: ${missed} earlier writes`, { device });
      // Which irq owns each slot, found only for a store that was written (and for that device alone).
      const owners = slotOwners();
      for (const w of shown) {
        const slot = w.slot < 0 ? "" : `[${w.slot}]`;
        const irq = w.slot < 0 ? undefined : owners.get(w.slot);
        this.events.push("write", () => `${device} ${store.kind}${slot} ${w.register} = ${hex(w.value)}`, {
          device,
          ...(irq === undefined ? {} : { irq }),
        });
      }
      if (this.collecting) this.collectEntries(this.collecting, device, store, shown, missed > 0, owners, now - before);
      this.images.track(store);
    }
  }

  /**
   * The step's writes to `store`, entry by entry, replayed from the words before the step. When the
   * log lost some (more than it holds), the entries whose words changed are added as one write each.
   */
  private collectEntries(
    c: StepWritesCollector,
    device: string,
    store: MessageStore,
    shown: readonly StoreWrite[],
    lost: boolean,
    owners: ReadonlyMap<number, number>,
    registers: number,
  ): void {
    c.registers(registers);
    const bySlot = new Map<number, StoreWrite[]>();
    for (const w of shown) if (w.slot >= 0) bySlot.set(w.slot, [...(bySlot.get(w.slot) ?? []), w]);
    const entry = (slot: number, writes: readonly StoreWrite[] | undefined) => {
      const { before, after, changed } = this.images.update(store, slot);
      const messages = writes ? replayEntry(before, writes, after) : changed ? [{ before, after }] : [];
      const irq = owners.get(slot);
      c.entry({
        kind: "device-entry",
        device,
        store: store.kind,
        slot,
        ...(irq === undefined ? {} : { irq }),
        before,
        after,
        messages,
        registers: writes?.length ?? messages.length,
      });
    };
    for (const [slot, writes] of bySlot) entry(slot, writes);
    if (!lost) return;
    // The entries whose words changed, each read once: kept whole while the record has room; beyond
    // (a 2,048-vector allocation) the copy moves on and one message is counted.
    for (let slot = 0; slot < store.slots; slot++) {
      if (bySlot.has(slot)) continue;
      if (!c.keepsEntry()) {
        // No entry is kept from here on (a step's record only grows): a table's rest is compared in one pass.
        const changed = this.images.takeRest(store, slot, bySlot);
        if (changed !== undefined) {
          c.countEntries(device, changed);
          return;
        }
        if (this.images.take(store, slot)) c.countEntry(device, 1);
      } else if (this.images.differs(store, slot)) entry(slot, undefined);
    }
  }

  /** Every device store, named as the log names it, with a way to find the irq behind each of its slots. */
  private *stores(): Generator<[string, MessageStore, () => ReadonlyMap<number, number>]> {
    const p = this.platform;
    yield [
      `ioapic${p.ioapic.hw.id}`,
      p.ioapic.hw,
      () => new Map([...p.ioapic.pins].map(([irq, pin]) => [pin.pin, irq])),
    ];
    const present = presentDevices(p);
    for (const h of present.hpets) yield [h.name, h.hw, () => new Map([...h.irqs])];
    for (const dev of present.pci) {
      const owners = (store: MessageStore) => () => pciStoreOwners(dev, store);
      if (dev.msiCap) yield [dev.name, dev.msiCap, owners(dev.msiCap)];
      if (dev.msixCap) yield [dev.name, dev.msixCap, owners(dev.msixCap)];
      if (dev.ims) yield [dev.name, dev.ims, owners(dev.ims)];
    }
  }
}

class BootRefused extends Error {}

// The irte_write line, printed when read from the fields taken at the write (the entry changes later).
const IRTE_WRITE: TracePrinter = (index, present, vector, destId, sid) =>
  `irte_write: index=${index} P=${present} vector=${hex(vector)} dest=${hex(destId)} sid=${hex(sid)}`;
const IRTE_CLEARED: TracePrinter = (index) => `irte_write: index=${index} cleared`;

/** What a step's outcome line concerns: its irq, device, CPU, op and (when refused) errno. */
function resultAbout(step: Step, irq: number | undefined, result: StepResult): EventAbout {
  const named = "device" in step ? step.device : undefined;
  const device = typeof named === "object" ? named.name : named;
  return {
    op: step.op,
    ...(irq === undefined ? {} : { irq }),
    ...(device === undefined ? {} : { device }),
    ...("cpu" in step ? { cpu: step.cpu } : {}),
    ...(result.ok ? {} : { errno: result.errno }),
  };
}

/** What a refused step's input names (its op, irq, device, CPU), as far as those fields are well-formed. */
function refusedAbout(input: unknown): EventAbout {
  if (typeof input !== "object" || input === null) return {};
  const { op, irq, device, cpu } = input as Record<string, unknown>;
  const whole = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
  return {
    ...(typeof op === "string" ? { op } : {}),
    ...(whole(irq) ? { irq } : {}),
    ...(typeof device === "string" ? { device } : {}),
    ...(whole(cpu) ? { cpu } : {}),
  };
}

/** The schema's message about the new step, without the `steps[N]` a person did not write. */
function stepMessage(error: string, n: number): string {
  const prefix = `steps[${n}]`;
  if (!error.startsWith(prefix)) return error;
  const rest = error.slice(prefix.length);
  return rest.startsWith(".") ? rest.slice(1) : rest.startsWith(": ") ? rest.slice(2) : rest;
}
