/**
 * What the lines just above a dump say about it: a `==> /sys/kernel/debug/irq/irqs/33 <==` header
 * (`tail -n +1`, `head`), a `----- irq 33` separator, or a prompt (`root@box:~# cat irqs/33`), which
 * also names the host. The irqs/N file itself never prints its own number.
 */
import type { SourceLine } from "./text-lines";

export interface SectionHints {
  readonly irq?: number;
  readonly path?: string;
  readonly host?: string;
}

const HEADER = /^==>\s*(.*?)\s*<==$/;
const SEPARATOR = /^-{3,}\s+irq\s+(\d+)\s*$/;
const CAT_IRQ = /\b(?:cat|head|tail|less|more|bat)\b.*?(?:irqs\/|\s)(\d+)\s*$/;
const HOST = /([A-Za-z_][\w.-]*)@([A-Za-z0-9][\w.-]*)[\s:]/;

/** Hints from the non-blank lines before index `from` (at most 3, not before `stop`). */
export function sectionHints(lines: readonly SourceLine[], from: number, stop: number): SectionHints {
  let irq: number | undefined;
  let path: string | undefined;
  let host: string | undefined;
  let seen = 0;
  for (let i = from - 1; i >= stop && seen < 3; i--) {
    const t = (lines[i]?.text ?? "").trim();
    if (t === "") continue;
    seen++;
    const header = HEADER.exec(t);
    if (header) {
      path ??= header[1];
      irq ??= numberAfterIrqs(header[1] ?? "");
      continue;
    }
    const sep = SEPARATOR.exec(t);
    if (sep) irq ??= Number(sep[1]);
    const cat = CAT_IRQ.exec(t);
    if (cat && (t.includes("irqs") || /irqs\S*[#$]/.test(t) || /^\S*\s+irqs\s/.test(t))) irq ??= Number(cat[1]);
    const proc = /\/proc\/interrupts|debug\/irq\/\S+/.exec(t);
    if (proc) path ??= proc[0];
    const h = HOST.exec(`${t} `);
    if (h) host ??= h[2];
  }
  return { ...(irq === undefined ? {} : { irq }), ...(path ? { path } : {}), ...(host ? { host } : {}) };
}

function numberAfterIrqs(path: string): number | undefined {
  const m = /irqs\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : undefined;
}
