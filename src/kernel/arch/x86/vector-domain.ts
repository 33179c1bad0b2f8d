/**
 * The x86 VECTOR irqdomain (arch/x86/kernel/apic/vector.c): the root of every hierarchy. Gives each
 * Linux irq its CPU and vector through the matrix: reservation mode, managed reservations, fixed
 * targets, activation/deactivation and teardown. Emits the irq_vectors tracepoints as ftrace prints them.
 */

import { lowestSetBit } from "../../bitmap";
import { CpuMask } from "../../cpumask";
import { ERRNO, type KernelError, kernelError } from "../../errno";
import { IRQD, type IrqDescTable, oneCpu } from "../../irq/irqdesc";
import {
  type Err,
  IRQ_DOMAIN_FLAG,
  IRQ_SET_MASK_OK,
  type IrqAllocInfo,
  type IrqData,
  IrqDomain,
  type IrqDomainOps,
  irqDomainGetIrqData,
  type SetAffinityResult,
} from "../../irq/irqdomain";
import type { IrqMatrix } from "../../irq/matrix";
import type { TracePrinter, TracepointSink } from "../../tracepoint";
import { APICD, ApicChipDataTable } from "./apic-chip-data";
import { irqMsiComposeMsg } from "./msi-format";
import { ISA_IRQ_VECTOR_BASE, MANAGED_IRQ_SHUTDOWN_VECTOR, NR_VECTORS } from "./vector";

export interface VectorDomainObserver {
  /** One irq_vectors tracepoint, as ftrace prints it after the event name. */
  trace?(line: string): void;
  /** The same tracepoint as its printer and fields, printed only if the observer wants the line (preferred to `trace`). */
  tracepoint?: TracepointSink;
  /** A kernel log line (pr_warn / pr_err / WARN). */
  warn?(message: string): void;
}

/**
 * How the previous vector of a moved irq is released: a per-CPU timer one jiffy later (v6.6+), or
 * the IRQ_MOVE_CLEANUP_VECTOR IPI, handled on the old CPU at once (before v6.6).
 */
export type MoveCleanup = "timer" | "ipi";

export interface VectorDomainOptions {
  readonly cleanup: MoveCleanup;
  /** The clock the cleanup timers run on. */
  readonly clock: { jiffies: number };
  /** Legacy irqs still driven by the PIC (not taken over by an IO-APIC): io_apic_irqs clear. */
  readonly legacyPicIrqs: number;
  /** The domain is the MSI parent of per-device MSI domains (v6.2+): IRQ_DOMAIN_FLAG_MSI_PARENT. */
  readonly msiParent: boolean;
  /**
   * apic->dest_mode_logical: the flat APIC driver (xAPIC, at most 8 CPUs, before v6.9) addresses CPU n
   * as the logical destination 1 << n; otherwise the destination is the APIC id (= CPU number here).
   */
  readonly destModeLogical: boolean;
}

// The irq_vectors tracepoints (arch/x86/include/asm/trace/irq_vectors.h), printed from their fields.
const VECTOR_SETUP: TracePrinter = (irq, isLegacy, ret) => `vector_setup: irq=${irq} is_legacy=${isLegacy} ret=${ret}`;
const VECTOR_RESERVE_MANAGED: TracePrinter = (irq, ret) => `vector_reserve_managed: irq=${irq} ret=${ret}`;
const VECTOR_RESERVE: TracePrinter = (irq, ret) => `vector_reserve: irq=${irq} ret=${ret}`;
const VECTOR_CONFIG: TracePrinter = (irq, vector, cpu, apicdest) =>
  `vector_config: irq=${irq} vector=${vector} cpu=${cpu} apicdest=0x${apicdest.toString(16).padStart(8, "0")}`;
/** vector_update and vector_clear print the same fields (the irq_vector_mod class). */
const vectorMod =
  (name: string): TracePrinter =>
  (irq, vector, cpu, prevVector, prevCpu) =>
    `${name}: irq=${irq} vector=${vector} cpu=${cpu} prev_vector=${prevVector} prev_cpu=${prevCpu}`;
