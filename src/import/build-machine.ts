/**
 * One machine from the dumps that belong to it: a /proc/interrupts table, debugfs irqs/N and
 * domains/NAME files, kernel log lines. Debugfs chains are read; the chains of the other irqs are
 * inferred from their chip names in the naming the input shows (infer-chain.ts).
 */
import type { DebugfsDomain } from "./debugfs-domains";
import type { DebugfsIrq } from "./debugfs-irqs";
import type {
  ImportedCpus,
  ImportedDevice,
  ImportedDomain,
  ImportedIr,
  ImportedIrq,
  ImportedLevel,
  ImportedMachine,
} from "./imported-machine";
import { type ChainContext, inferChain, kindOfDomain } from "./infer-chain";
import type { LogLine } from "./kernel-log";
import { decodeGlobalPciMsiHwirq } from "./pci-msi-hwirq";
import type { ProcInterrupts } from "./proc-interrupts";
import type { SourceLine } from "./text-lines";

/** A debugfs irqs/N file with the irq number its path or prompt gave, if any. */
export interface DebugfsIrqPart {
  readonly irq?: number;
  readonly file: DebugfsIrq;
  readonly place: string;
}

export interface MachineParts {
  readonly label: string;
  readonly sources: string[];
  host?: string;
  proc?: { readonly table: ProcInterrupts; readonly place: string; readonly lines: readonly SourceLine[] };
  readonly irqFiles: DebugfsIrqPart[];
  readonly domainFiles: { readonly domain: DebugfsDomain; readonly place: string }[];
  readonly log: LogLine[];
  readonly warnings: string[];
}

export function emptyParts(label: string): MachineParts {
  return { label, sources: [], irqFiles: [], domainFiles: [], log: [], warnings: [] };
}

const hex = (v: number): string => `0x${v.toString(16)}`;
const cpuList = (cpus: readonly number[]): string => {
  const out: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && (cpus[j + 1] ?? 0) === (cpus[j] ?? 0) + 1) j++;
    out.push(i === j ? `${cpus[i]}` : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return out.join(",");
};

/** Every domain name debugfs printed, outermost level first. */
function readDomainNames(parts: MachineParts): string[] {
  const names: string[] = [];
  for (const f of parts.irqFiles) for (const l of f.file.levels) names.push(l.domain);
  for (const { domain } of parts.domainFiles) {
    for (let d: DebugfsDomain | undefined = domain; d; d = d.parent) names.push(d.name);
  }
  return names;
}

function irFacts(parts: MachineParts, read: readonly string[]): ImportedIr | undefined {
  const log = parts.log.find((l) => l.fact.kind === "ir");
  const x2 = parts.log.find((l) => l.fact.kind === "x2apic");
  const x2apic = x2?.fact.kind === "x2apic" ? x2.fact.on : log?.fact.kind === "ir" ? log.fact.x2apic : undefined;
  const x = x2apic === undefined ? {} : { x2apic };
  if (log?.fact.kind === "ir")
    return { on: true, vendor: log.fact.vendor, ...x, how: "read", why: `line ${log.line}: ${log.text}` };
  const irDomain = read.find((n) => kindOfDomain(n) === "ir");
  if (irDomain) {
    return {
      on: true,
      vendor: irDomain.startsWith("AMD") ? "amd" : "intel",
      ...x,
      how: "read",
      why: `debugfs domain ${irDomain}`,
    };
  }
  const rows = parts.proc?.table.irqs ?? [];
  const irRow = rows.find((r) => r.chip.startsWith("IR-"));
  if (irRow) {
    const amd = rows.some((r) => r.actions.some((a) => a.startsWith("AMD-Vi")));
    const dmar = rows.some((r) => r.chip === "DMAR-MSI");
    const vendor = amd ? "amd" : "intel";
    const why = `irq ${irRow.irq}'s chip ${irRow.chip}${amd ? "; AMD-Vi irq" : dmar ? "; DMAR-MSI irqs (VT-d)" : "; vendor not printed, VT-d assumed"}`;
    return { on: true, vendor, ...x, how: "inferred", why };
  }
  const hv = rows.find((r) => r.chip === "Hyper-V PCIe MSI" || r.chip.startsWith("HV-"));
  if (hv)
    return {
      on: false,
      vendor: "hyperv",
      ...x,
      how: "inferred",
      why: `irq ${hv.irq}'s chip ${hv.chip}: Hyper-V composes the messages`,
    };
  const msi = rows.find((r) => /PCI-MSI|IO-APIC/.test(r.chip));
  if (msi) return { on: false, ...x, how: "inferred", why: `irq ${msi.irq}'s chip ${msi.chip} has no IR- prefix` };
  if (read.length > 0 && read.includes("VECTOR"))
    return { on: false, ...x, how: "inferred", why: "no IR domain in the debugfs chains" };
  return undefined;
}

