/**
 * Generates an irq_matrix scenario (bare ops of the trace language) of N ops on C CPUs with a seeded
 * RNG, in the mix of the recorded traces: allocation heavy, frees of what was really allocated, managed
 * reserve/alloc/remove, reservation mode, hotplug with can_unplug. The model runs alongside to learn
 * where each allocation landed, as the oracle's generator did with the kernel's code.
 */
import { DEFAULT_SYSTEM_VECTORS, lapicAssignSystemVectors } from "../src/kernel/arch/x86/vector";
import { CpuMask } from "../src/kernel/cpumask";
import { IrqMatrix } from "../src/kernel/irq/matrix";
import { mulberry32 } from "./rng";

export function generateMatrixTrace(ncpus: number, nops: number, seed: number): string {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const m = new IrqMatrix(ncpus, 256, 32, 235);
  lapicAssignSystemVectors(m, { systemVectors: DEFAULT_SYSTEM_VECTORS, legacyPic: true });
  for (let cpu = 1; cpu < ncpus; cpu++) m.online(cpu);
  const ops: string[] = [`# generated: ${nops} ops on ${ncpus} CPUs, seed ${seed}`, `init ${ncpus} 32 235`, "boot 1"];
  const held: { cpu: number; vec: number; managed: boolean }[] = [];
  const managedMasks: CpuMask[] = [];
  let reserved = 0;

  const pickMask = (): [string, CpuMask] => {
    const r = rnd();
    if (r < 0.3) return ["all", CpuMask.all(ncpus)];
    const a = int(ncpus);
    const b = Math.min(ncpus - 1, a + int(16));
    if (r < 0.8)
      return [
        `${a}-${b}`,
        CpuMask.of(
          ncpus,
          Array.from({ length: b - a + 1 }, (_, i) => a + i),
        ),
      ];
    return [`${a},${b}`, CpuMask.of(ncpus, [a, b])];
  };

  while (ops.length < nops + 2) {
    const r = rnd();
    if (r < 0.45 || (r < 0.48 && reserved === 0)) {
      const [text, mask] = pickMask();
      ops.push(`alloc ${text} 0`);
      const res = m.alloc(mask, false);
      if (!("err" in res)) held.push({ cpu: res.cpu, vec: res.vector, managed: false });
    } else if (r < 0.48) {
      const [text, mask] = pickMask();
      ops.push(`alloc ${text} 1`);
      const res = m.alloc(mask, true);
      reserved--;
      if (!("err" in res)) held.push({ cpu: res.cpu, vec: res.vector, managed: false });
    } else if (r < 0.7) {
      const [h] = held.splice(int(held.length), 1);
      if (!h) continue;
      ops.push(`free ${h.cpu} ${h.vec} ${h.managed ? 1 : 0}`);
      m.free(h.cpu, h.vec, h.managed);
    } else if (r < 0.74) {
      ops.push("reserve");
      m.reserve();
      reserved++;
    } else if (r < 0.78) {
      const [text, mask] = pickMask();
      ops.push(`reserve_managed ${text}`);
      if (m.reserveManaged(mask) === 0) managedMasks.push(mask);
    } else if (r < 0.83) {
      const mask = managedMasks[int(managedMasks.length)];
      if (!mask) continue;
      ops.push(`alloc_managed ${mask.toList() || "-"}`);
      const res = m.allocManaged(mask);
      if (!("err" in res)) held.push({ cpu: res.cpu, vec: res.vector, managed: true });
    } else if (r < 0.84) {
      const [mask] = managedMasks.splice(int(managedMasks.length), 1);
      if (!mask) continue;
      ops.push(`remove_managed ${mask.toList() || "-"}`);
      m.removeManaged(mask);
    } else if (r < 0.88) {
      ops.push(`can_unplug ${int(ncpus)}`);
    } else if (r < 0.9) {
      const cpu = 1 + int(Math.max(1, ncpus - 1));
      const cm = m.maps[cpu];
      if (!cm) continue;
      ops.push(cm.online ? `offline ${cpu}` : `online ${cpu}`);
      if (cm.online) m.offline(cpu);
      else m.online(cpu);
    } else if (r < 0.95) ops.push(`available ${int(2)} ${int(ncpus)}`);
    else if (r < 0.99) ops.push(`allocated ${int(ncpus)}`);
    else if (r < 0.9995) ops.push("reserved");
    else ops.push("debug");
  }
  return `${ops.join("\n")}\n`;
}
