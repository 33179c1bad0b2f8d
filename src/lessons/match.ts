/**
 * Whether the step a learner did is the step a lesson expects. Both are scenario steps as the schema
 * completes them; the simulator records an interrupt by device + store + index, so the match never
 * depends on irq numbers. Labels a person chooses (a handler's name, a note) and how often a raise
 * repeats do not matter; a store the lesson leaves out matches any; CPU lists match by the CPUs they
 * name ("2" and "2-2"), in either file format.
 */
import { parseCpuList, parseCpuMaskHex } from "../kernel/cpumask";
import type { Step } from "../scenario/schema";

const IGNORED: ReadonlySet<string> = new Set(["note", "expect", "name", "times"]);
const MAX_CPUS = 512;

function cpusOf(step: Record<string, unknown>): string | undefined {
  if (typeof step.cpus !== "string") return undefined;
  const r = step.file === "smp_affinity" ? parseCpuMaskHex(step.cpus, MAX_CPUS) : parseCpuList(step.cpus, MAX_CPUS);
  return r.ok ? [...r.mask].join(",") : step.cpus;
}

export function actionMatches(expected: Step, done: Step): boolean {
  const want: Record<string, unknown> = expected;
  const got: Record<string, unknown> = done;
  if (want.op !== got.op) return false;
  for (const key of Object.keys(want)) {
    if (IGNORED.has(key) || key === "file") continue;
    if (key === "cpus") {
      if (cpusOf(want) !== cpusOf(got)) return false;
    } else if (JSON.stringify(want[key]) !== JSON.stringify(got[key])) return false;
  }
  return true;
}

/** "set_affinity nic0 msix 0 cpus 2": a step as a hint names it. */
export function actionText(step: Step): string {
  const s: Record<string, unknown> = step;
  const device = typeof s.device === "object" && s.device !== null ? (s.device as { name?: unknown }).name : s.device;
  const parts: string[] = [String(s.op), ...[device, s.store, s.index].filter((x) => x !== undefined).map(String)];
  for (const [key, value] of Object.entries(s)) {
    if (["op", "device", "store", "index"].includes(key) || IGNORED.has(key) || value === undefined) continue;
    if (key === "file" && value === "smp_affinity_list") continue; // the default file says nothing
    parts.push(`${key} ${Array.isArray(value) ? value.join("/") : String(value)}`);
  }
  return parts.join(" ");
}
