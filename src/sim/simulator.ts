/**
 * The simulator: applies commands to the kernel model, records the events they cause, returns results.
 * Pure TypeScript; the worker, the tests and the headless runner use it alike.
 */
import { lapicCanUnplugCpu } from "../kernel/arch/x86/vector";
import { type CpuMask, parseCpuList } from "../kernel/cpumask";
import { type ErrnoName, errnoText } from "../kernel/errno";
import { formatMatrixTraceEvent } from "../kernel/irq/matrix-trace-events";
import { bootMachine, type Machine, type MachineConfig } from "../kernel/machine";
import { type Command, describeCommand, type SimEvent, type StepResult } from "./commands";
import type { MatrixDrift } from "./invariants";

/** A vector the user holds. Managed ones keep their reservation mask and may be parked (shut down). */
export interface HeldVector {
  readonly id: number;
  /** The CPU list it was allocated on: its affinity. */
  readonly affinity: CpuMask;
  readonly managed: boolean;
  cpu: number;
  /** 0 while a managed vector is shut down because no CPU of its mask is online. */
  vector: number;
}

const MAX_LOG = 20000;
/** The most vectors one command may ask for: more than a 512-CPU machine has. */
export const MAX_ALLOC_COUNT = 110_000;

export class Simulator {
  readonly machine: Machine;
  readonly held: HeldVector[] = [];
  private nextId = 1;
  private seq = 0;
  private step = -1;
  private events: SimEvent[] = [];
  private staleCpus = new Set<number>();
  private offlineFrees = 0;
  /** Bumped by every command: the UI re-asks for views when it changes. */
  version = 0;

  constructor(readonly config: MachineConfig) {
    this.machine = bootMachine(config, {
      trace: (e) => this.push("trace", formatMatrixTraceEvent(e), "cpu" in e ? e.cpu : undefined),
      warn: (cond) => this.push("warn", `WARNING: irq_matrix: WARN_ON_ONCE(${cond})`),
      prWarn: (msg) => this.push("warn", msg),
    });
  }

  private push(kind: SimEvent["kind"], text: string, cpu?: number): void {
    this.events.push({ seq: this.seq++, step: this.step, kind, text, ...(cpu === undefined ? {} : { cpu }) });
    if (this.events.length > MAX_LOG) this.events.splice(0, this.events.length - MAX_LOG);
  }

  /** Events with seq >= `since`. */
  log(since = 0): SimEvent[] {
    const first = this.events.findIndex((e) => e.seq >= since);
    return first < 0 ? [] : this.events.slice(first);
  }

  /** The counter drifts the kernel itself has, for the invariant checker. */
  drift(): MatrixDrift {
    return { offlineFrees: this.offlineFrees, staleCpus: this.staleCpus };
  }

  /** Runs one command. Never throws for bad input: it returns the errno and leaves the state as it was. */
  apply(cmd: Command): StepResult {
    this.step++;
    this.version++;
    const result = this.run(cmd);
    const outcome = result.ok ? `ok: ${result.summary}` : `${errnoText(result.errno)}: ${result.reason}`;
    this.push("result", `#${this.step} ${describeCommand(cmd)} -> ${outcome}`);
    return result;
  }

  private fail(errno: ErrnoName, reason: string): StepResult {
    return { ok: false, errno, reason };
  }

