/** True when `index` is an integer in [0, count). Used by emit, which must never throw. */
export function inRange(index: number, count: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < count;
}

/** Out-of-range indexes are programming errors of the kernel model: the hardware layer throws. */
export function checkIndex(index: number, count: number, what: string): void {
  if (!inRange(index, count)) throw new RangeError(`${what} ${index} out of range (0..${count - 1})`);
}

/** A u32 register value; anything else is a programming error. */
export function checkU32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    throw new RangeError(`${what} ${value} is not a 32-bit value`);
  }
  return value >>> 0;
}