/** vector_activate and vector_deactivate likewise (the vector_activation class). */
const vectorActivation =
  (name: string): TracePrinter =>
  (irq, isManaged, canReserve, reserve) =>
    `${name}: irq=${irq} is_managed=${isManaged} can_reserve=${canReserve} reserve=${reserve}`;
const VECTOR_UPDATE = vectorMod("vector_update");
const VECTOR_ALLOC: TracePrinter = (irq, vector, reserved, ret) =>
  `vector_alloc: irq=${irq} vector=${vector} reserved=${reserved} ret=${ret}`;
const VECTOR_ALLOC_MANAGED: TracePrinter = (irq, vector, ret) =>
  `vector_alloc_managed: irq=${irq} vector=${vector} ret=${ret}`;
const VECTOR_ACTIVATE = vectorActivation("vector_activate");
const VECTOR_DEACTIVATE = vectorActivation("vector_deactivate");
const VECTOR_CLEAR = vectorMod("vector_clear");
const VECTOR_FREE_MOVED: TracePrinter = (irq, cpu, vector, isManaged) =>
  `vector_free_moved: irq=${irq} cpu=${cpu} vector=${vector} is_managed=${isManaged}`;
const VECTOR_TEARDOWN: TracePrinter = (irq, isManaged, hasReserved) =>
  `vector_teardown: irq=${irq} is_managed=${isManaged} has_reserved=${hasReserved}`;

/** vector_irq[] markers besides a Linux irq number. */
export const VECTOR_UNUSED = -1;
export const VECTOR_SHUTDOWN = -2;
/** msi_set_affinity() marks a free slot it may hit during a two-step move: a hit there is ignored. */
export const VECTOR_RETRIGGERED = -3;

/** The VECTOR domain with its per-irq chip data and per-CPU vector_irq tables. */
export class X86VectorDomain {
  readonly domain: IrqDomain;
  /** apic_chip_data of each irq (irq_data.chip_data at this level). */
  readonly apicd = new ApicChipDataTable();
  /** per_cpu(vector_irq): irq number, or VECTOR_UNUSED / VECTOR_SHUTDOWN. */
  readonly vectorIrq: Int32Array[];

  /** per_cpu(vector_cleanup): the irqs whose previous vector waits on each CPU, newest first (hlist_add_head). */
  readonly cleanupList: number[][];
  /** The jiffy each CPU's cleanup timer expires at, or -1 when it is not pending. */
  readonly cleanupTimer: Int32Array;
  /**
   * cpumask_of_node() of the one NUMA node: empty while the boot CPU sets up interrupts alone (the
   * node map is filled when smp_prepare_cpus() identifies the CPUs), every CPU afterwards.
   */
  readonly nodeCpus: CpuMask;
  private readonly opts: VectorDomainOptions;

