/**
 * The x86 vector allocator: a model of Linux kernel/irq/matrix.c (v5.x–v6.1x behaviour).
 * Per-CPU vector maps are Uint32Array bitmaps; every counter is a C `unsigned int` (u32, wraps).
 * Quirks the kernel has are kept on purpose (shared/spec/vector-allocator.md §11).
 */
import {
  type Bitmap,
  bitmapAlloc,
  bitmapPrintList,
  bitmapWeight,
  findFirstAndNot,
  findFirstZeroOfThree,
  setBit,
  testAndClearBit,
  testAndSetBit,
  testBit,
} from "../bitmap";
import type { CpuMask } from "../cpumask";
import type { TracepointSink } from "../tracepoint";
import { MATRIX_TRACE_LINES } from "./matrix-trace-events";

/** Largest matrix the kernel accepts (IRQ_MATRIX_BITS = NR_VECTORS on x86). */
export const IRQ_MATRIX_BITS = 256;
export const UINT_MAX = 0xffffffff;
const u32 = (x: number): number => x >>> 0;

/** Which `irq_matrix_allocated()` the model follows: v6.7 stopped counting managed vectors. */
export type MatrixVariant = "v6.7+" | "pre-v6.7";

/** A BUG_ON() that fired: the kernel would stop here, so the model refuses to go on. */
export class KernelBug extends Error {
  constructor(readonly condition: string) {
    super(`BUG: ${condition}`);
    this.name = "KernelBug";
  }
}

/** Global counters as include/trace/events/irq_matrix.h records them. */
export interface MatrixGlobals {
  readonly onlineMaps: number;
  readonly globalAvailable: number;
  readonly globalReserved: number;
  readonly totalAllocated: number;
}

export type MatrixTraceEvent =
  | {
      readonly name: "irq_matrix_online" | "irq_matrix_offline" | "irq_matrix_reserve" | "irq_matrix_remove_reserved";
      readonly globals: MatrixGlobals;
    }
  | { readonly name: "irq_matrix_assign_system"; readonly bit: number; readonly globals: MatrixGlobals }
  | {
      readonly name:
        | "irq_matrix_reserve_managed"
        | "irq_matrix_remove_managed"
        | "irq_matrix_alloc_managed"
        | "irq_matrix_assign"
        | "irq_matrix_alloc"
        | "irq_matrix_free";
      readonly bit: number;
      readonly cpu: number;
      readonly online: boolean;
      readonly available: number;
      readonly allocated: number;
      readonly managed: number;
      readonly globals: MatrixGlobals;
    };

/** Where the matrix reports what the kernel would log: WARN_ON_ONCE hits, pr_warn lines, tracepoints. */
export interface MatrixObserver {
  warn?(condition: string): void;
  prWarn?(message: string): void;
  trace?(event: MatrixTraceEvent): void;
  /** The same tracepoint as its printer and fields (preferred to `trace`: printed only if wanted). */
  tracepoint?: TracepointSink;
}

/** struct cpumap: one CPU's vector space. */
export class CpuMap {
  available = 0;
  allocated = 0;
  managed = 0;
  managedAllocated = 0;
  initialized = false;
  online = false;
  readonly allocMap: Bitmap;
  readonly managedMap: Bitmap;
  constructor(bits: number) {
    // One spare word: assign_system() accepts bit == matrix_bits (its BUG_ON tests `>`).
    this.allocMap = bitmapAlloc(bits + 32);
    this.managedMap = bitmapAlloc(bits + 32);
  }
}

/** Result of an allocation: the vector and the CPU it was taken on, or a negative errno. */
export type MatrixAllocResult = { readonly vector: number; readonly cpu: number } | { readonly err: -22 | -28 };

export class IrqMatrix {
  readonly matrixBits: number;
  readonly allocStart: number;
  readonly allocEnd: number;
  readonly allocSize: number;
  globalAvailable = 0;
  globalReserved = 0;
  systembitsInalloc = 0;
  totalAllocated = 0;
  onlineMaps = 0;
  readonly systemMap: Bitmap;
  readonly maps: CpuMap[];
  observer: MatrixObserver;

