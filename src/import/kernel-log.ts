/**
 * Interrupt-related kernel log lines (dmesg, journalctl, syslog): what they say about interrupt
 * remapping, the IO-APICs behind each DMAR unit, x2APIC, the CPU count, and the vector troubles
 * (`No irq handler for vector`, a CPU that cannot go offline for want of vectors). Other lines are
 * left alone: a boot log holds thousands of them.
 */
import type { SourceLine } from "./text-lines";

export type LogFact =
  | { kind: "ir"; vendor: "intel" | "amd"; x2apic?: boolean }
  | { kind: "x2apic"; on: boolean }
  | { kind: "dmar-unit"; unit: number }
  | { kind: "ioapic-under"; ioapicId: number; unit: number }
  | { kind: "cpus"; count: number }
  | { kind: "no-handler"; cpu: number; vector: number }
  | { kind: "vector-exhaustion"; cpu: number; vectors: number; available: number }
  | { kind: "affinity-failed"; irq: number; errno: number };

export interface LogLine {
  readonly line: number;
  /** The message without its timestamp or syslog prefix. */
  readonly text: string;
  readonly fact: LogFact;
}

// "[    0.074583] ", "[ 0.289224] ", "Jun 29 18:28:41 host kernel: ", "kernel: ", "kern  :info  : [date] ".
const PREFIX =
  /^(?:[A-Z][a-z]{2}\s+\d+\s+[\d:]+\s+\S+\s+kernel:\s*|kern\s*:\s*\w+\s*:\s*(?:\[[^\]]*\]\s*)?|\[\s*\d+\.\d+\]\s*(?:kernel:\s*)?|kernel:\s*)/;

const MESSAGE_START =
  /^(?:DMAR(?:-IR)?: |(?:pci \S+ )?AMD-Vi: |x2apic|Switched APIC|IRQ remapping|smpboot: |smp: |__common_interrupt: |do_IRQ: |CPU \d+ has |IRQ\d+: )/;

type Rule = readonly [RegExp, (m: RegExpExecArray) => LogFact];
const n = (s: string | undefined): number => Number(s ?? "0");

const RULES: readonly Rule[] = [
  [
    /DMAR-IR: Enabled IRQ remapping in (x2apic|xapic) mode/,
    (m) => ({ kind: "ir", vendor: "intel", x2apic: m[1] === "x2apic" }),
  ],
  [/AMD-Vi: Interrupt remapping enabled/, () => ({ kind: "ir", vendor: "amd" })],
  [
    /DMAR-IR: IOAPIC id (\d+) under DRHD base\s+0x[0-9a-f]+ IOMMU (\d+)/,
    (m) => ({ kind: "ioapic-under", ioapicId: n(m[1]), unit: n(m[2]) }),
  ],
  [/DMAR: dmar(\d+): reg_base_addr/, (m) => ({ kind: "dmar-unit", unit: n(m[1]) })],
  [
    /(?:^|\s)x2apic enabled|AMD-Vi: X2APIC enabled|Switched APIC routing to cluster x2apic/,
    () => ({ kind: "x2apic", on: true }),
  ],
  [/IRQ remapping doesn't support X2APIC mode|x2apic is disabled/, () => ({ kind: "x2apic", on: false })],
  [/smpboot: Allowing (\d+) CPUs|Brought up \d+ nodes?, (\d+) CPUs/, (m) => ({ kind: "cpus", count: n(m[1] ?? m[2]) })],
  [
    /(?:__common_interrupt|do_IRQ): (\d+)\.(\d+) No irq handler for vector/,
    (m) => ({ kind: "no-handler", cpu: n(m[1]), vector: n(m[2]) }),
  ],
  [
    /CPU (\d+) has (\d+) vectors, (\d+) available\. Cannot disable CPU/,
    (m) => ({ kind: "vector-exhaustion", cpu: n(m[1]), vectors: n(m[2]), available: n(m[3]) }),
  ],
  [/IRQ(\d+): set affinity failed\((-?\d+)\)/, (m) => ({ kind: "affinity-failed", irq: n(m[1]), errno: n(m[2]) })],
];

/** The interrupt facts of the log lines among `lines`; any other line is ignored. */
export function readKernelLog(lines: readonly SourceLine[]): LogLine[] {
  const out: LogLine[] = [];
  for (const l of lines) {
    // Cheap tests first: a 100,000-line paste is mostly not log text.
    const t = l.text;
    if (!/DMAR|AMD-Vi|x2apic|X2APIC|smpboot|Brought up|irq handler|vectors,|set affinity/.test(t)) continue;
    const text = t.trim().replace(PREFIX, "");
    // A message starts with its subsystem: prose that quotes one ("# ... DMAR-IR: Enabled ...") is no log line.
    if (!MESSAGE_START.test(text)) continue;
    for (const [re, fact] of RULES) {
      const m = re.exec(text);
      if (m) {
        out.push({ line: l.n, text, fact: fact(m) });
        break;
      }
    }
  }
  return out;
}
