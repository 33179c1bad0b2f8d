/**
 * A Map keyed by irq number (a small non-negative integer), kept in arrays indexed by the number and
 * iterated in insertion order as a Map is. A Map of the 65,536 irqs of a full IRTE table grows by
 * rehashing every entry again and again; these arrays only double.
 */
import { grownFor, resized } from "../typed-grow";
import { IrqKeyedMap } from "./irq-keyed-map";

/** No key: the end of the insertion-order list. */
const NIL = -1;

export class IrqMap<V extends object> extends IrqKeyedMap<V> {
  private readonly byKey: (V | undefined)[] = [];
  /** The insertion order as a doubly linked list over the keys. */
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private head = NIL;
  private tail = NIL;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: number): V | undefined {
    return Number.isInteger(key) && key >= 0 ? this.byKey[key] : undefined;
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  set(key: number, value: V): this {
    if (!(Number.isInteger(key) && key >= 0)) throw new RangeError(`IrqMap key ${key} is not an irq number`);
    if (this.byKey[key] === undefined) this.link(key);
    this.byKey[key] = value;
    return this;
  }

  delete(key: number): boolean {
    if (!this.has(key)) return false;
    this.byKey[key] = undefined;
    // The key keeps its own `next`: an iteration standing on it goes on to its successor.
    const before = this.prev[key] ?? NIL;
    const after = this.next[key] ?? NIL;
    if (before === NIL) this.head = after;
    else this.next[before] = after;
    if (after === NIL) this.tail = before;
    else this.prev[after] = before;
    this.count--;
    return true;
  }

  *entries(): MapIterator<[number, V]> {
    for (let k = this.head; k !== NIL; k = this.next[k] ?? NIL) {
      const v = this.byKey[k];
      if (v !== undefined) yield [k, v];
    }
  }

  private link(key: number): void {
    if (key >= this.next.length) this.grow(key + 1);
    this.prev[key] = this.tail;
    this.next[key] = NIL;
    if (this.tail === NIL) this.head = key;
    else this.next[this.tail] = key;
    this.tail = key;
    this.count++;
  }

  private grow(atLeast: number): void {
    this.next = grownFor(this.next, atLeast, 64);
    this.prev = resized(this.prev, this.next.length);
  }
}
