/**
 * CPU hot-unplug and hot-plug as far as interrupts see them (arch/x86/kernel/smpboot.c and the
 * hotplug states of kernel/irq/cpuhotplug.c).
 */
import { type KernelError, kernelError } from "../../errno";
import { irqAffinityOnlineCpu, irqMigrateAllOffThisCpu } from "../../irq/cpuhotplug";
import type { Machine } from "../../machine";
import { lapicCanUnplugCpu } from "./vector";

/**
 * Why `cpu` can never be taken offline, or undefined when it can be. x86 has had no cpu0/online file
 * since v6.5: mirrors arch_cpu_is_hotpluggable(), false for CPU 0.
 */
export function cpuNotHotpluggable(cpu: number): string | undefined {
  return cpu === 0 ? "CPU 0 cannot be taken offline on x86 (it has no online file)" : undefined;
}

/**
 * `echo 0 > /sys/devices/system/cpu/cpuN/online`: mirrors native_cpu_disable() (the
 * lapic_can_unplug_cpu() check) and cpu_disable_common() (leave cpu_online_mask, fixup_irqs()
 * moves every irq away, lapic_offline()).
 */
export function cpuDown(machine: Machine, cpu: number): KernelError | undefined {
  const { matrix, online, vector, core } = machine;
  const fixed = cpuNotHotpluggable(cpu);
  if (fixed !== undefined) return kernelError("EPERM", fixed);
  // device_offline() of an offline CPU: nothing to do (the sysfs write succeeds).
  if (!online.has(cpu)) return undefined;
  if (online.weight() === 1) return kernelError("EBUSY", "the last online CPU cannot be taken offline");
  const check = lapicCanUnplugCpu(matrix, cpu);
  if (!check.ok) return kernelError("ENOSPC", check.messages[0] ?? "not enough vectors on the other CPUs");
  for (const cb of machine.cpuhp.downPrep) cb.callback(cpu);
  online.clear(cpu);
  irqMigrateAllOffThisCpu(core, cpu);
  vector.lapicOffline(cpu);
  for (const cb of machine.cpuhp.dead) cb.callback(cpu);
  return undefined;
}

/**
 * `echo 1 > …/online`: mirrors start_secondary() (into cpu_online_mask, lapic_online()) and the
 * CPUHP_AP_IRQ_AFFINITY_ONLINE state (irq_affinity_online_cpu()).
 */
export function cpuUp(machine: Machine, cpu: number): void {
  // device_online() of an online CPU: nothing to do.
  if (machine.online.has(cpu)) return;
  machine.online.set(cpu);
  machine.vector.lapicOnline(cpu);
  irqAffinityOnlineCpu(machine.core, cpu);
  for (const cb of machine.cpuhp.online) cb.callback(cpu);
}
