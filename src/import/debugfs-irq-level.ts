/** One level of an irq's domain chain in irqs/N (irq_debug_show_data): domain, hwirq, chip and extras. */
import { badValue, type DebugfsLine } from "./debugfs-lines";
import {
  applyMsgLine,
  applyVectorLine,
  completeMsg,
  type DebugfsMsiMsg,
  type DebugfsVector,
  MSG_KEYS,
  VECTOR_KEYS,
} from "./debugfs-vector";
import { parseHex } from "./numbers";

export interface DebugfsLevel {
  /** "" when the irq has no domain (legacy XT-PIC irqs). */
  domain: string;
  hwirq: number;
  chip: string;
  chipFlags: number;
  chipFlagNames: string[];
  /** The VECTOR level's vector, target and state. */
  vector?: DebugfsVector;
  /** The MSI message, printed under MSI levels by newer kernels. */
  msg?: DebugfsMsiMsg;
  /** Input line of its `domain:` line. */
  line: number;
}

export interface LevelDraft {
  domain: string;
  line: number;
  indent: number;
  hwirq?: number;
  chip?: string;
  chipFlags?: number;
  chipFlagNames: string[];
  vector?: DebugfsVector;
  msg: Partial<DebugfsMsiMsg>;
  sawParent: boolean;
}

type KeyLine = DebugfsLine & { kind: "key" };
type Applied = { error: string } | { names?: string[] };

export const LEVEL_KEYS: ReadonlySet<string> = new Set([
  "hwirq",
  "chip",
  "flags",
  "parent",
  ...VECTOR_KEYS,
  ...MSG_KEYS,
]);

export function newLevel(l: KeyLine): LevelDraft {
  return { domain: l.value, line: l.line.n, indent: l.indent, chipFlagNames: [], msg: {}, sawParent: false };
}

function fromError(error: string | undefined): Applied {
  return error ? { error } : {};
}

export function applyLevelLine(d: LevelDraft, l: KeyLine): Applied {
  switch (l.key) {
    case "hwirq":
    case "flags": {
      const v = parseHex(l.value);
      if (v === undefined) return { error: badValue(l, "a hex number") };
      if (l.key === "hwirq") {
        d.hwirq = v;
        return {};
      }
      d.chipFlags = v;
      return { names: d.chipFlagNames };
    }
    case "chip":
      d.chip = l.value;
      return {};
    case "parent":
      d.sawParent = true;
      return {};
    default:
      return fromError(MSG_KEYS.has(l.key) ? applyMsgLine(d.msg, l) : applyVectorLine(d, l));
  }
}

export function finishLevel(d: LevelDraft, depth: number): DebugfsLevel | string {
  const what = `line ${d.line}: level ${depth} (domain '${d.domain}')`;
  if (d.hwirq === undefined) return `${what} has no 'hwirq:' line (truncated?)`;
  if (d.chip === undefined) return `${what} has no 'chip:' line (truncated?)`;
  const level: DebugfsLevel = {
    domain: d.domain,
    hwirq: d.hwirq,
    chip: d.chip,
    chipFlags: d.chipFlags ?? 0,
    chipFlagNames: d.chipFlagNames,
    line: d.line,
  };
  if (d.vector) level.vector = d.vector;
  const msg = completeMsg(d.msg);
  if (msg) level.msg = msg;
  return level;
}