  constructor(
    readonly descs: IrqDescTable,
    readonly matrix: IrqMatrix,
    /** cpu_online_mask, shared with the machine. */
    readonly online: CpuMask,
    readonly observer: VectorDomainObserver = {},
    opts: Partial<VectorDomainOptions> = {},
  ) {
    this.opts = {
      cleanup: opts.cleanup ?? "timer",
      clock: opts.clock ?? { jiffies: 0 },
      legacyPicIrqs: opts.legacyPicIrqs ?? 0,
      msiParent: opts.msiParent ?? true,
      destModeLogical: opts.destModeLogical ?? false,
    };
    this.vectorIrq = Array.from({ length: matrix.nrCpus }, () => new Int32Array(NR_VECTORS).fill(VECTOR_UNUSED));
    this.cleanupList = Array.from({ length: matrix.nrCpus }, () => []);
    this.cleanupTimer = new Int32Array(matrix.nrCpus).fill(-1);
    this.nodeCpus = CpuMask.all(matrix.nrCpus);
    const ops: IrqDomainOps = {
      alloc: (_d, virq, n, info) => this.allocIrqs(virq, n, info),
      free: (_d, virq, n) => this.freeIrqs(virq, n),
      activate: (_d, data, reserve) => this.activate(data, reserve),
      deactivate: (_d, data) => this.deactivate(data),
      setAffinity: (_d, data, dest) => this.setAffinity(data, dest),
      ack: (_d, data, cpu) => this.irqCompleteMove(data, cpu),
      forceCompleteMove: (_d, data, cpu) => this.forceCompleteMove(data, cpu),
      // mirrors x86_vector_msi_compose_msg(): a compatibility-format message to the hardware config.
      composeMsiMsg: (_d, data) => {
        const irq = this.chipData(data);
        const a = this.apicd;
        return irqMsiComposeMsg(a.hwVector[irq] ?? 0, this.apicDest(a.hwCpu[irq] ?? 0), this.destOpts).msg;
      },
      debugShow: (_d, data, ind) =>
        data ? this.debugShowIrq(data, ind) : this.matrix.debugShow(this.online, ind).replace(/\n$/, "").split("\n"),
    };
    const flags =
      IRQ_DOMAIN_FLAG.HIERARCHY |
      IRQ_DOMAIN_FLAG.NAME_ALLOCATED |
      (this.opts.msiParent ? IRQ_DOMAIN_FLAG.MSI_PARENT : 0);
    this.domain = new IrqDomain("VECTOR", ops, undefined, flags);
    for (let cpu = 0; cpu < matrix.nrCpus; cpu++) this.resetVectorIrq(cpu);
  }

  /** One tracepoint: the line is printed here only for an observer that takes lines. */
  private trace(print: TracePrinter, a: number, b = 0, c = 0, d = 0, e = 0): void {
    const o = this.observer;
    if (o.tracepoint) o.tracepoint(print, a, b, c, d, e);
    else o.trace?.(print(a, b, c, d, e));
  }

  /** The VECTOR-level irq_data of `irq` (irq_domain_get_irq_data). */
  irqData(irq: number): IrqData | undefined {
    return irqDomainGetIrqData(this.descs, this.domain, irq);
  }

  /** The irq whose apic_chip_data the level's code reads (irq_data_get_irq_chip_data()). */
  private chipData(data: IrqData): number {
    if (!this.apicd.has(data.irq)) throw new RangeError(`irq ${data.irq} has no apic_chip_data`);
    return data.irq;
  }

  private affinityOf(data: IrqData): CpuMask {
    return data.desc.affinity ?? this.online.copy();
  }

  private firstOnline(): number {
    return this.online.first();
  }

  /** mirrors x86_vector_alloc_irqs(): per irq chip data, hwirq = virq, then the allocation policy. */
  private allocIrqs(virq: number, nrIrqs: number, info: IrqAllocInfo): Err {
    for (let i = 0; i < nrIrqs; i++) {
      const irq = virq + i;
      const data = this.irqData(irq);
      if (!data) return kernelError("EINVAL", `irq ${irq} has no VECTOR level`);
      this.apicd.add(irq);
      data.hwirq = irq;
      data.chip = "APIC";
      data.desc.set(IRQD.SINGLE_TARGET | IRQD.HANDLE_ENFORCE_IRQCTX | IRQD.AFFINITY_ON_ACTIVATE);
      if (info.legacy && !this.configureLegacy(data)) continue;
      const err = this.assignPolicy(data, info);
      this.trace(VECTOR_SETUP, irq, 0, err ? -ERRNO[err.errno] : 0);
      if (err) {
        this.apicd.delete(irq);
        this.freeIrqs(virq, i);
        return err;
      }
    }
    return undefined;
  }

  /**
   * mirrors vector_configure_legacy(): an activated legacy irq (the timer) keeps 0x30+irq on CPU 0;
   * the others give that vector back and continue with the normal policy. Returns whether to continue.
   */
  private configureLegacy(data: IrqData): boolean {
    const irq = data.irq;
    const a = this.apicd;
    a.vector[irq] = ISA_IRQ_VECTOR_BASE + irq;
    a.cpu[irq] = 0;
    if (data.desc.has(IRQD.ACTIVATED)) {
      this.trace(VECTOR_SETUP, irq, 1, 0);
      this.updateIrqCfg(data, ISA_IRQ_VECTOR_BASE + irq, 0);
      return false;
    }
    a.setFlag(irq, APICD.CAN_RESERVE, true);
    data.desc.set(IRQD.CAN_RESERVE);
    this.clearIrqVector(data);
    return true;
  }