function chainContext(parts: MachineParts, read: readonly string[], ir: ImportedIr | undefined): ChainContext {
  const newNames =
    read.some((n) => /-1[1-4]$/.test(n)) ||
    (parts.proc?.table.irqs ?? []).some((r) => /PCI-MSIX?-[0-9a-f]{4}:/.test(r.chip));
  const under = parts.log.flatMap((l) => (l.fact.kind === "ioapic-under" ? [l.fact] : []));
  const readIr = read.find((n) => kindOfDomain(n) === "ir");
  let irDomain: string | undefined;
  if (ir?.on) {
    const unit = under[0]?.unit ?? 0;
    const amd = ir.vendor === "amd";
    irDomain = readIr ?? `${amd ? "AMD" : "INTEL"}-IR-${unit}${newNames ? (amd ? "-14" : "-13") : ""}`;
  }
  const ioapic =
    read.find((n) => n.startsWith("IO-APIC-")) ?? (under.length === 1 ? `IO-APIC-${under[0]?.ioapicId}` : "IO-APIC");
  return { irDomain, vendor: ir?.vendor, ioapicDomain: ioapic };
}

interface IrqDraft {
  irq: number;
  chip: string;
  hwirq?: string;
  flow?: string;
  actions: string[];
  device?: string;
  index?: number;
  store?: ImportedIrq["store"];
  levels: ImportedLevel[];
  affinity?: string;
  effective?: string;
  vector?: number;
  cpu?: number;
  managed?: boolean;
  counts?: number[];
  total?: number;
  inferred: Set<string>;
  source: string;
}

function fromProc(parts: MachineParts, ctx: ChainContext): Map<number, IrqDraft> {
  const out = new Map<number, IrqDraft>();
  const proc = parts.proc;
  if (!proc) return out;
  for (const r of proc.table.irqs) {
    const c = inferChain(r.chip, r.hwirq, ctx);
    const inferred = new Set(["levels"]);
    // A per-device chip names the device; a global hwirq has to be decoded.
    if (c.device && !r.chip.includes(c.device)) inferred.add("device");
    if (c.index !== undefined && c.store !== "msix" && c.store !== "ioapic" && !r.chip.includes(c.device ?? "@"))
      inferred.add("index");
    if (c.store) inferred.add("store");
    const total = r.counts.reduce((s, n) => s + n, 0);
    out.set(r.irq, {
      irq: r.irq,
      chip: r.chip,
      ...(r.hwirq === undefined ? {} : { hwirq: String(r.hwirq) }),
      ...(r.flow === undefined ? {} : { flow: r.flow }),
      actions: r.actions,
      ...(c.device === undefined ? {} : { device: c.device }),
      ...(c.index === undefined ? {} : { index: c.index }),
      ...(c.store === undefined ? {} : { store: c.store }),
      levels: [...c.levels],
      counts: r.counts,
      total,
      inferred,
      source: `line ${r.line}`,
    });
  }
  return out;
}