  /** mirrors irq_alloc_matrix(); `nrCpus` stands for the possible CPUs the per-CPU maps cover. */
  constructor(
    nrCpus: number,
    matrixBits: number,
    allocStart: number,
    allocEnd: number,
    readonly variant: MatrixVariant = "v6.7+",
    observer: MatrixObserver = {},
  ) {
    if (matrixBits > IRQ_MATRIX_BITS) throw new RangeError(`matrix_bits ${matrixBits} > ${IRQ_MATRIX_BITS}`);
    this.matrixBits = matrixBits;
    this.allocStart = allocStart;
    this.allocEnd = allocEnd;
    this.allocSize = u32(allocEnd - allocStart);
    this.systemMap = bitmapAlloc(matrixBits + 32);
    this.maps = Array.from({ length: nrCpus }, () => new CpuMap(matrixBits));
    this.observer = observer;
  }

  get nrCpus(): number {
    return this.maps.length;
  }

  globals(): MatrixGlobals {
    return {
      onlineMaps: this.onlineMaps,
      globalAvailable: this.globalAvailable,
      globalReserved: this.globalReserved,
      totalAllocated: this.totalAllocated,
    };
  }

  private map(cpu: number): CpuMap {
    const cm = this.maps[cpu];
    // `=== undefined`, not `!cm`: one comparison in the hottest loops, where `!` tests every falsy kind.
    if (cm === undefined) throw new RangeError(`no per-CPU map for CPU ${cpu}`);
    return cm;
  }

  /** WARN_ON_ONCE(): reports the condition and returns it, so callers can bail out like the kernel. */
  private warnOn(cond: boolean, text: string): boolean {
    if (cond) this.observer.warn?.(text);
    return cond;
  }

  private traceGlobal(
    name: "irq_matrix_online" | "irq_matrix_offline" | "irq_matrix_reserve" | "irq_matrix_remove_reserved",
  ): void {
    const o = this.observer;
    if (o.tracepoint) {
      o.tracepoint(
        MATRIX_TRACE_LINES[name],
        this.onlineMaps,
        this.globalAvailable,
        this.globalReserved,
        this.totalAllocated,
      );
    } else o.trace?.({ name, globals: this.globals() });
  }

  private traceCpu(
    name:
      | "irq_matrix_reserve_managed"
      | "irq_matrix_remove_managed"
      | "irq_matrix_alloc_managed"
      | "irq_matrix_assign"
      | "irq_matrix_alloc"
      | "irq_matrix_free",
    bit: number,
    cpu: number,
    cm: CpuMap,
  ): void {
    const o = this.observer;
    if (o.tracepoint) {
      o.tracepoint(
        MATRIX_TRACE_LINES[name],
        bit,
        cpu,
        +cm.online,
        cm.available,
        cm.allocated,
        cm.managed,
        this.onlineMaps,
        this.globalAvailable,
        this.globalReserved,
        this.totalAllocated,
      );
      return;
    }
    if (!o.trace) return;
    o.trace({
      name,
      bit,
      cpu,
      online: cm.online,
      available: cm.available,
      allocated: cm.allocated,
      managed: cm.managed,
      globals: this.globals(),
    });
  }

  /** mirrors irq_matrix_online(): `available` is computed at the first online only. */
  online(cpu: number): void {
    const cm = this.map(cpu);
    if (cm.online) throw new KernelBug("cm->online");
    if (!cm.initialized) {
      cm.available = u32(this.allocSize - u32(cm.managed + this.systembitsInalloc));
      cm.initialized = true;
    }
    this.globalAvailable = u32(this.globalAvailable + cm.available);
    cm.online = true;
    this.onlineMaps = u32(this.onlineMaps + 1);
    this.traceGlobal("irq_matrix_online");
  }

