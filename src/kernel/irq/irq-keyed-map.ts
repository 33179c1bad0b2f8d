/**
 * What a read-only Map keyed by irq number derives from its own entries(): keys, values, forEach and
 * iteration, for the tables that keep per-irq state in arrays rather than in a Map.
 */
export abstract class IrqKeyedMap<V> implements ReadonlyMap<number, V> {
  abstract get size(): number;
  abstract get(key: number): V | undefined;
  abstract has(key: number): boolean;
  abstract entries(): MapIterator<[number, V]>;

  *keys(): MapIterator<number> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(f: (value: V, key: number, map: ReadonlyMap<number, V>) => void): void {
    for (const [k, v] of this.entries()) f(v, k, this);
  }

  [Symbol.iterator](): MapIterator<[number, V]> {
    return this.entries();
  }
}
