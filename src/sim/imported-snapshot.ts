/**
 * An imported machine (src/import) as a MachineSnapshot, so the canvas, the irq list, the CPU rows
 * and the inspector show it as they show a model: the same nodes and rows, each marked with how it is
 * known (provenance). Read-only history: nothing here can run a step.
 */
import type { ImportedIrq, ImportedMachine } from "../import/imported-machine";
import type { LikeScenario } from "../import/like-scenario";
import { parseScenario } from "../scenario/parse";
import type { MachineSpec } from "../scenario/schema";
import type { CpuRow, MatrixSummary } from "./cpu-view";
import type { DomainNode } from "./domain-nodes";
import type { TreeNodeKind } from "./domain-tree";
import type { IrqDetail } from "./irq-detail";
import type { ImportFact, ImportProvenance, IrqRow, MachineSnapshot } from "./snapshot";
import { deviceKey, deviceNodeId, domainKey, domainNodeId, type MachineRole } from "./tree-ids";

const UNKNOWN = "?";
// One formatter: toLocaleString() builds one per call, which a 5,000-irq import felt.
const NUMBER = new Intl.NumberFormat("en-US");
const plural = (n: number, one: string): string => `${NUMBER.format(n)} ${one}${n === 1 ? "" : "s"}`;

/** The machine spec the view carries: the "like this" scenario's (checked by the caller), else the CPUs alone (or 1). */
function specOf(m: ImportedMachine, likeMachine: MachineSpec | undefined): MachineSpec {
  if (likeMachine) return likeMachine;
  const cpus = Math.min(Math.max(m.cpus?.count ?? 1, 1), 512);
  const r = parseScenario({
    format: "irqscope-scenario",
    version: 1,
    machine: { cpus, ir: m.ir?.on ? "on" : "off", devices: [] },
    steps: [],
  });
  if (!r.ok) throw new Error(`imported machine spec refused: ${r.error}`);
  return r.scenario.machine;
}

function deviceIdOf(q: ImportedIrq): string | undefined {
  if (q.device) return q.device;
  if (q.store === "ioapic") return q.actions[0] ?? `IO-APIC pin ${q.index ?? UNKNOWN}`;
  return undefined;
}

/** The IRTE index an INTEL-IR level's hwirq encodes (index << 16 | sub-handle), as debugfs printed it. */
function irteOf(q: ImportedIrq): number {
  const level = q.levels.find((l) => /^(INTEL|AMD)-IR-\d/.test(l.domain) && l.how === "read");
  if (!level?.hwirq) return -1;
  const v = Number(level.hwirq);
  return Number.isSafeInteger(v) && level.domain.startsWith("INTEL") ? Math.floor(v / 65536) : -1;
}

const ROW_FIELDS = ["affinity", "effective", "vector", "cpu", "device", "store", "count"] as const;

function irqRow(q: ImportedIrq): IrqRow {
  const unknown = ROW_FIELDS.filter((f) => (f === "count" ? q.total === undefined : q[f] === undefined));
  const vector = q.vector ?? -1;
  const cpu = q.cpu ?? -1;
  return {
    irq: q.irq,
    device: deviceIdOf(q) ?? UNKNOWN,
    store: q.store ?? UNKNOWN,
    slot: q.index ?? -1,
    actions: q.actions.join(", "),
    chip: q.chip,
    affinity: q.affinity ?? UNKNOWN,
    effective: q.effective ?? UNKNOWN,
    managed: q.managed ?? false,
    started: (q.total ?? 0) > 0,
    // Vector 0 with has_reserved: reservation mode, no real vector yet (sample 04's irq 33).
    state: vector > 0 ? "active" : vector === 0 ? "reserved" : "none",
    stateText:
      vector > 0
        ? `vector ${vector} on CPU ${cpu} (read)`
        : vector === 0
          ? "reserved, no vector yet (read)"
          : "vector not printed",
    // The list shows a vector only where the hardware points: none while reserved.
    vector: vector === 0 ? -1 : vector,
    cpu,
    irte: irteOf(q),
    count: q.total ?? 0,
    inferred: q.inferred,
    unknown,
  };
}