  /** mirrors irq_matrix_offline(): only the global sums change; the map keeps its bits and counters. */
  offline(cpu: number): void {
    const cm = this.map(cpu);
    this.globalAvailable = u32(this.globalAvailable - cm.available);
    cm.online = false;
    this.onlineMaps = u32(this.onlineMaps - 1);
    this.traceGlobal("irq_matrix_offline");
  }

  /** mirrors matrix_alloc_area() for one bit: lowest window bit free of system, managed and allocated. */
  private allocArea(cm: CpuMap, managed: boolean): number {
    const bit = findFirstZeroOfThree(cm.managedMap, this.systemMap, cm.allocMap, this.allocStart, this.allocEnd);
    if (bit >= this.allocEnd) return bit;
    setBit(managed ? cm.managedMap : cm.allocMap, bit);
    return bit;
  }

  /**
   * mirrors matrix_find_best_cpu(): lowest online CPU with the strictly largest `available`; with
   * `managed`, matrix_find_best_cpu_managed(): highest online CPU among those with the fewest
   * managed_allocated. Run for every allocation over up to all CPUs, so its for_each_cpu() takes the
   * mask a word at a time.
   */
  private findBestCpu(mask: CpuMask, managed = false): number {
    let best = UINT_MAX;
    let score = managed ? UINT_MAX : 0;
    const maps = this.maps;
    const n = Math.min(mask.nbits, maps.length);
    const bits = mask.bits;
    for (let w = 0, base = 0; base < n; w++, base += 32) {
      for (let x = bits[w] | 0; x !== 0; x &= x - 1) {
        const cpu = base + 31 - Math.clz32(x & -x);
        if (cpu >= n) break;
        const cm = maps[cpu] ?? this.map(cpu);
        if (cm.online !== true) continue;
        const mine = managed ? cm.managedAllocated : cm.available;
        if (managed ? mine > score : mine <= score) continue;
        best = cpu;
        score = mine;
      }
    }
    return best;
  }

  /** mirrors irq_matrix_assign_system(): early boot only, on `cpu` (the kernel's current CPU). */
  assignSystem(bit: number, replace: boolean, cpu = 0): void {
    const cm = this.map(cpu);
    if (bit > this.matrixBits) throw new KernelBug("bit > m->matrix_bits");
    if (this.onlineMaps > 1 || (this.onlineMaps !== 0 && !replace)) {
      throw new KernelBug("m->online_maps > 1 || (m->online_maps && !replace)");
    }
    setBit(this.systemMap, bit);
    if (replace) {
      if (!testAndClearBit(cm.allocMap, bit)) throw new KernelBug("!test_and_clear_bit(bit, cm->alloc_map)");
      cm.allocated = u32(cm.allocated - 1);
      this.totalAllocated = u32(this.totalAllocated - 1);
    }
    if (bit >= this.allocStart && bit < this.allocEnd) this.systembitsInalloc = u32(this.systembitsInalloc + 1);
    const o = this.observer;
    if (o.tracepoint) {
      o.tracepoint(
        MATRIX_TRACE_LINES.irq_matrix_assign_system,
        bit,
        this.onlineMaps,
        this.globalAvailable,
        this.globalReserved,
        this.totalAllocated,
      );
    } else o.trace?.({ name: "irq_matrix_assign_system", bit, globals: this.globals() });
  }

  /** mirrors irq_matrix_reserve_managed(): one bit on every CPU of the mask, online or not; rolls back on failure. */
  reserveManaged(mask: CpuMask): 0 | -28 {
    let failedCpu = -1;
    const n = Math.min(mask.nbits, this.maps.length);
    for (let cpu = mask.next(0); cpu < n; cpu = mask.next(cpu + 1)) {
      const cm = this.map(cpu);
      const bit = this.allocArea(cm, true);
      if (bit >= this.allocEnd) {
        failedCpu = cpu;
        break;
      }
      cm.managed = u32(cm.managed + 1);
      if (cm.online) {
        cm.available = u32(cm.available - 1);
        this.globalAvailable = u32(this.globalAvailable - 1);
      }
      this.traceCpu("irq_matrix_reserve_managed", bit, cpu, cm);
    }
    if (failedCpu < 0) return 0;
    // The rollback removes the lowest unallocated managed bit, not necessarily the one just set.
    for (let cpu = mask.next(0); cpu < failedCpu; cpu = mask.next(cpu + 1)) this.removeManagedOn(cpu);
    return -28;
  }

