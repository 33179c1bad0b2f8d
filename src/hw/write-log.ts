import type { StoreWrite } from "./message-store";

/** How many writes a store remembers for the views. */
export const WRITE_LOG_LIMIT = 64;

/** Counts device register writes and keeps the most recent ones. */
export class WriteLog {
  private count = 0;
  private droppedCount = 0;
  private readonly ring: StoreWrite[] = [];

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

  recent(): readonly StoreWrite[] {
    return this.ring.slice();
  }

  private push(w: StoreWrite): void {
    this.ring.push(w);
    if (this.ring.length > this.limit) this.ring.shift();
  }
}
