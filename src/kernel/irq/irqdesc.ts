/**
 * Linux irq numbers and their descriptors (kernel/irq/irqdesc.c). One descriptor per Linux irq; the
 * per-level state lives in its IrqData chain (irqdomain.ts).
 */
import { type Bitmap, bitmapAlloc, clearBit, findFirstZeroOfUnion, findNextBit, setBit, testBit } from "../bitmap";
import { CpuMask } from "../cpumask";
import { type KernelError, kernelError } from "../errno";
import type { IrqData } from "./irqdomain";
import type { MsiDesc } from "./msi-desc";

/**
 * irqd state bits shared by every level of one irq (irq_common_data.state_use_accessors), with the
 * values of include/linux/irq.h in 6.12 so that debugfs `dstate:` prints the real number.
 */
export const IRQD = {
  SETAFFINITY_PENDING: 1 << 8,
  ACTIVATED: 1 << 9,
  NO_BALANCING: 1 << 10,
  PER_CPU: 1 << 11,
  AFFINITY_SET: 1 << 12,
  LEVEL: 1 << 13,
  MOVE_PCNTXT: 1 << 15,
  IRQ_DISABLED: 1 << 16,
  IRQ_MASKED: 1 << 17,
  AFFINITY_MANAGED: 1 << 21,
  STARTED: 1 << 22,
  MANAGED_SHUTDOWN: 1 << 23,
  SINGLE_TARGET: 1 << 24,
  CAN_RESERVE: 1 << 26,
  HANDLE_ENFORCE_IRQCTX: 1 << 27,
  AFFINITY_ON_ACTIVATE: 1 << 28,
} as const;

/** The order kernel/irq/debugfs.c lists the set irqd bits in (its irqdata_states table). */
export const IRQD_DEBUGFS_ORDER: readonly (readonly [string, number])[] = [
  ["IRQD_LEVEL", IRQD.LEVEL],
  ["IRQD_ACTIVATED", IRQD.ACTIVATED],
  ["IRQD_IRQ_STARTED", IRQD.STARTED],
  ["IRQD_IRQ_DISABLED", IRQD.IRQ_DISABLED],
  ["IRQD_IRQ_MASKED", IRQD.IRQ_MASKED],
  ["IRQD_PER_CPU", IRQD.PER_CPU],
  ["IRQD_NO_BALANCING", IRQD.NO_BALANCING],
  ["IRQD_SINGLE_TARGET", IRQD.SINGLE_TARGET],
  ["IRQD_MOVE_PCNTXT", IRQD.MOVE_PCNTXT],
  ["IRQD_AFFINITY_SET", IRQD.AFFINITY_SET],
  ["IRQD_SETAFFINITY_PENDING", IRQD.SETAFFINITY_PENDING],
  ["IRQD_AFFINITY_MANAGED", IRQD.AFFINITY_MANAGED],
  ["IRQD_AFFINITY_ON_ACTIVATE", IRQD.AFFINITY_ON_ACTIVATE],
  ["IRQD_MANAGED_SHUTDOWN", IRQD.MANAGED_SHUTDOWN],
  ["IRQD_CAN_RESERVE", IRQD.CAN_RESERVE],
  ["IRQD_HANDLE_ENFORCE_IRQCTX", IRQD.HANDLE_ENFORCE_IRQCTX],
];

/** One handler installed by request_irq() (struct irqaction). */
export interface IrqAction {
  readonly name: string;
  readonly shared: boolean;
}

const NO_ACTIONS: readonly IrqAction[] = Object.freeze([]);

/** The counts of an irq that never fired: shared, never written. */
const NO_COUNTS = new Uint32Array(0);

const ALL_CPUS = new Map<number, CpuMask>();
const NO_CPUS = new Map<number, CpuMask>();
/** irq_default_affinity (every CPU), one per CPU count: never written in place. */
function defaultAffinity(nrCpus: number): CpuMask {
  let m = ALL_CPUS.get(nrCpus);
  if (!m) {
    m = CpuMask.all(nrCpus);
    ALL_CPUS.set(nrCpus, m);
  }
  return m;
}
/** An empty mask, one per CPU count: never written in place. */
export function noCpus(nrCpus: number): CpuMask {
  let m = NO_CPUS.get(nrCpus);
  if (!m) {
    m = new CpuMask(nrCpus);
    NO_CPUS.set(nrCpus, m);
  }
  return m;
}

const ONE_CPU = new Map<number, CpuMask[]>();
/** The mask of `cpu` alone, one per CPU count and CPU: never written in place (a vector irq's effective mask). */
export function oneCpu(nrCpus: number, cpu: number): CpuMask {
  let masks = ONE_CPU.get(nrCpus);
  if (!masks) {
    masks = [];
    ONE_CPU.set(nrCpus, masks);
  }
  let m = masks[cpu];
  if (!m) {
    m = CpuMask.of(nrCpus, [cpu]);
    masks[cpu] = m;
  }
  return m;
}