  /** mirrors irq_matrix_remove_managed(). */
  removeManaged(mask: CpuMask): void {
    const n = Math.min(mask.nbits, this.maps.length);
    for (let cpu = mask.next(0); cpu < n; cpu = mask.next(cpu + 1)) this.removeManagedOn(cpu);
  }

  private removeManagedOn(cpu: number): void {
    const cm = this.map(cpu);
    if (this.warnOn(cm.managed === 0, "!cm->managed")) return;
    const bit = findFirstAndNot(cm.managedMap, cm.allocMap, this.allocEnd);
    if (this.warnOn(bit >= this.allocEnd, "bit >= end")) return;
    cm.managedMap[bit >>> 5] &= ~(1 << (bit & 31));
    cm.managed = u32(cm.managed - 1);
    if (cm.online) {
      cm.available = u32(cm.available + 1);
      this.globalAvailable = u32(this.globalAvailable + 1);
    }
    this.traceCpu("irq_matrix_remove_managed", bit, cpu, cm);
  }

  /** mirrors irq_matrix_alloc_managed(): a reserved managed bit becomes allocated; availability was paid at reservation. */
  allocManaged(mask: CpuMask): MatrixAllocResult {
    if (mask.isEmpty()) return { err: -22 };
    const cpu = this.findBestCpu(mask, true);
    if (cpu === UINT_MAX) return { err: -28 };
    const cm = this.map(cpu);
    const bit = findFirstAndNot(cm.managedMap, cm.allocMap, this.allocEnd);
    if (bit >= this.allocEnd) return { err: -28 };
    setBit(cm.allocMap, bit);
    cm.allocated = u32(cm.allocated + 1);
    cm.managedAllocated = u32(cm.managedAllocated + 1);
    this.totalAllocated = u32(this.totalAllocated + 1);
    this.traceCpu("irq_matrix_alloc_managed", bit, cpu, cm);
    return { vector: bit, cpu };
  }

  /** mirrors irq_matrix_assign(): marks a preallocated vector (the legacy ISA ones at boot) on `cpu`. */
  assign(bit: number, cpu = 0): void {
    const cm = this.map(cpu);
    if (this.warnOn(bit < this.allocStart || bit >= this.allocEnd, "bit < m->alloc_start || bit >= m->alloc_end")) {
      return;
    }
    if (this.warnOn(testAndSetBit(cm.allocMap, bit), "test_and_set_bit(bit, cm->alloc_map)")) return;
    cm.allocated = u32(cm.allocated + 1);
    this.totalAllocated = u32(this.totalAllocated + 1);
    cm.available = u32(cm.available - 1);
    this.globalAvailable = u32(this.globalAvailable - 1);
    this.traceCpu("irq_matrix_assign", bit, cpu, cm);
  }

  /** mirrors irq_matrix_reserve(): a promise counted globally, no bit; warns only at exact equality. */
  reserve(): void {
    if (this.globalReserved === this.globalAvailable) {
      this.observer.prWarn?.("Interrupt reservation exceeds available resources");
    }
    this.globalReserved = u32(this.globalReserved + 1);
    this.traceGlobal("irq_matrix_reserve");
  }

  /** mirrors irq_matrix_remove_reserved(): no underflow check, as in the kernel. */
  removeReserved(): void {
    this.globalReserved = u32(this.globalReserved - 1);
    this.traceGlobal("irq_matrix_remove_reserved");
  }

