/** One warning per run of consecutive skipped lines, so prose around a dump stays visible but short. */
import type { SourceLine } from "./text-lines";

function preview(text: string): string {
  const t = text.trim();
  return t.length > 50 ? `${t.slice(0, 47)}...` : t;
}

export function skippedLineWarnings(skipped: SourceLine[], what: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= skipped.length; i++) {
    const prev = skipped[i - 1];
    const cur = skipped[i];
    if (cur && prev && cur.n === prev.n + 1) continue;
    const first = skipped[start];
    if (first && prev) {
      const where = first.n === prev.n ? `line ${first.n}` : `lines ${first.n}-${prev.n}`;
      out.push(`${where} skipped: not part of ${what} ("${preview(first.text)}")`);
    }
    start = i;
  }
  return out;
}
