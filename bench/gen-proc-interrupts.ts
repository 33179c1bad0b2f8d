/**
 * A big /proc/interrupts as a 6.2+ server prints it (per-device IR-PCI-MSIX chips, 4-wide irq column):
 * `cpus` online CPUs and `rows` irq rows, counts from a seeded generator. The import benchmark's input.
 */
import { mulberry32 } from "./rng";

function bdfOf(dev: number): string {
  const bus = 1 + Math.floor(dev / 32);
  return `0000:${bus.toString(16).padStart(2, "0")}:${(dev % 32).toString(16).padStart(2, "0")}.0`;
}

export function generateProcInterrupts(cpus: number, rows: number, seed = 1): string {
  const rand = mulberry32(seed);
  const prec = Math.max(3, String(rows + 100).length);
  const out: string[] = [];
  out.push(`${" ".repeat(prec + 1)}${Array.from({ length: cpus }, (_, c) => `CPU${c}`.padEnd(11)).join("")}`);
  const counts = (): string => {
    let s = "";
    for (let c = 0; c < cpus; c++) s += ` ${String(rand() < 0.9 ? 0 : Math.floor(rand() * 1e6)).padStart(10)}`;
    return s;
  };
  const label = (n: number | string) => `${String(n).padStart(prec)}:`;
  for (const [irq, pin, flow, name] of [
    [0, 2, "edge", "timer"],
    [8, 8, "edge", "rtc0"],
    [9, 9, "fasteoi", "acpi"],
  ] as const) {
    out.push(`${label(irq)}${counts()}  IR-IO-APIC ${String(pin).padStart(prec)}-${flow.padEnd(8)}  ${name}`);
  }
  out.push(`${label(24)}${counts()}  DMAR-MSI ${"0".padStart(prec)}-edge      dmar0`);
  // NVMe-like devices with 64 queues each: nvmeNq0..q63 on IR-PCI-MSIX-<BDF>.
  for (let i = 0; out.length - 1 < rows; i++) {
    const dev = Math.floor(i / 64);
    const idx = i % 64;
    out.push(
      `${label(25 + i)}${counts()}  IR-PCI-MSIX-${bdfOf(dev)} ${String(idx).padStart(prec)}-edge      nvme${dev}q${idx}`,
    );
  }
  for (const arch of ["NMI", "LOC", "SPU", "PMI", "IWI", "RTR", "RES", "CAL", "TLB"]) {
    out.push(`${arch.padStart(prec)}:${counts()}   ${arch} interrupts`);
  }
  out.push(`${"ERR".padStart(prec)}:          0`);
  out.push(`${"MIS".padStart(prec)}:          0`);
  return `${out.join("\n")}\n`;
}