  /** mirrors assign_irq_vector_policy(): managed → reserve on every CPU; a fixed mask → vector now; else reserve. */
  private assignPolicy(data: IrqData, info: IrqAllocInfo): Err {
    if (data.desc.has(IRQD.AFFINITY_MANAGED)) {
      // mirrors reserve_managed_vector()
      this.apicd.setFlag(data.irq, APICD.IS_MANAGED, true);
      const ret = this.matrix.reserveManaged(this.affinityOf(data));
      this.trace(VECTOR_RESERVE_MANAGED, data.irq, ret);
      return ret === 0
        ? undefined
        : kernelError("ENOSPC", `no free vector for the managed reservation of irq ${data.irq}`);
    }
    if (info.mask) {
      // mirrors assign_irq_vector(): the fixed target's online CPUs
      return this.assignVectorLocked(data, info.mask.and(this.online));
    }
    this.reserveIrqVector(data);
    return undefined;
  }

  /** mirrors reserve_irq_vector_locked(): a global promise, the hardware parked on 0xef. */
  private reserveIrqVector(data: IrqData): void {
    this.matrix.reserve();
    this.apicd.setFlag(data.irq, APICD.CAN_RESERVE | APICD.HAS_RESERVED, true);
    data.desc.set(IRQD.CAN_RESERVE);
    this.trace(VECTOR_RESERVE, data.irq, 0);
    this.assignManagedShutdown(data);
  }

  /** apic->dest_mode_logical, as the compose options of a compatibility-format message take it. */
  get destOpts(): { readonly destModeLogical: boolean } {
    return { destModeLogical: this.opts.destModeLogical };
  }

  /** mirrors apic->calc_dest_apicid(): flat logical 1 << cpu, else the APIC id (the CPU number). */
  apicDest(cpu: number): number {
    return this.opts.destModeLogical ? (1 << cpu) >>> 0 : cpu;
  }

  /** The CPU a destination names (the lowest set bit of a logical one), or -1. */
  cpuOfDest(dest: number, logical: boolean): number {
    if (!logical) return dest;
    return dest === 0 ? -1 : lowestSetBit(dest);
  }

  /** mirrors vector_assign_managed_shutdown(): point the hardware at 0xef on the first online CPU. */
  private assignManagedShutdown(data: IrqData): void {
    this.updateIrqCfg(data, MANAGED_IRQ_SHUTDOWN_VECTOR, this.firstOnline());
  }

  /** mirrors apic_update_irq_cfg(): the hardware config and the effective affinity follow the new target. */
  private updateIrqCfg(data: IrqData, vector: number, cpu: number): void {
    this.apicd.hwVector[data.irq] = vector;
    this.apicd.hwCpu[data.irq] = cpu;
    // irq_data_update_effective_affinity(): a vector irq targets exactly one CPU.
    // A shared one-CPU mask: descriptors never change their masks in place.
    data.desc.effective = oneCpu(data.desc.effective.nbits, cpu);
    this.trace(VECTOR_CONFIG, data.irq, vector, cpu, this.apicDest(cpu));
  }

  /** mirrors apic_update_vector(): the old vector stays for cleanup if its CPU is online, else it is freed now. */
  private updateVector(data: IrqData, newVector: number, newCpu: number): void {
    const irq = data.irq;
    const a = this.apicd;
    const vector = a.vector[irq] ?? 0;
    const cpu = a.cpu[irq] ?? 0;
    this.trace(VECTOR_UPDATE, irq, newVector, newCpu, vector, cpu);
    a.prevVector[irq] = 0;
    if (vector !== 0 && vector !== MANAGED_IRQ_SHUTDOWN_VECTOR) {
      if (this.online.has(cpu)) {
        a.setFlag(irq, APICD.MOVE_IN_PROGRESS, true);
        a.prevVector[irq] = vector;
        a.prevCpu[irq] = cpu;
      } else {
        this.matrix.free(cpu, vector, data.desc.has(IRQD.AFFINITY_MANAGED));
      }
    }
    a.vector[irq] = newVector;
    a.cpu[irq] = newCpu;
    const table = this.vectorIrq[newCpu];
    if (table) table[newVector] = irq;
  }

