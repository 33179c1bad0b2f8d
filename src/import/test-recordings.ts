/** Test helper: the phases of a real-kernel recording in ../shared, read in place (never copied). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type SharedTest, sharedTest } from "../testing/shared-fixtures";

export const RIGS = ["q35-6.12-ir", "q35-6.12-noir"] as const;

export interface IrqTableEntry {
  irq: number;
  chip: string;
  hwirq?: number;
  actions: string;
  effective: string;
}

/** it() for tests that read the recording's folder (skipped, or failed in CI, when ../shared is absent). */
export function rigTest(rig: string): SharedTest {
  return sharedTest(`real-kernel/${rig}`);
}

/** Phase names such as "p2-cpu3-offline", from the `p*__interrupts.txt` files. */
export function phases(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^p\d+-.*__interrupts\.txt$/.test(f))
    .map((f) => f.replace("__interrupts.txt", ""))
    .sort();
}

export function section(dir: string, phase: string, name: string): string {
  return readFileSync(join(dir, `${phase}__${name}.txt`), "utf8");
}

/** `cpu_online=0-2` of the phase's meta file: an independent account of the online CPUs. */
export function onlineCpus(dir: string, phase: string): string {
  return /^cpu_online=(.*)$/m.exec(section(dir, phase, "meta"))?.[1] ?? "";
}

/** The rig's own per-irq listing (`irq=N chip=... hwirq=... actions=...`), for cross-checks. */
export function irqTable(dir: string, phase: string): IrqTableEntry[] {
  return section(dir, phase, "irq_table")
    .split("\n")
    .filter((l) => l.startsWith("irq="))
    .map((l) => {
      const f = Object.fromEntries(l.split(" ").map((kv) => kv.split("=", 2) as [string, string]));
      const entry: IrqTableEntry = {
        irq: Number(f.irq),
        chip: f.chip ?? "",
        actions: f.actions ?? "",
        effective: f.effective_affinity_list ?? "",
      };
      if (f.hwirq) entry.hwirq = Number(f.hwirq);
      return entry;
    });
}
