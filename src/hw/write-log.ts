import type { StoreWrite } from "./message-store";

/** How many writes a store remembers for the views. */
export const WRITE_LOG_LIMIT = 64;

/**
 * Counts device register writes and keeps the most recent ones, in columns: a 2,048-entry table is
 * written three words an entry, and an object per write outlived a few young-generation collections.
 */
export class WriteLog {
  private count = 0;
  private droppedCount = 0;
  /** A circular buffer of `held` writes: `next` is where the following write goes once it is full. */
  private readonly slots: Int32Array;
  private readonly values: Uint32Array;
  private readonly registers: string[] = [];
  private held = 0;
  private next = 0;

  constructor(private readonly limit: number = WRITE_LOG_LIMIT) {
    this.slots = new Int32Array(limit);
    this.values = new Uint32Array(limit);
  }

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
    this.push(slot, register, value);
  }

  drop(slot: number, register: string, value: number): void {
    this.droppedCount++;
    this.push(slot, `${register} (dropped)`, value);
  }

  /** Oldest first. */
  recent(): readonly StoreWrite[] {
    const out: StoreWrite[] = [];
    const first = this.held < this.limit ? 0 : this.next;
    for (let k = 0; k < this.held; k++) {
      const at = (first + k) % this.limit;
      out.push({ slot: this.slots[at] ?? 0, register: this.registers[at] ?? "", value: this.values[at] ?? 0 });
    }
    return out;
  }

  private push(slot: number, register: string, value: number): void {
    let at = this.next;
    if (this.held < this.limit) at = this.held++;
    else this.next = (this.next + 1) % this.limit;
    this.slots[at] = slot;
    this.values[at] = value >>> 0;
    this.registers[at] = register;
  }
}