  /** mirrors assign_vector_locked(): keep a vector already on an allowed online CPU; refuse during a move. */
  private assignVectorLocked(data: IrqData, dest: CpuMask): Err {
    const irq = data.irq;
    const a = this.apicd;
    const cpu = a.cpu[irq] ?? 0;
    if (a.vector[irq] !== 0 && this.online.has(cpu) && dest.has(cpu)) return undefined;
    if (a.test(irq, APICD.MOVE_IN_PROGRESS | APICD.CLEANUP_PENDING)) {
      return kernelError("EBUSY", `irq ${irq} is still moving (its previous vector is not cleaned up yet)`);
    }
    const reserved = a.test(irq, APICD.HAS_RESERVED);
    const r = this.matrix.alloc(dest, reserved);
    // The tracepoint prints ret=0 on success, the errno (and vector=0) on failure.
    const ret = "err" in r ? r.err : 0;
    this.trace(VECTOR_ALLOC, data.irq, "err" in r ? 0 : r.vector, +reserved, ret);
    if ("err" in r) {
      return r.err === -22
        ? kernelError("EINVAL", `no online CPU to place irq ${data.irq} on`)
        : kernelError("ENOSPC", `no free vector on CPUs ${dest.toList()} for irq ${data.irq}`);
    }
    this.updateVector(data, r.vector, r.cpu);
    this.updateIrqCfg(data, r.vector, r.cpu);
    return undefined;
  }

  /**
   * mirrors assign_irq_vector_any_locked(): affinity ∩ node, the affinity's online CPUs, the node,
   * then any online CPU. The model's machines have one NUMA node holding every CPU once they are
   * known (before, the first try searches an empty mask and fails with -EINVAL, as check_timer() shows).
   */
  private assignVectorAny(data: IrqData): Err {
    const affinity = this.affinityOf(data);
    const hasNode = data.desc.node >= 0;
    if (hasNode && !this.assignVectorLocked(data, affinity.and(this.nodeCpus))) return undefined;
    if (!this.assignVectorLocked(data, affinity.and(this.online))) return undefined;
    if (hasNode && !this.assignVectorLocked(data, this.nodeCpus.copy())) return undefined;
    return this.assignVectorLocked(data, this.online.copy());
  }

  /** mirrors assign_managed_vector(): within the affinity, the CPU with the fewest managed vectors. */
  private assignManagedVector(data: IrqData, dest: CpuMask): Err {
    const search = dest.and(this.affinityOf(data));
    if (this.apicd.vector[data.irq] !== 0 && search.has(this.apicd.cpu[data.irq] ?? 0)) return undefined;
    const r = this.matrix.allocManaged(search);
    const ret = "err" in r ? r.err : 0;
    this.trace(VECTOR_ALLOC_MANAGED, data.irq, "err" in r ? 0 : r.vector, ret);
    if ("err" in r) {
      return kernelError(r.err === -22 ? "EINVAL" : "ENOSPC", `no managed vector left for irq ${data.irq}`);
    }
    this.updateVector(data, r.vector, r.cpu);
    this.updateIrqCfg(data, r.vector, r.cpu);
    return undefined;
  }

  /** mirrors x86_vector_activate(). */
  private activate(data: IrqData, reserve: boolean): Err {
    const irq = this.chipData(data);
    const a = this.apicd;
    const isManaged = a.test(irq, APICD.IS_MANAGED);
    const canReserve = a.test(irq, APICD.CAN_RESERVE);
    this.trace(VECTOR_ACTIVATE, irq, +isManaged, +canReserve, +reserve);
    if (!canReserve && !isManaged) {
      // A fixed irq: normally it already sits on an allowed CPU, so this changes nothing.
      this.assignVectorAny(data);
      return undefined;
    }
    if (reserve || data.desc.has(IRQD.MANAGED_SHUTDOWN)) {
      this.assignManagedShutdown(data);
      return undefined;
    }
    if (isManaged) return this.activateManaged(data);
    if (a.test(irq, APICD.HAS_RESERVED)) return this.activateReserved(data);
    return undefined;
  }