/**
 * The fields of a descriptor that nearly every irq leaves at their defaults: held in one object made
 * at the first change, not as five fields of each of a big machine's 65,536 descriptors.
 */
interface IrqDescRare {
  noProbe: boolean;
  oneshot: boolean;
  legacyChip: string | undefined;
  affinityHint: CpuMask | undefined;
  pendingMask: CpuMask | undefined;
}

export class IrqDesc {
  /** IRQD_* bits: desc_set_defaults() starts every descriptor disabled and masked. */
  state = IRQD.IRQ_DISABLED | IRQD.IRQ_MASKED;
  /** The outermost level of the hierarchy (irq_desc.irq_data). */
  data: IrqData | undefined;
  /**
   * The handlers request_irq() installed, in order (shown in /proc/interrupts). One shared empty
   * array until the first (most irqs of a big machine never get a handler): change it with
   * addAction() / removeAction().
   */
  actions: readonly IrqAction[] = NO_ACTIONS;
  /** The requested affinity (irq_common_data.affinity); irq_default_affinity (all CPUs) unless given. */
  affinity: CpuMask;
  /** Where it is really delivered (irq_common_data.effective_affinity). */
  effective: CpuMask;
  /** Disable depth: 1 until irq_startup(), again 1 after irq_shutdown(). */
  depth = 1;
  /** desc->handle_irq and desc->name (the flow, "edge"), set by the outermost domain. */
  handler = "handle_bad_irq";
  flowName = "";
  /** NUMA node of the device (irq_common_data.node), -1 for none. */
  node = -1;
  /** desc->dev_name: the device the irq belongs to, if any. */
  devName = "";
  /** kstat_irqs: per-CPU counts, allocated at the first interrupt (most irqs never fire). */
  counts: Uint32Array = NO_COUNTS;
  /** irq_common_data.msi_desc: the MSI descriptor an MSI domain set up this irq from. */
  msiDesc: MsiDesc | undefined;
  private rare: IrqDescRare | undefined;
  constructor(
    readonly irq: number,
    nrCpus: number,
  ) {
    // Shared until replaced: the masks are only ever assigned another mask, never changed in place (a
    // 64K-irq machine would otherwise build bitmaps per descriptor that nearly all keep as they are).
    this.affinity = defaultAffinity(nrCpus);
    this.effective = noCpus(nrCpus);
  }

  private rareFields(): IrqDescRare {
    this.rare ??= {
      noProbe: false,
      oneshot: false,
      legacyChip: undefined,
      affinityHint: undefined,
      pendingMask: undefined,
    };
    return this.rare;
  }

  /** irq_settings (the status word): IRQ_NOPROBE as set; LEVEL and MOVE_PCNTXT follow the IRQD bits. */
  get noProbe(): boolean {
    return this.rare?.noProbe ?? false;
  }
  set noProbe(on: boolean) {
    if (on || this.rare) this.rareFields().noProbe = on;
  }

  /** IRQS_ONESHOT: a handler asked for IRQF_ONESHOT. */
  get oneshot(): boolean {
    return this.rare?.oneshot ?? false;
  }
  set oneshot(on: boolean) {
    if (on || this.rare) this.rareFields().oneshot = on;
  }

  /** A legacy irq left on the 8259 ("XT-PIC"): it has a chip but no irq domain. */
  get legacyChip(): string | undefined {
    return this.rare?.legacyChip;
  }
  set legacyChip(chip: string | undefined) {
    if (chip !== undefined || this.rare) this.rareFields().legacyChip = chip;
  }

  /** What a driver suggested to irqbalance (desc->affinity_hint; irq_set_affinity_and_hint()). */
  get affinityHint(): CpuMask | undefined {
    return this.rare?.affinityHint;
  }
  set affinityHint(mask: CpuMask | undefined) {
    if (mask !== undefined || this.rare) this.rareFields().affinityHint = mask;
  }

  /** A deferred affinity change waiting for the next interrupt (desc->pending_mask); empty when none. */
  get pendingMask(): CpuMask {
    return this.rare?.pendingMask ?? noCpus(this.affinity.nbits);
  }
  set pendingMask(mask: CpuMask) {
    this.rareFields().pendingMask = mask;
  }

  addAction(action: IrqAction): void {
    this.actions = [...this.actions, action];
  }

  removeAction(index: number): void {
    this.actions = this.actions.filter((_a, i) => i !== index);
  }

  has(flag: number): boolean {
    return (this.state & flag) !== 0;
  }
  set(flag: number): void {
    this.state |= flag;
  }
  clear(flag: number): void {
    this.state &= ~flag;
  }
}

