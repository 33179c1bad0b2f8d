/**
 * Typed arrays that grow as they are written (descriptor links, IRTE images, index marks, log columns):
 * a copy of the old contents at the start of a longer array of the same kind.
 */
export type GrowableArray = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

/** A new array of `a`'s kind, `length` long, holding `a` at its start. */
export function resized<T extends GrowableArray>(a: T, length: number): T {
  const next = new (a.constructor as new (n: number) => T)(length);
  next.set(a);
  return next;
}

/** `a` when it holds `need` elements already, else a copy grown to at least twice as long (and `floor`). */
export function grownFor<T extends GrowableArray>(a: T, need: number, floor = 0): T {
  return need <= a.length ? a : resized(a, Math.max(need, a.length * 2, floor));
}