function domainNodesOf(m: ImportedMachine): DomainNode[] {
  const nodes: DomainNode[] = [];
  const mappedBy = new Map<string, number>();
  for (const q of m.irqs) for (const l of q.levels) mappedBy.set(l.domain, (mappedBy.get(l.domain) ?? 0) + 1);
  for (const d of m.domains) {
    // A chip whose parent the input does not print hangs under VECTOR to be drawn; its node says so.
    const parent = d.parent ?? (d.name === "VECTOR" ? undefined : "VECTOR");
    const mapped = d.mapped ?? mappedBy.get(d.name) ?? 0;
    const kind: TreeNodeKind = d.kind;
    nodes.push({
      id: domainKey(d.name),
      kind,
      label: d.name,
      ...(parent === undefined ? {} : { parent: domainKey(parent) }),
      mapped,
      size: d.size ?? 0,
      flags: [d.how, ...(d.parent === null && d.name !== "VECTOR" ? ["parent unknown"] : [])],
      detail: `${d.name}: ${plural(mapped, "irq")} ${d.mapped === undefined ? "seen" : "mapped"} · ${d.how === "read" ? "printed by the kernel" : "inferred from names"}`,
      how: d.how,
    });
  }
  for (const dev of m.devices) {
    const parent = dev.leafDomain;
    const stores = dev.store
      ? [{ kind: storeKind(dev.store), slots: dev.maxIndex + 1, used: dev.irqs.length, masked: 0, writes: 0 }]
      : [];
    nodes.push({
      id: deviceKey(dev.id),
      kind: "device",
      label: dev.id,
      ...(parent ? { parent: domainKey(parent) } : {}),
      mapped: dev.irqs.length,
      size: dev.maxIndex + 1,
      flags: [dev.how],
      detail: [dev.driver, dev.bdf, plural(dev.irqs.length, "irq")].filter(Boolean).join(" · "),
      stores,
      ...(dev.bdf ? { bdf: dev.bdf } : {}),
      how: dev.how,
    });
  }
  return nodes;
}

type StoreKind = NonNullable<DomainNode["stores"]>[number]["kind"];
function storeKind(s: NonNullable<ImportedIrq["store"]>): StoreKind {
  if (s === "dmar") return "msi";
  return s;
}

function cpuRowsOf(m: ImportedMachine): CpuRow[] {
  const count = Math.min(m.cpus?.count ?? 0, 4096);
  const online = new Set(m.cpus?.online ?? []);
  const rows = new Map((m.matrix?.rows ?? []).map((r) => [r.cpu, r]));
  return Array.from({ length: count }, (_, cpu) => {
    const r = rows.get(cpu);
    return {
      cpu,
      online: online.has(cpu),
      avl: r?.avl ?? 0,
      man: r?.man ?? 0,
      mac: r?.mac ?? 0,
      act: r?.act ?? 0,
      vectors: r ? compactList(r.vectors) : UNKNOWN,
      cleanupQueued: 0,
      timerExpires: -1,
    };
  });
}

function compactList(v: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < v.length; ) {
    let j = i;
    while (j + 1 < v.length && (v[j + 1] ?? 0) === (v[j] ?? 0) + 1) j++;
    out.push(i === j ? `${v[i]}` : `${v[i]}-${v[j]}`);
    i = j + 1;
  }
  return out.join(",");
}

function matrixOf(m: ImportedMachine): MatrixSummary {
  const x = m.matrix;
  return {
    onlineMaps: x?.onlineBitmaps ?? 0,
    globalAvailable: x?.globalAvailable ?? 0,
    globalReserved: x?.globalReserved ?? 0,
    totalAllocated: x?.totalAllocated ?? 0,
    systemCount: x?.system.count ?? 0,
    systemVectors: x ? compactList(x.system.list) : "",
    window: [32, 236],
  };
}

function factsOf(m: ImportedMachine): ImportFact[] {
  const facts: ImportFact[] = [];
  const c = m.cpus;
  facts.push(
    c
      ? { what: "CPUs", value: `${c.count} (${c.online.length} named)`, how: c.how }
      : { what: "CPUs", value: UNKNOWN, how: "unknown" },
  );
  const ir = m.ir;
  facts.push(
    ir
      ? {
          what: "interrupt remapping",
          value: `${ir.on ? "on" : "off"}${ir.vendor ? ` (${ir.vendor})` : ""}`,
          how: ir.how,
          why: ir.why,
        }
      : { what: "interrupt remapping", value: UNKNOWN, how: "unknown" },
  );
  facts.push(
    ir?.x2apic === undefined
      ? { what: "x2APIC", value: UNKNOWN, how: "unknown" }
      : { what: "x2APIC", value: ir.x2apic ? "on" : "off", how: "read", why: "kernel log" },
  );
  const readDomains = m.domains.filter((d) => d.how === "read").length;
  facts.push({
    what: "domains",
    value: `${m.domains.length} (${readDomains} printed, ${m.domains.length - readDomains} inferred)`,
    how: readDomains === m.domains.length && readDomains > 0 ? "read" : "inferred",
  });
  facts.push({ what: "irqs", value: String(m.irqs.length), how: m.irqs.length ? "read" : "unknown" });
  for (const a of m.arch.filter((x) => x.total > 0 && /^(ERR|MIS)$/.test(x.label))) {
    facts.push({ what: a.label, value: String(a.total), how: "read" });
  }
  return facts;
}

