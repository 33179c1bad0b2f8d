/** Checks a machine config from outside (UI form, URL, file) before anything boots. */
import type { KernelRelease } from "../kernel/arch/x86/vector";
import { KERNEL_RELEASES, MAX_CPUS, type MachineConfig } from "../kernel/machine";

export type ConfigCheck = { ok: true; config: MachineConfig } | { ok: false; reason: string };

export function validateMachineConfig(c: unknown): ConfigCheck {
  if (typeof c !== "object" || c === null) return { ok: false, reason: "machine: expected an object" };
  const o = c as Record<string, unknown>;
  const cpus = o.cpus;
  if (typeof cpus !== "number" || !Number.isInteger(cpus) || cpus < 1 || cpus > MAX_CPUS) {
    return { ok: false, reason: `machine.cpus: ${JSON.stringify(cpus)} is not a whole number from 1 to ${MAX_CPUS}` };
  }
  const kernel = o.kernel ?? "6.12";
  if (typeof kernel !== "string" || !KERNEL_RELEASES.includes(kernel as KernelRelease)) {
    return {
      ok: false,
      reason: `machine.kernel: ${JSON.stringify(kernel)} is not one of ${KERNEL_RELEASES.join(", ")}`,
    };
  }
  const legacyPic = o.legacyPic ?? true;
  if (typeof legacyPic !== "boolean") return { ok: false, reason: "machine.legacyPic: expected true or false" };
  return { ok: true, config: { cpus, kernel: kernel as KernelRelease, legacyPic } };
}