  /** mirrors irq_matrix_alloc(): the CPU choice is final, even if that CPU then has no free bit. */
  alloc(mask: CpuMask, reserved: boolean): MatrixAllocResult {
    if (mask.isEmpty()) return { err: -22 };
    const cpu = this.findBestCpu(mask);
    if (cpu === UINT_MAX) return { err: -28 };
    const cm = this.map(cpu);
    const bit = this.allocArea(cm, false);
    if (bit >= this.allocEnd) return { err: -28 };
    cm.allocated = u32(cm.allocated + 1);
    cm.available = u32(cm.available - 1);
    this.totalAllocated = u32(this.totalAllocated + 1);
    this.globalAvailable = u32(this.globalAvailable - 1);
    if (reserved) this.globalReserved = u32(this.globalReserved - 1);
    this.traceCpu("irq_matrix_alloc", bit, cpu, cm);
    return { vector: bit, cpu };
  }

  /** mirrors irq_matrix_free(): on an offline map total_allocated is not decremented (quirk §11.2). */
  free(cpu: number, bit: number, managed: boolean): void {
    const cm = this.map(cpu);
    if (this.warnOn(bit < this.allocStart || bit >= this.allocEnd, "bit < m->alloc_start || bit >= m->alloc_end")) {
      return;
    }
    if (this.warnOn(!testAndClearBit(cm.allocMap, bit), "!test_and_clear_bit(bit, cm->alloc_map)")) return;
    cm.allocated = u32(cm.allocated - 1);
    if (managed) cm.managedAllocated = u32(cm.managedAllocated - 1);
    if (cm.online) this.totalAllocated = u32(this.totalAllocated - 1);
    if (!managed) {
      cm.available = u32(cm.available + 1);
      if (cm.online) this.globalAvailable = u32(this.globalAvailable + 1);
    }
    this.traceCpu("irq_matrix_free", bit, cpu, cm);
  }

  /** mirrors irq_matrix_available(): with `cpuDown`, what the other online CPUs could take. */
  available(cpuDown: boolean, cpu = 0): number {
    if (!cpuDown) return this.globalAvailable;
    return u32(this.globalAvailable - this.map(cpu).available);
  }

  /** mirrors irq_matrix_reserved(). */
  reserved(): number {
    return this.globalReserved;
  }

  /** mirrors irq_matrix_allocated(): since v6.7 managed vectors are not counted (they shut down, not move). */
  allocated(cpu = 0): number {
    const cm = this.map(cpu);
    return this.variant === "v6.7+" ? u32(cm.allocated - cm.managedAllocated) : cm.allocated;
  }

  isSystemVector(bit: number): boolean {
    return testBit(this.systemMap, bit);
  }

  /** mirrors irq_matrix_debug_show(): the text of debugfs `domains/VECTOR` after the domain header. */
  debugShow(onlineCpus: Iterable<number>, ind: number): string {
    const pad = " ".padStart(Math.max(ind, 1));
    const num = (v: number, w: number): string => String(v).padStart(w);
    const nsys = bitmapWeight(this.systemMap, this.matrixBits);
    const lines = [
      `Online bitmaps:   ${num(this.onlineMaps, 6)}`,
      `Global available: ${num(this.globalAvailable, 6)}`,
      `Global reserved:  ${num(this.globalReserved, 6)}`,
      `Total allocated:  ${num(this.totalAllocated, 6)}`,
      `System: ${nsys}: ${bitmapPrintList(this.systemMap, this.matrixBits)}`,
      `${pad}| CPU | avl | man | mac | act | vectors`,
    ];
    for (const cpu of onlineCpus) lines.push(this.debugShowCpu(cpu, ind));
    return `${lines.join("\n")}\n`;
  }

  /** One CPU's row of irq_matrix_debug_show(): ` CPU  avl  man  mac  act  vectors`. */
  debugShowCpu(cpu: number, ind: number): string {
    const pad = " ".padStart(Math.max(ind, 1));
    const num = (v: number, w: number): string => String(v).padStart(w);
    const cm = this.map(cpu);
    return `${pad} ${num(cpu, 4)}  ${num(cm.available, 4)}  ${num(cm.managed, 4)}  ${num(cm.managedAllocated, 4)} ${num(cm.allocated, 4)}  ${bitmapPrintList(cm.allocMap, this.matrixBits)}`;
  }
}
