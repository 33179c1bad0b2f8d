import type { StoreWrite } from "./message-store";

/** How many writes a store remembers for the views. */
export const WRITE_LOG_LIMIT = 64;

/** Counts device register writes and keeps the most recent ones. */
export class WriteLog {
  private count = 0;
  private droppedCount = 0;
  /** A circular buffer: `next` is where the following write goes once it is full. */
  private readonly ring: StoreWrite[] = [];
  private next = 0;

  constructor(private readonly limit: number = WRITE_LOG_LIMIT) {}

  /** Register writes that reached the device. */
  get total(): number {
    return this.count;
  }

  /** Writes the kernel asked for but the device has no register for (kept in the log, not counted). */
  get dropped(): number {
    return this.droppedCount;
  }

  record(slot: number, register: string, value: number): void {
    this.count++;
    this.push({ slot, register, value: value >>> 0 });
  }

  drop(slot: number, register: string, value: number): void {
    this.droppedCount++;
    this.push({ slot, register: `${register} (dropped)`, value: value >>> 0 });
  }

  /** Oldest first. */
  recent(): readonly StoreWrite[] {
    return this.ring.length < this.limit
      ? this.ring.slice()
      : this.ring.slice(this.next).concat(this.ring.slice(0, this.next));
  }

  private push(w: StoreWrite): void {
    if (this.ring.length < this.limit) {
      this.ring.push(w);
      return;
    }
    this.ring[this.next] = w;
    this.next = (this.next + 1) % this.limit;
  }
}