export interface ImportedSnapshotInput {
  readonly machine: ImportedMachine;
  readonly all: readonly ImportedMachine[];
  readonly chosen: number;
  readonly notes: readonly string[];
  readonly like: LikeScenario;
  /** The like scenario's machine, already checked by the scenario schema (once: it has a step per irq). */
  readonly likeMachine?: MachineSpec;
}

/** The snapshot of an imported machine: every irq (a view cuts them as for a model). */
export function importedSnapshot(input: ImportedSnapshotInput): MachineSnapshot {
  const { machine: m, like } = input;
  const irqs = m.irqs.map(irqRow);
  const provenance: ImportProvenance = {
    label: m.label,
    machines: input.all.map((x) => x.label),
    chosen: input.chosen,
    sources: m.sources,
    facts: factsOf(m),
    notes: [...input.notes, ...m.warnings],
    log: m.log.map((l) => `line ${l.line}: ${l.text}`),
    like: like.ok ? { ok: true, title: titleOf(like.scenario) } : { ok: false, why: like.why },
  };
  const irDomain = m.domains.find((d) => d.kind === "ir");
  return {
    title: `Imported: ${m.label}`,
    machine: specOf(m, input.likeMachine),
    jiffies: 0,
    matrix: matrixOf(m),
    cpus: cpuRowsOf(m),
    irqs,
    irqTotal: irqs.length,
    devices: m.devices.map((d) => ({
      name: d.id,
      model: d.driver ?? UNKNOWN,
      bdf: d.bdf ?? "",
      msi: d.store === "msi" ? d.maxIndex + 1 : 0,
      msix: d.store === "msix" ? d.maxIndex + 1 : 0,
      ims: 0,
      legacy: d.store === "ioapic",
      hpet: d.store === "hpet",
    })),
    ir: irDomain
      ? {
          name: irDomain.name,
          entries: 0,
          used: m.irqs.filter((q) => q.levels.some((l) => l.domain === irDomain.name)).length,
          irteWrites: 0,
          iecFlushes: 0,
        }
      : undefined,
    domains: { nodes: domainNodesOf(m), secondary: [] },
    provenance,
  };
}

function titleOf(scenario: unknown): string {
  const t = (scenario as { title?: unknown }).title;
  return typeof t === "string" ? t : "a machine like this";
}

/** The inspector's irq: its path and levels as read or inferred, its target as debugfs printed it. */
export function importedIrqDetail(m: ImportedMachine, irq: number, role: MachineRole): IrqDetail | undefined {
  const q = m.irqs.find((x) => x.irq === irq);
  if (!q) return undefined;
  const row = irqRow(q);
  const device = deviceIdOf(q);
  const levels = q.levels.map((l) => ({
    domain: l.domain,
    nodeId: domainNodeId(role, l.domain),
    hwirq: l.hwirq === undefined ? -1 : Number(l.hwirq),
    chip: l.chip,
  }));
  const debugfs = q.levels.some((l) => l.how === "read")
    ? `${q.source}\n${q.levels.map((l, i) => `${" ".repeat(4 * i)}domain:  ${l.domain}\n${" ".repeat(4 * i + 1)}hwirq:   ${l.hwirq ?? UNKNOWN}\n${" ".repeat(4 * i + 1)}chip:    ${l.chip}`).join("\n")}`
    : "no debugfs irqs/N file for this irq in the input: its chain is inferred from the chip name";
  return {
    irq,
    device: device ?? UNKNOWN,
    store: q.store ?? UNKNOWN,
    slot: q.index ?? -1,
    path: [...(device ? [deviceNodeId(role, device)] : []), ...levels.map((l) => l.nodeId)],
    levels,
    target: {
      cpu: q.cpu ?? -1,
      vector: q.vector ?? -1,
      prevCpu: 0,
      prevVector: -1,
      affinity: q.affinity ?? UNKNOWN,
      effective: q.effective ?? UNKNOWN,
      pending: "",
      managed: q.managed ?? false,
      started: row.started,
      count: q.total ?? 0,
      actions: [...q.actions],
    },
    debugfs,
    imported: { source: q.source, inferred: [...q.inferred], unknown: [...(row.unknown ?? [])] },
  };
}

/** The inspector's domain text: the facts read (or inferred) about it. */
export function importedDomainText(m: ImportedMachine, name: string): string | undefined {
  const d = m.domains.find((x) => x.name === name);
  if (!d) return undefined;
  const lines = [
    `name:   ${d.name}`,
    ` size:   ${d.size ?? UNKNOWN}`,
    ` mapped: ${d.mapped ?? UNKNOWN}`,
    ` flags:  ${d.flags === undefined ? UNKNOWN : `0x${d.flags.toString(16).padStart(8, "0")}`}`,
    ` parent: ${d.parent ?? (d.name === "VECTOR" ? "(none)" : UNKNOWN)}`,
    "",
    `${d.how === "read" ? "read" : "inferred"}: ${d.why}`,
  ];
  return lines.join("\n");
}
