/** Spreading managed irqs over CPUs (kernel/irq/affinity.c irq_create_affinity_masks(), lib/group_cpus.c). */
import { CpuMask } from "../cpumask";
import type { IrqAffinityDesc } from "./irqdomain";

/**
 * mirrors group_cpus_evenly() on a machine with one NUMA node: `groups` runs of consecutive CPUs of
 * `cpus`, the first (n mod groups) one CPU longer. `groups` must not exceed the CPUs.
 */
export function groupCpusEvenly(cpus: CpuMask, groups: number): CpuMask[] {
  const list = [...cpus];
  const out: CpuMask[] = [];
  const per = Math.floor(list.length / groups);
  let extra = list.length - per * groups;
  let next = 0;
  for (let g = 0; g < groups; g++) {
    const take = per + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    out.push(CpuMask.of(cpus.nbits, list.slice(next, next + take)));
    next += take;
  }
  return out;
}

/**
 * mirrors irq_create_affinity_masks() with no pre/post vectors: one managed mask per irq, spread
 * over `cpus` (the possible CPUs, online or not).
 */
export function irqCreateAffinityMasks(count: number, cpus: CpuMask): IrqAffinityDesc[] {
  return groupCpusEvenly(cpus, count).map((mask) => ({ mask, isManaged: true }));
}
