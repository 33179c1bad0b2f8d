/**
 * What `sim import` prints: the JSON of the format's contract (scenario-format.md, "Import": cpus, one
 * irqs entry per numbered row or irqs/N file, domains with their parents), with each fact's
 * provenance, and the same as text for a terminal.
 */
import type { ImportedMachine } from "./imported-machine";

export interface ImportJson {
  /** The first machine's CPU count (0 when the input does not say). */
  readonly cpus: number;
  readonly irqs: readonly Record<string, unknown>[];
  readonly domains: readonly { name: string; parent: string | null; kind: string; how: string; machine: number }[];
  readonly devices: readonly Record<string, unknown>[];
  readonly machines: readonly Record<string, unknown>[];
  readonly notes: readonly string[];
}

export function importJson(machines: readonly ImportedMachine[], notes: readonly string[]): ImportJson {
  return {
    cpus: machines[0]?.cpus?.count ?? 0,
    irqs: machines.flatMap((m, k) =>
      m.irqs.map((q) => ({
        irq: q.irq,
        chip: q.chip,
        hwirq: q.hwirq ?? null,
        name: q.actions.join(", "),
        machine: k + 1,
        ...(q.flow ? { flow: q.flow } : {}),
        ...(q.device ? { device: q.device } : {}),
        ...(q.index === undefined ? {} : { index: q.index }),
        ...(q.store ? { store: q.store } : {}),
        ...(q.affinity === undefined ? {} : { affinity: q.affinity }),
        ...(q.effective === undefined ? {} : { effective: q.effective }),
        ...(q.vector === undefined ? {} : { vector: q.vector }),
        ...(q.cpu === undefined ? {} : { cpu: q.cpu }),
        ...(q.total === undefined ? {} : { count: q.total }),
        levels: q.levels.map((l) => ({ domain: l.domain, chip: l.chip, hwirq: l.hwirq ?? null, how: l.how })),
        inferred: q.inferred,
        source: q.source,
      })),
    ),
    domains: machines.flatMap((m, k) =>
      m.domains.map((d) => ({ name: d.name, parent: d.parent, kind: d.kind, how: d.how, machine: k + 1 })),
    ),
    devices: machines.flatMap((m, k) =>
      m.devices.map((d) => ({
        id: d.id,
        ...(d.bdf ? { bdf: d.bdf } : {}),
        driver: d.driver ?? null,
        store: d.store ?? null,
        irqs: d.irqs,
        how: d.how,
        machine: k + 1,
      })),
    ),
    machines: machines.map((m) => ({
      label: m.label,
      host: m.host ?? null,
      cpus: m.cpus ? { count: m.cpus.count, online: m.cpus.online.length, how: m.cpus.how } : null,
      ir: m.ir ?? null,
      irqs: m.irqs.length,
      domains: m.domains.length,
      devices: m.devices.length,
      sources: m.sources,
      log: m.log.map((l) => ({ line: l.line, text: l.text, fact: l.fact })),
      warnings: m.warnings,
    })),
    notes,
  };
}

function tree(m: ImportedMachine): string[] {
  const kids = new Map<string | null, string[]>();
  for (const d of m.domains) {
    const p = d.parent ?? (d.name === "VECTOR" ? null : "VECTOR");
    kids.set(p, [...(kids.get(p) ?? []), d.name]);
  }
  const how = new Map(m.domains.map((d) => [d.name, d.how]));
  const out: string[] = [];
  const walk = (name: string, depth: number): void => {
    out.push(`    ${"  ".repeat(depth)}${name}${how.get(name) === "inferred" ? "  (inferred)" : ""}`);
    for (const k of (kids.get(name) ?? []).sort()) walk(k, depth + 1);
  };
  for (const root of kids.get(null) ?? []) walk(root, 0);
  return out;
}

export function importText(machines: readonly ImportedMachine[], notes: readonly string[]): string {
  const out: string[] = [];
  for (const n of notes) out.push(`note: ${n}`);
  for (const m of machines) {
    out.push(m.label);
    out.push(`  CPUs: ${m.cpus ? `${m.cpus.count} (${m.cpus.how})` : "unknown"}`);
    out.push(
      `  interrupt remapping: ${m.ir ? `${m.ir.on ? "on" : "off"}${m.ir.vendor ? ` (${m.ir.vendor})` : ""}, ${m.ir.how}: ${m.ir.why}` : "unknown"}`,
    );
    if (m.domains.length) out.push(`  domains (${m.domains.length}):`, ...tree(m));
    if (m.irqs.length) {
      out.push(`  irqs (${m.irqs.length}):`);
      for (const q of m.irqs) {
        const target = q.vector === undefined ? "" : `  vector ${q.vector} on CPU ${q.cpu ?? "?"}`;
        const dev = q.device ? `  ${q.device}${q.index === undefined ? "" : ` #${q.index}`}` : "";
        out.push(
          `    ${String(q.irq).padStart(5)}  ${q.chip} ${q.hwirq ?? "-"}${dev}${target}  ${q.actions.join(", ")}`,
        );
      }
    }
    for (const l of m.log) out.push(`  log line ${l.line}: ${l.text}`);
    for (const w of m.warnings) out.push(`  warning: ${w}`);
  }
  return `${out.join("\n")}\n`;
}
