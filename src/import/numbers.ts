/** Number fields of kernel dumps, refusing anything that would not survive as an exact JS number. */

export function parseDecimal(text: string): number | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const v = Number(text);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** `0x1f` as printed by `0x%lx` / `0x%08x`. */
export function parseHex(text: string): number | undefined {
  if (!/^0x[0-9a-fA-F]+$/.test(text)) return undefined;
  const v = Number(text);
  return Number.isSafeInteger(v) ? v : undefined;
}
