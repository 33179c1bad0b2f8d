/**
 * The vector-level simulator: drives the VECTOR domain with raw blocks of irqs (no devices, no IR),
 * for issue #3's model-based tests and hotplug benchmark. The browser runs `Simulator` on a whole
 * Platform (simulator.ts).
 */
import { raiseIrq } from "../kernel/arch/x86/irq";
import { cpuDown, cpuUp } from "../kernel/arch/x86/smpboot";
import { type CpuMask, parseCpuList } from "../kernel/cpumask";
import { type ErrnoName, errnoText, type KernelError } from "../kernel/errno";
import { domainDebugShow } from "../kernel/irq/debugfs";
import { IRQD } from "../kernel/irq/irqdesc";
import { freeIrq, requestIrq } from "../kernel/irq/manage";
import type { MatrixTraceEvent } from "../kernel/irq/matrix";
import { formatMatrixTraceEvent } from "../kernel/irq/matrix-trace-events";
import { writeIrqAffinity } from "../kernel/irq/proc";
import { bootMachine, type Machine, type MachineConfig } from "../kernel/machine";
import { EventLog, type SimEvent } from "./event-log";
import type { MatrixDrift } from "./invariants";
import { allocIrqBlock, freeIrqBlock, IRQ_KINDS, type IrqBlock, type IrqKind } from "./irq-blocks";
import { describeVectorState } from "./irq-state";
import { type Command, describeCommand, type StepResult } from "./vector-commands";

/** The most irqs one allocation may ask for. */
export const MAX_BLOCK = 16384;
/** The most repetitions one raise or tick command may ask for. */
export const MAX_REPEAT = 10000;
const NAME_RE = /^[\w.:@[\]-]{1,32}$/;

function fail(errno: ErrnoName, reason: string): StepResult {
  return { ok: false, errno, reason };
}
const failWith = (e: KernelError, prefix = ""): StepResult => fail(e.errno, `${prefix}${e.reason}`);

export class VectorSimulator {
  readonly machine: Machine;
  /** Allocated blocks by first irq, and each irq's block. */
  readonly blocks = new Map<number, IrqBlock>();
  private readonly blockOfIrq = new Map<number, IrqBlock>();
  private nextDevice = 0;
  private readonly events = new EventLog();
  private staleCpus = new Set<number>();
  private offlineFrees = 0;
  /** Bumped by every command: the UI re-asks for views when it changes. */
  version = 0;

  constructor(readonly config: MachineConfig) {
    this.machine = bootMachine(config, {
      trace: (e) => this.matrixEvent(e),
      warn: (cond) => this.push("warn", `WARNING: irq_matrix: WARN_ON_ONCE(${cond})`),
      prWarn: (msg) => this.push("warn", msg),
      vectorTracepoint: this.events.pushTracepoint.bind(this.events),
      log: { warn: (m) => this.push("warn", m), debug: (m) => this.push("debug", m) },
    });
  }

  private matrixEvent(e: MatrixTraceEvent): void {
    const cpu = "cpu" in e ? e.cpu : undefined;
    if (cpu !== undefined) {
      const cm = this.machine?.matrix.maps[cpu];
      // The counter drifts the kernel really has (spec §11.2–11.3), for the invariant checker.
      if (e.name === "irq_matrix_free" && !e.online) this.offlineFrees++;
      if (
        (e.name === "irq_matrix_reserve_managed" || e.name === "irq_matrix_remove_managed") &&
        !e.online &&
        cm?.initialized
      ) {
        this.staleCpus.add(cpu);
      }
    }
    this.events.push("trace", () => formatMatrixTraceEvent(e), cpu === undefined ? {} : { cpu });
  }

  private push(kind: SimEvent["kind"], text: string, cpu?: number, irq?: number): void {
    this.events.push(kind, text, { cpu, irq });
  }

  /** Events with seq >= `since`. */
  log(since = 0): SimEvent[] {
    return this.events.since(since);
  }

  /** The counter drifts the kernel itself has, for the invariant checker. */
  drift(): MatrixDrift {
    return { offlineFrees: this.offlineFrees, staleCpus: this.staleCpus };
  }

  blockOf(irq: number): IrqBlock | undefined {
    return this.blockOfIrq.get(irq);
  }

  /** Runs one command. Never throws for bad input: it returns the errno and leaves the state as it was. */
  apply(cmd: Command): StepResult {
    this.events.step++;
    this.version++;
    const result = this.run(cmd);
    const outcome = result.ok ? `ok: ${result.summary}` : `${errnoText(result.errno)}: ${result.reason}`;
    this.push("result", `#${this.events.step} ${describeCommand(cmd)} -> ${outcome}`);
    return result;
  }