function mergeDebugfs(drafts: Map<number, IrqDraft>, parts: MachineParts, ctx: ChainContext): void {
  for (const f of parts.irqFiles) {
    const top = f.file;
    const levels: ImportedLevel[] = top.levels.map((l) => ({
      domain: l.domain,
      chip: l.chip,
      hwirq: hex(l.hwirq),
      how: "read",
    }));
    const vectorLevel = top.levels.find((l) => l.vector !== undefined);
    const root = top.levels.at(-1);
    // On x86 the VECTOR level's hwirq is the Linux irq number.
    const irq = f.irq ?? (root?.domain === "VECTOR" ? root.hwirq : undefined);
    if (irq === undefined) {
      parts.warnings.push(`${f.place}: no irq number (no irqs/N path before it and no VECTOR level); skipped`);
      continue;
    }
    const outer = top.levels[0];
    const d: IrqDraft = drafts.get(irq) ?? {
      irq,
      chip: outer?.chip ?? "",
      ...(outer ? { hwirq: hex(outer.hwirq) } : {}),
      actions: [],
      levels: [],
      inferred: new Set(f.irq === undefined ? ["irq"] : []),
      source: f.place,
    };
    if (drafts.has(irq)) d.source = `${d.source}; ${f.place}`;
    d.levels = levels;
    d.inferred.delete("levels");
    d.affinity = cpuList(top.affinity);
    if (top.effective) d.effective = cpuList(top.effective);
    const v = vectorLevel?.vector;
    if (v && typeof v.vector === "number") d.vector = v.vector;
    if (v && typeof v.target === "number") d.cpu = v.target;
    if (v?.isManaged !== undefined) d.managed = v.isManaged;
    if (top.device) {
      d.device = top.device;
      d.inferred.delete("device");
    }
    if (d.store === undefined && outer) {
      const c = inferChain(outer.chip, outer.hwirq, ctx);
      if (c.store) {
        d.store = c.store;
        d.inferred.add("store");
      }
      if (c.index !== undefined) {
        d.index = c.index;
        if (c.store !== "msix" && c.store !== "msi") d.inferred.add("index");
        else if (!/PCI-MSIX?-[0-9a-f]{4}:/.test(outer.chip)) {
          const g = decodeGlobalPciMsiHwirq(outer.hwirq);
          if (g) d.index = g.index;
          d.inferred.add("index");
        }
      }
      if (d.device === undefined && c.device) {
        d.device = c.device;
        d.inferred.add("device");
      }
    }
    drafts.set(irq, d);
  }
}

function domainsOf(parts: MachineParts, irqs: readonly IrqDraft[]): ImportedDomain[] {
  const out = new Map<string, ImportedDomain>();
  const put = (d: ImportedDomain): void => {
    const had = out.get(d.name);
    if (!had || (had.how === "inferred" && d.how === "read")) out.set(d.name, had ? { ...had, ...d } : d);
  };
  for (const { domain, place } of parts.domainFiles) {
    for (let d: DebugfsDomain | undefined = domain; d; d = d.parent) {
      put({
        name: d.name,
        parent: d.parent?.name ?? null,
        kind: kindOfDomain(d.name),
        how: "read",
        size: d.size,
        mapped: d.mapped,
        flags: d.flags,
        why: `debugfs domains file, ${place}`,
      });
    }
  }
  for (const irq of irqs) {
    irq.levels.forEach((l, i) => {
      const parent = irq.levels[i + 1]?.domain ?? null;
      put({
        name: l.domain,
        parent,
        kind: kindOfDomain(l.domain),
        how: l.how,
        why: `chip ${l.chip} on irq ${irq.irq} (${irq.source})`,
      });
    });
  }
  const domains = [...out.values()];
  // A chip outside the vector hierarchy has no parent in the input; only VECTOR is a real root.
  if (domains.length > 0 && !out.has("VECTOR")) {
    domains.unshift({
      name: "VECTOR",
      parent: null,
      kind: "vector",
      how: "inferred",
      why: "the root of every x86 irq",
    });
  }
  return domains;
}

/** "nvme0q3" → "nvme", "virtio1-input.0" → "virtio", "PCIe PME" → "pcieport". */
function driverOf(action: string | undefined): string | undefined {
  if (!action) return undefined;
  if (/^(PCIe PME|aerdrv|pciehp)/.test(action)) return "pcieport";
  return /^[A-Za-z_]+(?:-[a-z]+)?/.exec(action.replace(/\d.*$/, ""))?.[0] ?? action;
}