  /** mirrors activate_reserved(): the promise becomes a real vector; warns when the affinity could not be kept. */
  private activateReserved(data: IrqData): Err {
    const err = this.assignVectorAny(data);
    if (!err) {
      this.apicd.setFlag(data.irq, APICD.HAS_RESERVED, false);
      if (!data.desc.has(IRQD.CAN_RESERVE)) this.apicd.setFlag(data.irq, APICD.CAN_RESERVE, false);
    }
    if (!data.desc.effective.andNot(this.affinityOf(data)).isEmpty()) {
      this.observer.warn?.(`irq ${data.irq}: Affinity broken due to vector space exhaustion.`);
    }
    return err;
  }

  /** mirrors activate_managed(): a managed irq starts on an online CPU of its mask. */
  private activateManaged(data: IrqData): Err {
    const search = this.affinityOf(data).and(this.online);
    if (search.isEmpty()) {
      this.observer.warn?.(`Managed startup for irq ${data.irq}, but no CPU`);
      return kernelError("EINVAL", `managed irq ${data.irq} has no online CPU in its affinity`);
    }
    const err = this.assignManagedVector(data, search);
    if (err) this.observer.warn?.(`Managed startup irq ${data.irq}, no vector available`);
    return err;
  }

  /** mirrors x86_vector_deactivate(): fixed irqs keep their vector; others give it back and park or re-reserve. */
  private deactivate(data: IrqData): void {
    const irq = this.chipData(data);
    const a = this.apicd;
    const isManaged = a.test(irq, APICD.IS_MANAGED);
    const canReserve = a.test(irq, APICD.CAN_RESERVE);
    this.trace(VECTOR_DEACTIVATE, irq, +isManaged, +canReserve, 0);
    if (!isManaged && !canReserve) return;
    if (a.test(irq, APICD.HAS_RESERVED)) return;
    this.clearIrqVector(data);
    if (canReserve) this.reserveIrqVector(data);
    else this.assignManagedShutdown(data);
  }

  /** mirrors clear_irq_vector(): frees the vector and any previous one still awaiting cleanup. */
  private clearIrqVector(data: IrqData): void {
    const irq = data.irq;
    const a = this.apicd;
    const vector = a.vector[irq] ?? 0;
    const cpu = a.cpu[irq] ?? 0;
    if (vector === 0) return;
    const managed = data.desc.has(IRQD.AFFINITY_MANAGED);
    const prevVector = a.prevVector[irq] ?? 0;
    const prevCpu = a.prevCpu[irq] ?? 0;
    this.trace(VECTOR_CLEAR, irq, vector, cpu, prevVector, prevCpu);
    const table = this.vectorIrq[cpu];
    if (table) table[vector] = VECTOR_SHUTDOWN;
    this.matrix.free(cpu, vector, managed);
    a.vector[irq] = 0;
    if (prevVector === 0) return;
    const prevTable = this.vectorIrq[prevCpu];
    if (prevTable) prevTable[prevVector] = VECTOR_SHUTDOWN;
    this.matrix.free(prevCpu, prevVector, managed);
    a.prevVector[irq] = 0;
    a.setFlag(irq, APICD.MOVE_IN_PROGRESS, false);
    this.unlinkCleanup(irq);
  }

  /** mirrors apic_set_affinity(): a new vector within dest ∩ online; the old one stays until cleanup. */
  private setAffinity(data: IrqData, dest: CpuMask): SetAffinityResult | KernelError {
    if (!data.desc.has(IRQD.ACTIVATED)) {
      this.observer.warn?.(`WARNING: apic_set_affinity: irq ${data.irq} is not activated`);
      return kernelError("EIO", `irq ${data.irq} is not activated, so it has no vector to move`);
    }
    this.chipData(data);
    const search = dest.and(this.online);
    const err = data.desc.has(IRQD.AFFINITY_MANAGED)
      ? this.assignManagedVector(data, search)
      : this.assignVectorLocked(data, search);
    return err ?? IRQ_SET_MASK_OK;
  }