  private checkCpu(cpu: number): StepResult | undefined {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.config.cpus) {
      return fail("EINVAL", `CPU ${cpu} does not exist (this machine has CPUs 0-${this.config.cpus - 1})`);
    }
    return undefined;
  }

  private checkCount(what: string, n: number | undefined, max: number): StepResult | undefined {
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < 1 || n > max)
      return fail("EINVAL", `${what} must be a whole number from 1 to ${max}`);
    return undefined;
  }

  /** The irqs `irq`..`irq+count-1`, which must all be allocated device irqs. */
  private checkIrqRange(irq: number, count = 1): StepResult | undefined {
    for (let i = irq; i < irq + count; i++) {
      if (!Number.isInteger(i) || i < 0) return fail("EINVAL", `${i} is not an irq number`);
      if (this.blockOfIrq.has(i)) continue;
      if (this.machine.descs.isAllocated(i)) {
        return fail("ENOSYS", `irq ${i} is a legacy (PIC) irq; this model drives only the irqs you allocate`);
      }
      return fail("ENOENT", `irq ${i} is not allocated`);
    }
    return undefined;
  }

  private run(cmd: Command): StepResult {
    switch (cmd.op) {
      case "irq_alloc":
        return this.irqAlloc(cmd);
      case "irq_request":
        return (
          this.checkCount("count", cmd.count, MAX_BLOCK) ??
          this.checkIrqRange(cmd.irq, cmd.count) ??
          this.irqRequest(cmd)
        );
      case "irq_free":
        return (
          this.checkCount("count", cmd.count, MAX_BLOCK) ?? this.checkIrqRange(cmd.irq, cmd.count) ?? this.irqFree(cmd)
        );
      case "irq_dealloc":
        return this.checkIrqRange(cmd.irq) ?? this.irqDealloc(cmd.irq);
      case "irq_set_affinity":
        return this.checkIrqRange(cmd.irq) ?? this.irqSetAffinity(cmd.irq, cmd.cpus, cmd.form ?? "list");
      case "irq_raise":
        return (
          this.checkCount("times", cmd.times, MAX_REPEAT) ??
          this.checkIrqRange(cmd.irq) ??
          this.irqRaise(cmd.irq, cmd.times ?? 1)
        );
      case "tick":
        return this.checkCount("jiffies", cmd.jiffies, MAX_REPEAT) ?? this.tick(cmd.jiffies ?? 1);
      case "cpu_offline":
        return this.checkCpu(cmd.cpu) ?? this.cpuOffline(cmd.cpu);
      case "cpu_online":
        return this.checkCpu(cmd.cpu) ?? this.cpuOnline(cmd.cpu);
    }
  }

  private irqAlloc(cmd: Extract<Command, { op: "irq_alloc" }>): StepResult {
    const kind: IrqKind = cmd.kind ?? "reserve";
    if (!IRQ_KINDS.includes(kind)) return fail("EINVAL", `kind must be one of ${IRQ_KINDS.join(", ")}`);
    const bad = this.checkCount("count", cmd.count, MAX_BLOCK);
    if (bad) return bad;
    let count = cmd.count ?? 1;
    const name = cmd.name ?? `dev${this.nextDevice}`;
    if (!NAME_RE.test(name)) return fail("EINVAL", `name ${JSON.stringify(name)}: use 1-32 letters, digits or _.:@[]-`);
    let cpus: CpuMask | undefined;
    if (cmd.cpus !== undefined && cmd.cpus.trim() !== "") {
      const parsed = parseCpuList(cmd.cpus, this.config.cpus);
      if (!parsed.ok) return failWith(parsed);
      if (parsed.mask.isEmpty()) return fail("EINVAL", "the CPU list names no CPU");
      cpus = parsed.mask;
    }
    if (kind === "fixed" && !cpus) return fail("EINVAL", "a fixed target needs a CPU list (irq_alloc_info.mask)");
    let note = "";
    if (kind === "managed") {
      const spread = (cpus ?? this.machine.online).weight();
      if (count > spread) {
        note = ` (capped from ${count} to ${spread}: one managed irq per CPU, as irq_calc_affinity_vectors() does)`;
        count = spread;
      }
    }
    const block = allocIrqBlock(this.machine, { count, kind, cpus, name, pcntxt: cmd.pcntxt ?? false });
    if ("ok" in block) return failWith(block);
    this.nextDevice++;
    this.blocks.set(block.first, block);
    for (let irq = block.first; irq < block.first + count; irq++) this.blockOfIrq.set(irq, block);
    const range = count === 1 ? `irq ${block.first}` : `irqs ${block.first}-${block.first + count - 1}`;
    return {
      ok: true,
      summary: `${range} "${name}" (${kind})${note}: ${this.stateText(block.first)}`,
      firstIrq: block.first,
    };
  }

  private stateText(irq: number): string {
    return describeVectorState(this.machine, irq).text;
  }

  private irqRequest(cmd: Extract<Command, { op: "irq_request" }>): StepResult {
    const count = cmd.count ?? 1;
    const done: string[] = [];
    for (let irq = cmd.irq; irq < cmd.irq + count; irq++) {
      const block = this.blockOfIrq.get(irq);
      if (!block) continue;
      const name =
        cmd.name === undefined
          ? `${block.name}q${irq - block.first}`
          : count > 1
            ? `${cmd.name}${irq - cmd.irq}`
            : cmd.name;
      const err = requestIrq(this.machine.core, irq, name, cmd.shared ?? false);
      if (err) return failWith(err, done.length ? `requested ${done.length} of ${count}, then ` : "");
      done.push(`irq ${irq} "${name}": ${this.stateText(irq)}`);
    }
    return { ok: true, summary: count === 1 ? (done[0] ?? "") : `${count} irqs requested; last ${done.at(-1)}` };
  }

  private irqFree(cmd: Extract<Command, { op: "irq_free" }>): StepResult {
    const count = cmd.count ?? 1;
    for (let irq = cmd.irq; irq < cmd.irq + count; irq++) {
      const err = freeIrq(this.machine.core, irq, cmd.name);
      if (err) return failWith(err, irq > cmd.irq ? `freed ${irq - cmd.irq} of ${count}, then ` : "");
    }
    const last = cmd.irq + count - 1;
    return {
      ok: true,
      summary:
        count === 1
          ? `irq ${cmd.irq}: ${this.stateText(cmd.irq)}`
          : `${count} irqs freed; irq ${last}: ${this.stateText(last)}`,
    };
  }

  private irqDealloc(irq: number): StepResult {
    const block = this.blockOfIrq.get(irq);
    if (!block) return fail("ENOENT", `irq ${irq} is not allocated`);
    for (let i = block.first; i < block.first + block.count; i++) {
      const desc = this.machine.descs.desc(i);
      if (desc && desc.actions.length > 0) {
        return fail(
          "EBUSY",
          `irq ${i} of "${block.name}" still has a handler (${desc.actions[0]?.name}): free_irq() it first`,
        );
      }
    }
    freeIrqBlock(this.machine, block);
    this.blocks.delete(block.first);
    for (let i = block.first; i < block.first + block.count; i++) this.blockOfIrq.delete(i);
    return { ok: true, summary: `"${block.name}" gave back irqs ${block.first}-${block.first + block.count - 1}` };
  }

  private irqSetAffinity(irq: number, cpus: string, form: "list" | "mask"): StepResult {
    if (form !== "list" && form !== "mask") return fail("EINVAL", 'form must be "list" or "mask"');
    const before = describeVectorState(this.machine, irq);
    const err = writeIrqAffinity(this.machine.core, irq, cpus, form);
    if (err) return failWith(err);
    const after = describeVectorState(this.machine, irq);
    return { ok: true, summary: `irq ${irq}: ${after.text}${after.text === before.text ? " (no change)" : ""}` };
  }

  private irqRaise(irq: number, times: number): StepResult {
    let last = "";
    for (let i = 0; i < times; i++) {
      const d = raiseIrq(this.machine, irq);
      if ("ok" in d) return failWith(d);
      if (d.kind === "masked")
        return { ok: true, summary: `irq ${irq} is masked (not started): the device holds the message back` };
      if (d.kind === "lost")
        return { ok: true, summary: `irq ${irq}: vector ${d.vector} on CPU ${d.cpu} was lost: ${d.why}` };
      last = `handled on CPU ${d.cpu} (vector ${d.vector})`;
    }
    return { ok: true, summary: `irq ${irq} ${times > 1 ? `×${times} ` : ""}${last}; now ${this.stateText(irq)}` };
  }

  private tick(jiffies: number): StepResult {
    const { clock, vector } = this.machine;
    let ran = 0;
    for (let i = 0; i < jiffies; i++) {
      clock.jiffies++;
      ran += vector.runExpiredTimers();
    }
    return { ok: true, summary: `jiffies ${clock.jiffies}; ${ran} vector cleanup timer(s) ran` };
  }

  private cpuOffline(cpu: number): StepResult {
    if (!this.machine.online.has(cpu)) return { ok: true, summary: `CPU ${cpu} is already offline: nothing to do` };
    const err = cpuDown(this.machine, cpu);
    if (err) return failWith(err);
    return { ok: true, summary: `CPU ${cpu} offline; ${this.countOn(cpu)}` };
  }

  private cpuOnline(cpu: number): StepResult {
    if (this.machine.online.has(cpu)) return { ok: true, summary: `CPU ${cpu} is already online: nothing to do` };
    cpuUp(this.machine, cpu);
    return { ok: true, summary: `CPU ${cpu} online; ${this.countOn(cpu)}` };
  }

  /** How many device irqs now have their vector on `cpu`, and how many managed ones are shut down. */
  private countOn(cpu: number): string {
    let on = 0;
    let shutdown = 0;
    for (const [irq, a] of this.machine.vector.apicd) {
      if (a.vector !== 0 && a.cpu === cpu) on++;
      const desc = this.machine.descs.desc(irq);
      if (desc?.has(IRQD.MANAGED_SHUTDOWN) && desc.actions.length > 0) shutdown++;
    }
    return `${on} irq(s) have their vector there, ${shutdown} managed irq(s) are shut down`;
  }

  /** /sys/kernel/debug/irq/domains/VECTOR as the kernel prints it. */
  debugfsVectorDomain(): string {
    return domainDebugShow(this.machine.vector.domain);
  }
}
