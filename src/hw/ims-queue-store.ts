import { type MsiMsg, ZERO_MSG } from "../kernel/irq/msi-msg";
import { type Emission, type MessageStore, notSent, type StoreWrite, sent } from "./message-store";
import { checkU32 } from "./slot-range";
import { WriteLog } from "./write-log";

/** A queue context's interrupt part: the message and whether the queue may interrupt. */
export interface QueueIrqState {
  readonly msg: MsiMsg;
  readonly masked: boolean;
}

interface QueueCtx {
  shadow: QueueIrqState;
  live: QueueIrqState;
  dirty: boolean;
  pending: boolean;
}

/** A fresh queue context cannot interrupt until the kernel unmasks it. */
const RESET: QueueIrqState = { msg: ZERO_MSG, masked: true };

/**
 * IMS in system memory (mlx5-like sub-function, §9.4, hypothetical): each slot is a queue id whose
 * interrupt message lives in a queue context in host memory. The chip callbacks only update a shadow;
 * irq_bus_unlock commits dirty shadows with one firmware command per queue. hwsize 0: no size limit.
 */
export class ImsQueueStore implements MessageStore {
  readonly kind = "ims-queue" as const;
  private readonly queues = new Map<number, QueueCtx>();
  private readonly log = new WriteLog();

  /** Queue contexts in use. */
  get slots(): number {
    return this.queues.size;
  }

  get writes(): number {
    return this.log.total;
  }

  recentWrites(): readonly StoreWrite[] {
    return this.log.recent();
  }

  /** Queue ids in use, ascending. */
  queueIds(): readonly number[] {
    return [...this.queues.keys()].sort((a, b) => a - b);
  }

  /** Queue ids whose shadow differs from what the device uses, ascending. */
  dirtySlots(): readonly number[] {
    return this.queueIds().filter((q) => this.queues.get(q)?.dirty === true);
  }

  /** irq_write_msi_msg: shadow only (creates the queue context on first use). */
  writeMessage(queue: number, msg: MsiMsg): void {
    const ctx = this.ctx(queue, true);
    const m = {
      addressLo: checkU32(msg.addressLo, "address_lo"),
      addressHi: checkU32(msg.addressHi, "address_hi"),
      data: checkU32(msg.data, "data"),
    };
    ctx.shadow = { ...ctx.shadow, msg: m };
    ctx.dirty = true;
  }

  /** irq_mask / irq_unmask: shadow only. */
  setMask(queue: number, masked: boolean): void {
    const ctx = this.ctx(queue, true);
    ctx.shadow = { ...ctx.shadow, masked };
    ctx.dirty = true;
  }

  /**
   * irq_bus_unlock: one firmware command per dirty queue copies shadow to live. Returns the
   * events a now-unmasked queue had latched while masked, as the device sends them.
   */
  commit(): readonly Emission[] {
    const out: Emission[] = [];
    for (const q of this.dirtySlots()) {
      const ctx = this.ctx(q, false);
      ctx.live = ctx.shadow;
      ctx.dirty = false;
      this.log.record(q, "queue_ctx", ctx.live.msg.data);
      if (ctx.pending && !ctx.live.masked) {
        ctx.pending = false;
        out.push(this.emit(q));
      }
    }
    return out;
  }

  /** The queue is destroyed with its owner: its context (and any uncommitted shadow) goes away. */
  release(queue: number): void {
    this.ctx(queue, false);
    this.queues.delete(queue);
  }

  /** The committed copy the device uses. */
  live(queue: number): QueueIrqState {
    return this.ctx(queue, false).live;
  }

  /** The copy the kernel has written but not yet committed. */
  shadow(queue: number): QueueIrqState {
    return this.ctx(queue, false).shadow;
  }

  storedMessage(slot: number): MsiMsg {
    return this.live(slot).msg;
  }

  isMasked(slot: number): boolean {
    return this.live(slot).masked;
  }

  emit(slot: number): Emission {
    const ctx = this.queues.get(slot);
    if (!ctx) return notSent(`no queue context ${slot}`);
    if (ctx.live.masked) {
      // The event stays queued; the device interrupts once the queue is re-armed.
      ctx.pending = true;
      return notSent(`queue ${slot} masked: event pending`);
    }
    return sent(ctx.live.msg);
  }

  private ctx(queue: number, create: boolean): QueueCtx {
    if (!Number.isInteger(queue) || queue < 0 || queue > 0xffffffff) {
      throw new RangeError(`queue id ${queue} is not a u32`);
    }
    const found = this.queues.get(queue);
    if (found) return found;
    if (!create) throw new RangeError(`no queue context ${queue}`);
    const ctx: QueueCtx = { shadow: RESET, live: RESET, dirty: false, pending: false };
    this.queues.set(queue, ctx);
    return ctx;
  }
}
