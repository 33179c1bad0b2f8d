/** The irq descriptor lines of an irqs/N file, before the first `domain:` (irq_debug_show). */
import { parseCpuList } from "./cpulist";
import { badValue, type DebugfsLine } from "./debugfs-lines";
import { parseDecimal, parseHex } from "./numbers";

export interface DebugfsIrqTop {
  handler: string;
  /** null for "(null)": no device name was given. */
  device: string | null;
  status: number;
  statusNames: string[];
  istate: number;
  istateNames: string[];
  ddepth: number;
  wdepth: number;
  dstate: number;
  dstateNames: string[];
  node: number;
  affinity: number[];
  /** Only with CONFIG_GENERIC_IRQ_EFFECTIVE_AFF_MASK (the "effectiv:" line). */
  effective?: number[];
  /** Only with CONFIG_GENERIC_PENDING_IRQ; empty when no move waits. */
  pending?: number[];
}

type KeyLine = DebugfsLine & { kind: "key" };
type Draft = Partial<DebugfsIrqTop>;
type Applied = { error: string } | { names?: string[] };

export const TOP_KEYS: ReadonlySet<string> = new Set([
  "handler",
  "device",
  "status",
  "istate",
  "ddepth",
  "wdepth",
  "dstate",
  "node",
  "affinity",
  "effectiv",
  "pending",
]);

const REQUIRED = ["handler", "status", "istate", "ddepth", "wdepth", "dstate", "node", "affinity"] as const;

function hexWithNames(d: Draft, l: KeyLine, field: "status" | "istate" | "dstate"): Applied {
  const v = parseHex(l.value);
  if (v === undefined) return { error: badValue(l, "a hex number") };
  const names: string[] = [];
  d[field] = v;
  d[`${field}Names`] = names;
  return { names };
}

function cpus(d: Draft, l: KeyLine, field: "affinity" | "effective" | "pending"): Applied {
  const v = parseCpuList(l.value);
  if (v === undefined) return { error: badValue(l, "a CPU list such as 0-3,5") };
  d[field] = v;
  return {};
}

function decimal(d: Draft, l: KeyLine, field: "ddepth" | "wdepth" | "node"): Applied {
  const v = parseDecimal(l.value);
  if (v === undefined) return { error: badValue(l, "a decimal number") };
  d[field] = v;
  return {};
}

/** Apply one descriptor line; `names` is where the flag-name lines that follow belong. */
export function applyTopLine(d: Draft, l: KeyLine): Applied {
  switch (l.key) {
    case "handler":
      d.handler = l.value;
      return {};
    case "device":
      d.device = l.value === "(null)" || l.value === "" ? null : l.value;
      return {};
    case "status":
    case "istate":
    case "dstate":
      return hexWithNames(d, l, l.key);
    case "ddepth":
    case "wdepth":
    case "node":
      return decimal(d, l, l.key);
    case "affinity":
      return cpus(d, l, "affinity");
    case "effectiv":
      return cpus(d, l, "effective");
    default:
      return cpus(d, l, "pending");
  }
}

export function finishTop(d: Draft, where: string): DebugfsIrqTop | string {
  const missing = REQUIRED.filter((k) => d[k] === undefined);
  if (missing.length > 0) return `${where}: no '${missing.join(":', '")}:' line (truncated or not an irqs/N file?)`;
  const top: DebugfsIrqTop = {
    handler: d.handler ?? "",
    device: d.device ?? null,
    status: d.status ?? 0,
    statusNames: d.statusNames ?? [],
    istate: d.istate ?? 0,
    istateNames: d.istateNames ?? [],
    ddepth: d.ddepth ?? 0,
    wdepth: d.wdepth ?? 0,
    dstate: d.dstate ?? 0,
    dstateNames: d.dstateNames ?? [],
    node: d.node ?? 0,
    affinity: d.affinity ?? [],
  };
  if (d.effective) top.effective = d.effective;
  if (d.pending) top.pending = d.pending;
  return top;
}