  /** mirrors irq_complete_move(): the first interrupt on the new CPU lets the old vector go. */
  private irqCompleteMove(data: IrqData, cpu: number): void {
    if (!this.apicd.test(data.irq, APICD.MOVE_IN_PROGRESS)) return;
    if (this.apicd.cpu[data.irq] === cpu) this.scheduleCleanup(data.irq);
  }

  /**
   * mirrors vector_schedule_cleanup(): interrupt remapping calls this right after it rewrote the IRTE,
   * without waiting for an interrupt. Nothing to do unless a move is in progress.
   */
  vectorScheduleCleanup(irq: number): void {
    if (this.apicd.test(irq, APICD.MOVE_IN_PROGRESS)) this.scheduleCleanup(irq);
  }

  /**
   * mirrors __vector_schedule_cleanup() (v6.6+: queue on the old CPU and arm its timer for the next
   * jiffy) and __send_cleanup_vector() (before: the cleanup IPI, handled there at once).
   */
  private scheduleCleanup(irq: number): void {
    this.apicd.setFlag(irq, APICD.MOVE_IN_PROGRESS, false);
    const cpu = this.apicd.prevCpu[irq] ?? 0;
    if (!this.online.has(cpu)) {
      this.observer.warn?.(`IRQ ${irq} schedule cleanup for offline CPU ${cpu}`);
      this.freeMovedVector(irq);
      return;
    }
    this.cleanupList[cpu]?.unshift(irq);
    this.apicd.setFlag(irq, APICD.CLEANUP_PENDING, true);
    if (this.opts.cleanup === "ipi") {
      this.vectorCleanup(cpu, true);
      return;
    }
    if (this.cleanupTimer[cpu] === -1) this.cleanupTimer[cpu] = this.opts.clock.jiffies + 1;
  }

  /** Runs the cleanup timers that have expired by now (vector_cleanup_callback()). Returns how many ran. */
  runExpiredTimers(): number {
    let ran = 0;
    for (let cpu = 0; cpu < this.cleanupTimer.length; cpu++) {
      const expires = this.cleanupTimer[cpu] ?? -1;
      if (expires === -1 || expires > this.opts.clock.jiffies) continue;
      this.cleanupTimer[cpu] = -1;
      this.vectorCleanup(cpu, true);
      ran++;
    }
    return ran;
  }

  /**
   * mirrors __vector_cleanup(): free every previous vector queued on `cpu`. The model's local APICs
   * never hold a moved vector pending in IRR, so the IRR check never keeps one back.
   */
  private vectorCleanup(cpu: number, _checkIrr: boolean): void {
    const list = this.cleanupList[cpu];
    if (!list) return;
    for (const irq of [...list]) this.freeMovedVector(irq);
  }

  /** mirrors free_moved_vector(). */
  private freeMovedVector(irq: number): void {
    const a = this.apicd;
    const vector = a.prevVector[irq] ?? 0;
    const cpu = a.prevCpu[irq] ?? 0;
    const managed = a.test(irq, APICD.IS_MANAGED);
    this.trace(VECTOR_FREE_MOVED, irq, cpu, vector, +managed);
    this.matrix.free(cpu, vector, managed);
    const table = this.vectorIrq[cpu];
    if (table) table[vector] = VECTOR_UNUSED;
    this.unlinkCleanup(irq);
    a.prevVector[irq] = 0;
    a.setFlag(irq, APICD.MOVE_IN_PROGRESS, false);
  }