function devicesOf(irqs: readonly IrqDraft[]): ImportedDevice[] {
  const byId = new Map<string, { d: ImportedDevice; irqs: number[] }>();
  for (const q of irqs) {
    const pci = q.device && /^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(q.device) ? q.device : undefined;
    const id =
      pci ?? q.device ?? (q.store === "ioapic" ? (q.actions[0] ?? `IO-APIC pin ${q.index ?? "?"}`) : undefined);
    if (!id) continue;
    const had = byId.get(id);
    if (had) {
      had.irqs.push(q.irq);
      const maxIndex = Math.max(had.d.maxIndex, q.index ?? 0);
      const driver = had.d.driver ?? driverOf(q.actions[0]);
      had.d = { ...had.d, maxIndex, ...(driver ? { driver } : {}) };
      continue;
    }
    const driver = driverOf(q.actions[0]);
    const d: ImportedDevice = {
      id,
      ...(pci ? { bdf: pci } : {}),
      ...(driver ? { driver } : {}),
      ...(q.store ? { store: q.store } : {}),
      irqs: [],
      maxIndex: q.index ?? 0,
      ...(q.levels[0] ? { leafDomain: q.levels[0].domain } : {}),
      how: q.inferred.has("device") ? "inferred" : "read",
    };
    byId.set(id, { d, irqs: [q.irq] });
  }
  return [...byId.values()].map(({ d, irqs: list }) => ({ ...d, irqs: list }));
}

function cpusOf(parts: MachineParts, irqs: readonly IrqDraft[]): ImportedCpus | undefined {
  const proc = parts.proc?.table;
  if (proc)
    return {
      online: proc.cpus,
      count: (proc.cpus.at(-1) ?? -1) + 1,
      how: proc.warnings.some((w) => w.startsWith("no CPU header")) ? "inferred" : "read",
    };
  const matrix = parts.domainFiles.map((f) => findMatrix(f.domain)).find((m) => m !== undefined);
  if (matrix) {
    const online = matrix.rows.map((r) => r.cpu);
    return { online, count: (online.at(-1) ?? -1) + 1, how: "read" };
  }
  const log = parts.log.find((l) => l.fact.kind === "cpus");
  if (log?.fact.kind === "cpus") {
    const n = log.fact.count;
    return { online: Array.from({ length: n }, (_, i) => i), count: n, how: "read" };
  }
  // Affinity masks name CPUs: the machine has at least the highest one.
  let max = -1;
  for (const f of parts.irqFiles)
    for (const c of [...f.file.affinity, ...(f.file.effective ?? [])]) max = Math.max(max, c);
  for (const q of irqs) if (q.cpu !== undefined) max = Math.max(max, q.cpu);
  if (max < 0) return undefined;
  return { online: Array.from({ length: max + 1 }, (_, i) => i), count: max + 1, how: "inferred" };
}

function findMatrix(d: DebugfsDomain | undefined): DebugfsDomain["matrix"] {
  for (let x = d; x; x = x.parent) if (x.matrix) return x.matrix;
  return undefined;
}

export function buildMachine(parts: MachineParts): ImportedMachine {
  const read = readDomainNames(parts);
  const ir = irFacts(parts, read);
  const ctx = chainContext(parts, read, ir);
  const drafts = fromProc(parts, ctx);
  mergeDebugfs(drafts, parts, ctx);
  const list = [...drafts.values()].sort((a, b) => a.irq - b.irq);
  const irqs: ImportedIrq[] = list.map(({ inferred, ...q }) => ({ ...q, inferred: [...inferred] }));
  const matrix = parts.domainFiles.map((f) => findMatrix(f.domain)).find((m) => m !== undefined);
  return {
    label: parts.label,
    sources: parts.sources,
    ...(parts.host ? { host: parts.host } : {}),
    cpus: cpusOf(parts, list),
    ir,
    domains: domainsOf(parts, list),
    devices: devicesOf(list),
    irqs,
    ...(matrix ? { matrix } : {}),
    arch: (parts.proc?.table.arch ?? []).map((a) => ({
      label: a.label,
      total: a.counts.reduce((s, n) => s + n, 0),
      ...(a.description ? { description: a.description } : {}),
    })),
    log: parts.log,
    ...(parts.proc ? { procLines: parts.proc.lines.map((l) => l.text) } : {}),
    warnings: parts.warnings,
  };
}