  private checkCpu(cpu: number): StepResult | undefined {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.config.cpus) {
      return this.fail("EINVAL", `CPU ${cpu} does not exist (this machine has CPUs 0-${this.config.cpus - 1})`);
    }
    return undefined;
  }

  private run(cmd: Command): StepResult {
    switch (cmd.op) {
      case "vector_alloc":
        return this.vectorAlloc(cmd.cpus, cmd.count ?? 1, cmd.managed ?? false);
      case "vector_free":
        return this.vectorFree(cmd.handle);
      case "cpu_offline":
        return this.checkCpu(cmd.cpu) ?? this.cpuOffline(cmd.cpu);
      case "cpu_online":
        return this.checkCpu(cmd.cpu) ?? this.cpuOnline(cmd.cpu);
    }
  }

  private vectorAlloc(cpus: string, count: number, managed: boolean): StepResult {
    const { matrix, online } = this.machine;
    const parsed = parseCpuList(cpus, this.config.cpus);
    if (!parsed.ok) return parsed;
    if (!Number.isInteger(count) || count < 1 || count > MAX_ALLOC_COUNT) {
      return this.fail("EINVAL", `count must be a whole number from 1 to ${MAX_ALLOC_COUNT}`);
    }
    const mask = parsed.mask;
    const taken: string[] = [];
    for (let i = 0; i < count; i++) {
      let r: ReturnType<typeof matrix.alloc>;
      if (managed) {
        // mirrors assign_managed_vector(): reserve on every CPU of the mask, then take one on an online CPU.
        if (matrix.reserveManaged(mask) !== 0)
          return this.partial(
            taken,
            count,
            "ENOSPC",
            `irq_matrix_reserve_managed() found no free vector on one of CPUs ${mask.toList()}`,
          );
        this.noteOfflineManagedChange(mask);
        const targets = mask.and(online);
        r = targets.isEmpty() ? { err: -28 } : matrix.allocManaged(targets);
        if ("err" in r) {
          // No online CPU in the mask: the kernel parks it (MANAGED_IRQ_SHUTDOWN_VECTOR) until one comes up.
          this.held.push({ id: this.nextId++, affinity: mask, managed, cpu: mask.first(), vector: 0 });
          taken.push(`#${this.nextId - 1}: parked (no online CPU in ${mask.toList()})`);
          continue;
        }
      } else {
        r = matrix.alloc(mask, false);
        if ("err" in r) {
          const why =
            r.err === -22
              ? "the CPU list is empty"
              : mask.and(online).isEmpty()
                ? `no CPU of ${mask.toList()} is online`
                : `irq_matrix_alloc() found no free vector on CPUs ${mask.and(online).toList()}`;
          return this.partial(taken, count, r.err === -22 ? "EINVAL" : "ENOSPC", why);
        }
      }
      this.held.push({ id: this.nextId++, affinity: mask, managed, cpu: r.cpu, vector: r.vector });
      taken.push(`#${this.nextId - 1}: vector ${r.vector} on CPU ${r.cpu}`);
    }
    return { ok: true, summary: count === 1 ? (taken[0] ?? "") : `${count} vectors (last: ${taken.at(-1)})` };
  }

  /** A multi-vector request that stopped part way: the ones taken stay, as a loop of kernel calls leaves them. */
  private partial(taken: string[], count: number, errno: ErrnoName, why: string): StepResult {
    const done = taken.length === 0 ? "" : `allocated ${taken.length} of ${count}, then `;
    return this.fail(errno, `${done}${why}`);
  }

  private vectorFree(handle: number): StepResult {
    const i = this.held.findIndex((h) => h.id === handle);
    const h = this.held[i];
    if (!h) return this.fail("EINVAL", `no vector with handle #${handle} is allocated`);
    this.held.splice(i, 1);
    const { matrix } = this.machine;
    if (h.vector !== 0) {
      if (!matrix.maps[h.cpu]?.online) this.offlineFrees++;
      matrix.free(h.cpu, h.vector, h.managed);
    }
    if (h.managed) this.removeManaged(h);
    return {
      ok: true,
      summary: h.vector === 0 ? `freed parked #${handle}` : `freed vector ${h.vector} on CPU ${h.cpu}`,
    };
  }

  private removeManaged(h: HeldVector): void {
    this.noteOfflineManagedChange(h.affinity);
    this.machine.matrix.removeManaged(h.affinity);
  }

  /** Managed reservations changed on an offline, initialised map leave its `available` stale (spec §11.3). */
  private noteOfflineManagedChange(mask: CpuMask): void {
    const { matrix } = this.machine;
    for (const cpu of mask) if (!matrix.maps[cpu]?.online && matrix.maps[cpu]?.initialized) this.staleCpus.add(cpu);
  }

  /**
   * mirrors cpu_down() on x86: native_cpu_disable() asks lapic_can_unplug_cpu(), then
   * irq_migrate_all_off_this_cpu() moves each vector (managed ones shut down when their mask has no
   * other online CPU), and lapic_offline() takes the map offline.
   */
  private cpuOffline(cpu: number): StepResult {
    const { matrix, online } = this.machine;
    if (!online.has(cpu)) return { ok: true, summary: `CPU ${cpu} is already offline: nothing to do` };
    // x86 has had no cpu0/online file since v6.5 (arch_cpu_is_hotpluggable() is false for CPU 0).
    if (cpu === 0) return this.fail("EPERM", "CPU 0 cannot be taken offline on x86 (it has no online file)");
    if (online.weight() === 1) return this.fail("EBUSY", "the last online CPU cannot be taken offline");
    const check = lapicCanUnplugCpu(matrix, cpu);
    if (!check.ok) return this.fail("ENOSPC", check.messages[0] ?? "not enough vectors on the other CPUs");
    online.clear(cpu);
    let moved = 0;
    let parked = 0;
    for (const h of this.held) {
      if (h.cpu !== cpu || h.vector === 0) continue;
      if (h.managed) {
        const others = h.affinity.and(online);
        matrix.free(cpu, h.vector, true);
        const r = others.isEmpty() ? undefined : matrix.allocManaged(others);
        if (r && !("err" in r)) {
          h.cpu = r.cpu;
          h.vector = r.vector;
          moved++;
        } else {
          h.vector = 0;
          parked++;
        }
        continue;
      }
      let targets = h.affinity.and(online);
      if (targets.isEmpty()) {
        // The kernel breaks the affinity and says so (irq_migrate_all_off_this_cpu()).
        this.push("warn", `vector ${h.vector}: no longer affine to CPU${cpu}`);
        targets = online.copy();
      }
      const r = matrix.alloc(targets, false);
      if ("err" in r) {
        this.push("warn", `vector ${h.vector} on CPU${cpu}: set affinity failed(${r.err}).`);
        continue;
      }
      matrix.free(cpu, h.vector, false);
      h.cpu = r.cpu;
      h.vector = r.vector;
      moved++;
    }
    matrix.offline(cpu);
    return { ok: true, summary: `CPU ${cpu} offline; ${moved} vector(s) moved, ${parked} managed shut down` };
  }

  /** mirrors lapic_online() + irq_affinity_online_cpu(): the map comes back, parked managed vectors restart. */
  private cpuOnline(cpu: number): StepResult {
    const { matrix, online } = this.machine;
    if (online.has(cpu)) return { ok: true, summary: `CPU ${cpu} is already online: nothing to do` };
    matrix.online(cpu);
    online.set(cpu);
    let restarted = 0;
    for (const h of this.held) {
      if (!h.managed || h.vector !== 0 || !h.affinity.has(cpu)) continue;
      const r = matrix.allocManaged(h.affinity.and(online));
      if ("err" in r) continue;
      h.cpu = r.cpu;
      h.vector = r.vector;
      restarted++;
    }
    return { ok: true, summary: `CPU ${cpu} online; ${restarted} managed vector(s) restarted` };
  }

  /** /sys/kernel/debug/irq/domains/VECTOR as the kernel prints it. */
  debugfsVectorDomain(): string {
    const { matrix, online } = this.machine;
    const header = [
      "name:   VECTOR",
      " size:   0",
      ` mapped: ${this.held.length}`,
      " flags:  0x00000003",
      "            IRQ_DOMAIN_FLAG_HIERARCHY",
      "            IRQ_DOMAIN_NAME_ALLOCATED",
    ];
    return `${header.join("\n")}\n${matrix.debugShow(online, 1)}`;
  }
}
