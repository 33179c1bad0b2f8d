/**
 * "Simulate a machine like this": a scenario built from an imported machine, when the input says
 * enough (its CPUs, and remapping or devices). CPUs, IR on/off and the naming era's kernel; each PCI
 * function by BDF as a generic MSI or MSI-X device sized to the highest index seen; the legacy lines
 * the model has (i8042, rtc, ACPI SCI); each function's vectors allocated and requested under the
 * names the input shows. Plain data: the worker validates it with the scenario schema.
 */
import type { ImportedDevice, ImportedMachine } from "./imported-machine";

export type LikeScenario =
  | { readonly ok: true; readonly scenario: unknown }
  | { readonly ok: false; readonly why: string };

const MAX_CPUS = 512;
const MAX_DEVICES = 48;
const MAX_VECTORS = 64;
/** request_irq steps kept: every irq of a 5,000-irq box would make the scenario slow to check and boot. */
const MAX_REQUESTS = 512;

const pow2AtLeast = (n: number): number => {
  let p = 1;
  while (p < n) p *= 2;
  return p;
};

/** A device name the format accepts ("nvme0", "xhci_hcd1"), unique on the machine. */
function nameFor(d: ImportedDevice, used: Map<string, number>): string {
  const stem =
    (d.driver ?? "pci")
      .replace(/[^A-Za-z0-9_.-]/g, "_")
      .replace(/^[^A-Za-z0-9]+/, "")
      .slice(0, 24) || "pci";
  const n = used.get(stem) ?? 0;
  used.set(stem, n + 1);
  return `${stem}${n}`;
}

const LEGACY: Readonly<Record<string, { model: string; gsi: number }>> = {
  i8042: { model: "i8042", gsi: 1 },
  rtc0: { model: "rtc", gsi: 8 },
  acpi: { model: "acpi-sci", gsi: 9 },
};

export function likeScenario(m: ImportedMachine): LikeScenario {
  const cpus = m.cpus?.count;
  if (!cpus) return { ok: false, why: "the input does not say how many CPUs the machine has" };
  const pci = m.devices.filter((d) => d.bdf && (d.store === "msi" || d.store === "msix"));
  if (pci.length === 0 && m.ir === undefined) {
    return { ok: false, why: "the input shows neither its devices nor whether interrupts are remapped" };
  }
  const perDevice = m.domains.some((d) => /-1[1-4]$/.test(d.name));
  const global = m.domains.some((d) => /^(INTEL-IR-MSI|AMD-IR-MSI|PCI-MSI-3)/.test(d.name));
  const kernel = global && !perDevice ? "6.1" : "6.12";
  const used = new Map<string, number>();
  const devices: Record<string, unknown>[] = [];
  const steps: Record<string, unknown>[] = [];
  const byDevice = new Map<string, ImportedMachine["irqs"][number][]>();
  for (const q of m.irqs) {
    if (q.device === undefined) continue;
    const list = byDevice.get(q.device);
    if (list) list.push(q);
    else byDevice.set(q.device, [q]);
  }
  let requests = 0;
  for (const d of pci.slice(0, MAX_DEVICES)) {
    const name = nameFor(d, used);
    const count = Math.min(d.maxIndex + 1, MAX_VECTORS);
    const msix = d.store === "msix";
    devices.push(
      msix
        ? { name, model: "pci-msix", bdf: d.bdf, table_size: Math.max(count, 1) }
        : { name, model: "pci-msi", bdf: d.bdf, vectors: Math.min(pow2AtLeast(count), 32), maskable: false },
    );
    const irqs = byDevice.get(d.id) ?? [];
    const managed = irqs.some((q) => q.managed);
    steps.push({
      op: "alloc",
      device: name,
      type: msix ? "msix" : "msi",
      min: 1,
      max: msix ? count : Math.min(pow2AtLeast(count), 32),
      ...(managed ? { affinity: "managed" } : {}),
    });
    for (const q of irqs) {
      if (q.index === undefined || q.index >= count || requests >= MAX_REQUESTS) continue;
      requests++;
      const handler = q.actions[0];
      steps.push({ op: "request_irq", device: name, index: q.index, ...(handler ? { name: handler } : {}) });
    }
  }
  for (const q of m.irqs) {
    const legacy = q.store === "ioapic" ? LEGACY[q.actions[0] ?? ""] : undefined;
    if (!legacy || devices.some((d) => d.model === legacy.model)) continue;
    devices.push({ name: q.actions[0], model: legacy.model, gsi: legacy.gsi });
  }
  const ir = m.ir?.on ? "on" : "off";
  const title = `Like the imported ${m.host ? `${m.host} ` : ""}machine (${cpus} CPUs, IR ${ir}, ${pci.length} PCI functions)`;
  return {
    ok: true,
    scenario: {
      format: "irqscope-scenario",
      version: 1,
      title,
      machine: {
        cpus: Math.min(cpus, MAX_CPUS),
        kernel,
        ir,
        ...(m.ir?.x2apic === undefined ? {} : { x2apic: m.ir.x2apic }),
        devices,
      },
      steps,
    },
  };
}
