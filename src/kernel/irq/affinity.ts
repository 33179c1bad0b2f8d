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
 * mirrors irq_create_affinity_masks(): the pre and post vectors get irq_default_affinity (all CPUs)
 * unmanaged; the ones between are managed and spread over `cpus` (the possible CPUs, online or not).
 * Nothing to spread: no descriptors at all, as the kernel returns NULL.
 */
export function irqCreateAffinityMasks(count: number, cpus: CpuMask, pre = 0, post = 0): IrqAffinityDesc[] | undefined {
  const spread = count - pre - post;
  if (spread <= 0) return undefined;
  const all = (): IrqAffinityDesc => ({ mask: CpuMask.all(cpus.nbits), isManaged: false });
  return [
    ...Array.from({ length: pre }, all),
    ...groupCpusEvenly(cpus, spread).map((mask) => ({ mask, isManaged: true })),
    ...Array.from({ length: post }, all),
  ];
}
