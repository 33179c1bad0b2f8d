/**
 * A machine rebuilt from what it printed: plain data, every fact marked read (printed by the
 * kernel) or inferred (deduced from names and encodings); a field left out is unknown. The worker
 * turns it into a MachineSnapshot (src/sim/imported-snapshot.ts); the CLI prints it.
 */
import type { VectorMatrix } from "./debugfs-matrix";
import type { LogLine } from "./kernel-log";

/** How a fact is known; an absent fact is unknown. */
export type Known = "read" | "inferred";

/** What kind of domain a name is (the canvas's node kinds, plus chips outside the vector hierarchy). */
export type ImportedDomainKind = "vector" | "ir" | "ioapic" | "hpet" | "dmar-msi" | "pci-msi" | "pci-msix" | "chip";

export interface ImportedDomain {
  readonly name: string;
  /** null: the root (VECTOR), or a chip whose parent the input does not say. */
  readonly parent: string | null;
  readonly kind: ImportedDomainKind;
  /** read: a debugfs domains/NAME file or an irqs/N chain printed it; inferred: deduced from a chip name. */
  readonly how: Known;
  readonly size?: number;
  readonly mapped?: number;
  readonly flags?: number;
  /** Why it is believed to exist, for the inspector ("chip IR-PCI-MSIX-0000:04:00.0 on irq 127"). */
  readonly why: string;
}

/** One level of an irq's chain, outermost first, as debugfs printed it or as inferred. */
export interface ImportedLevel {
  readonly domain: string;
  readonly chip: string;
  /** As printed ("0x6c00000" in debugfs, "327680" in /proc/interrupts); absent: unknown. */
  readonly hwirq?: string;
  readonly how: Known;
}

export interface ImportedIrq {
  /** The Linux irq number; from the row label, the irqs/N path, or (inferred) the VECTOR hwirq. */
  readonly irq: number;
  readonly chip: string;
  readonly hwirq?: string;
  readonly flow?: string;
  readonly actions: readonly string[];
  /** The PCI function (BDF) or other device it belongs to. */
  readonly device?: string;
  /** The MSI/MSI-X index on its device, or the IO-APIC pin. */
  readonly index?: number;
  readonly store?: "msi" | "msix" | "ioapic" | "dmar" | "hpet";
  readonly levels: readonly ImportedLevel[];
  readonly affinity?: string;
  readonly effective?: string;
  readonly vector?: number;
  /** The CPU the VECTOR level targets. */
  readonly cpu?: number;
  readonly managed?: boolean;
  /** Per online CPU (`ImportedMachine.cpus`) as /proc/interrupts printed them. */
  readonly counts?: readonly number[];
  readonly total?: number;
  /** Field names deduced rather than printed (device, index, store, levels, irq, …). */
  readonly inferred: readonly string[];
  /** Where it was read: "line 23", "irqs/209 (lines 18-59)". */
  readonly source: string;
}

export interface ImportedDevice {
  /** The BDF of a PCI function; a name ("i8042") for a legacy line. */
  readonly id: string;
  readonly bdf?: string;
  /** The driver's name as its first action shows it ("nvme0q0" → nvme), when one does. */
  readonly driver?: string;
  readonly store?: "msi" | "msix" | "ioapic" | "dmar" | "hpet";
  /** The irqs seen on it and the highest index used. */
  readonly irqs: readonly number[];
  readonly maxIndex: number;
  readonly leafDomain?: string;
  readonly how: Known;
}

export interface ImportedCpus {
  /** The CPU ids the input names (a /proc/interrupts header lists only the online ones). */
  readonly online: readonly number[];
  /** How many CPUs the machine has at least: the highest id seen + 1. */
  readonly count: number;
  readonly how: Known;
}

export interface ImportedIr {
  readonly on: boolean;
  readonly vendor?: "intel" | "amd" | "hyperv";
  readonly x2apic?: boolean;
  readonly how: Known;
  readonly why: string;
}

export interface ImportedMachine {
  /** "machine 1: /proc/interrupts (lines 17-64)". */
  readonly label: string;
  /** The files or parts it came from, as the input named them. */
  readonly sources: readonly string[];
  readonly host?: string;
  readonly cpus: ImportedCpus | undefined;
  readonly ir: ImportedIr | undefined;
  readonly domains: readonly ImportedDomain[];
  readonly devices: readonly ImportedDevice[];
  /** Ascending by irq. */
  readonly irqs: readonly ImportedIrq[];
  readonly matrix?: VectorMatrix;
  /** /proc/interrupts arch rows (NMI, LOC, …) with their totals. */
  readonly arch: readonly { readonly label: string; readonly total: number; readonly description?: string }[];
  readonly log: readonly LogLine[];
  /** The /proc/interrupts table as it was read (cleaned lines), for the /proc/interrupts tab; joined only when shown. */
  readonly procLines?: readonly string[];
  /** What was skipped or could not be read, one line each. */
  readonly warnings: readonly string[];
}