  /** hlist_del_init(&apicd->clist). */
  private unlinkCleanup(irq: number): void {
    if (!this.apicd.test(irq, APICD.CLEANUP_PENDING)) return;
    this.apicd.setFlag(irq, APICD.CLEANUP_PENDING, false);
    const list = this.cleanupList[this.apicd.prevCpu[irq] ?? 0];
    const i = list ? list.indexOf(irq) : -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  /**
   * mirrors apic_force_complete_move() (irq_force_complete_move() before v6.15): on the outgoing
   * CPU, a previous vector of an irq that is or was on it is freed now, in the middle of a move if need be.
   */
  private forceCompleteMove(data: IrqData, cpu: number): void {
    const irq = data.irq;
    const a = this.apicd;
    if (!a.has(irq) || a.prevVector[irq] === 0 || (a.cpu[irq] !== cpu && a.prevCpu[irq] !== cpu)) return;
    if (a.test(irq, APICD.MOVE_IN_PROGRESS)) {
      this.observer.warn?.(`IRQ fixup: irq ${irq} move in progress, old vector ${a.prevVector[irq]}`);
    }
    this.freeMovedVector(irq);
  }

  /** mirrors __setup_vector_irq(): only PIC-driven legacy irqs keep a vector_irq entry on every CPU. */
  private resetVectorIrq(cpu: number): void {
    const table = this.vectorIrq[cpu];
    if (!table) return;
    table.fill(VECTOR_UNUSED);
    for (let irq = 0; irq < this.opts.legacyPicIrqs; irq++) table[ISA_IRQ_VECTOR_BASE + irq] = irq;
  }

  /** mirrors lapic_online(): the CPU's matrix map comes online and its vector_irq table is rebuilt. */
  lapicOnline(cpu: number): void {
    this.matrix.online(cpu);
    this.resetVectorIrq(cpu);
  }

  /** mirrors lapic_offline(): pending cleanups run without the IRR check, the map goes offline, the timer stops. */
  lapicOffline(cpu: number): void {
    this.vectorCleanup(cpu, false);
    this.matrix.offline(cpu);
    this.cleanupTimer[cpu] = -1;
  }

  /** mirrors x86_vector_debug_show() for one irq, every line indented by `ind`. */
  private debugShowIrq(data: IrqData, ind: number): string[] {
    const pad = " ".repeat(ind);
    if (data.irq < this.opts.legacyPicIrqs) {
      return [
        `${pad}Vector: ${String(ISA_IRQ_VECTOR_BASE + data.irq).padStart(5)}`,
        `${pad}Target: Legacy PIC all CPUs`,
      ];
    }
    const a = this.apicd.get(data.irq);
    if (!a) return [`${pad}Vector: Not assigned`];
    const num = (n: number) => String(n).padStart(5);
    const lines = [`${pad}Vector: ${num(a.vector)}`, `${pad}Target: ${num(a.cpu)}`];
    if (a.prevVector !== 0)
      lines.push(`${pad}Previous vector: ${num(a.prevVector)}`, `${pad}Previous target: ${num(a.prevCpu)}`);
    lines.push(
      `${pad}move_in_progress: ${+a.moveInProgress}`,
      `${pad}is_managed:       ${+a.isManaged}`,
      `${pad}can_reserve:      ${+a.canReserve}`,
      `${pad}has_reserved:     ${+a.hasReserved}`,
      `${pad}cleanup_pending:  ${+a.cleanupPending}`,
    );
    return lines;
  }

  /** mirrors x86_vector_free_irqs(): vectors, then the reservation or the managed reservations. */
  private freeIrqs(virq: number, nrIrqs: number): void {
    for (let irq = virq; irq < virq + nrIrqs; irq++) {
      const data = this.irqData(irq);
      if (!data || !this.apicd.has(irq)) continue;
      this.clearIrqVector(data);
      // mirrors vector_free_reserved_and_managed()
      const isManaged = this.apicd.test(irq, APICD.IS_MANAGED);
      const hasReserved = this.apicd.test(irq, APICD.HAS_RESERVED);
      this.trace(VECTOR_TEARDOWN, irq, +isManaged, +hasReserved);
      if (hasReserved) this.matrix.removeReserved();
      if (isManaged) this.matrix.removeManaged(this.affinityOf(data));
      this.apicd.delete(irq);
    }
  }
}