/** The allocated_irqs bitmap and the descriptors behind it. */
export class IrqDescTable {
  private readonly allocated: Bitmap;
  /** The descriptors by irq number (a holey array: the numbers are dense, and a Map of 65,536 grew by rehashing). */
  private readonly byIrq: (IrqDesc | undefined)[] = [];
  private described = 0;
  /**
   * Every irq in [hintFrom, hintFree) is allocated: a search from hintFrom starts at hintFree (the same
   * result as the kernel's scan, without rescanning the full prefix every time).
   */
  private hintFrom = -1;
  private hintFree = -1;
  /**
   * x86 arch_dynirq_lower_bound(): dynamic irqs start above the IO-APIC GSIs (gsi_top), or at
   * `from` when no IO-APIC set it.
   */
  dynirqLowerBound = 0;

  /**
   * mirrors early_irq_init(): the legacy irqs exist from boot. `nrIrqs` is the boot value of nr_irqs
   * (arch_probe_nr_irqs()); it grows up to `bitmapBits` (IRQ_BITMAP_BITS) as irqs are allocated.
   */
  constructor(
    public nrIrqs: number,
    readonly nrCpus: number,
    legacyIrqs: number,
    readonly bitmapBits = nrIrqs,
  ) {
    this.allocated = bitmapAlloc(bitmapBits);
    for (let irq = 0; irq < legacyIrqs; irq++) {
      setBit(this.allocated, irq);
      const desc = new IrqDesc(irq, nrCpus);
      desc.node = 0; // first_online_node
      this.put(irq, desc);
    }
  }

  desc(irq: number): IrqDesc | undefined {
    return Number.isInteger(irq) && irq >= 0 ? this.byIrq[irq] : undefined;
  }

  private put(irq: number, desc: IrqDesc): void {
    if (this.byIrq[irq] === undefined) this.described++;
    this.byIrq[irq] = desc;
  }

  isAllocated(irq: number): boolean {
    return irq >= 0 && irq < this.bitmapBits && testBit(this.allocated, irq);
  }

  /** Every allocated irq, ascending (for_each_active_irq). */
  *irqs(): IterableIterator<number> {
    for (let irq = findNextBit(this.allocated, this.bitmapBits, 0); irq < this.bitmapBits; ) {
      yield irq;
      irq = findNextBit(this.allocated, this.bitmapBits, irq + 1);
    }
  }

  get count(): number {
    return this.described;
  }

  /**
   * mirrors __irq_alloc_descs(): `irq` >= 0 asks for exactly that number (-EEXIST if taken); otherwise
   * the first free run of `cnt` at or above max(from, the dynamic lower bound). nr_irqs grows when the
   * run ends beyond it (irq_expand_nr_irqs()). Returns the first irq.
   */
  allocDescs(irq: number, from: number, cnt: number): number | KernelError {
    if (cnt <= 0) return kernelError("EINVAL", `cannot allocate ${cnt} irq descriptors`);
    const start = this.findFreeArea(irq >= 0 ? irq : Math.max(from, this.dynirqLowerBound || from), cnt);
    if (irq >= 0 && start !== irq) return kernelError("EEXIST", `irq ${irq} (or one of the ${cnt} after it) is taken`);
    if (start < 0) {
      return kernelError("ENOMEM", `no ${cnt} free irq number(s) below IRQ_BITMAP_BITS (${this.bitmapBits})`);
    }
    if (start + cnt > this.nrIrqs) this.nrIrqs = start + cnt;
    for (let i = start; i < start + cnt; i++) {
      setBit(this.allocated, i);
      this.put(i, new IrqDesc(i, this.nrCpus));
    }
    return start;
  }

  /** bitmap_find_next_zero_area() for `cnt` consecutive irqs; -1 if none. */
  private findFreeArea(from: number, cnt: number): number {
    if (from !== this.hintFrom) {
      this.hintFrom = from;
      this.hintFree = from;
    }
    this.hintFree = findFirstZeroOfUnion([this.allocated], this.hintFree, this.bitmapBits);
    let start = this.hintFree;
    while (start + cnt <= this.bitmapBits) {
      let end = start;
      while (end < start + cnt && !testBit(this.allocated, end)) end++;
      if (end === start + cnt) return start;
      start = findFirstZeroOfUnion([this.allocated], end + 1, this.bitmapBits);
    }
    return -1;
  }

  /** mirrors irq_free_descs(): the numbers become free for the next allocation. */
  freeDescs(from: number, cnt: number): void {
    const firstFreed = Math.max(from, this.hintFrom);
    if (firstFreed < from + cnt && firstFreed < this.hintFree) this.hintFree = firstFreed;
    for (let i = from; i < from + cnt; i++) {
      clearBit(this.allocated, i);
      if (this.byIrq[i] !== undefined) this.described--;
      this.byIrq[i] = undefined;
    }
  }
}
