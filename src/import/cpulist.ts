/** Kernel cpulists (`%*pbl`): "0-3,5,8-9", also used for vector lists. Empty text is the empty list. */
export function parseCpuList(text: string): number[] | undefined {
  const t = text.trim();
  if (t === "") return [];
  const out: number[] = [];
  for (const part of t.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    // A list from a real kernel never spans more than a few thousand ids; refuse absurd ranges.
    if (hi < lo || hi - lo > 1 << 16) return undefined;
    for (let i = lo; i <= hi; i++) out.push(i);
  }
  return out;
}
