/**
 * The VECTOR level's own lines (x86_vector_debug_show) and the MSI message lines newer kernels print
 * under an MSI level (msi_domain_debug_show).
 */
import { badValue, type DebugfsLine } from "./debugfs-lines";
import { parseDecimal, parseHex } from "./numbers";

export interface DebugfsVector {
  /** "Not assigned" when the irq has no vector data yet. */
  vector: number | "Not assigned";
  /** A CPU; "Legacy PIC all CPUs" for i8259 irqs; absent with "Not assigned". */
  target?: number | "Legacy PIC all CPUs";
  /** Only while a move is pending. */
  prevVector?: number;
  prevTarget?: number;
  moveInProgress?: boolean;
  isManaged?: boolean;
  canReserve?: boolean;
  hasReserved?: boolean;
  cleanupPending?: boolean;
}

export interface DebugfsMsiMsg {
  addressHi: number;
  addressLo: number;
  data: number;
}

type KeyLine = DebugfsLine & { kind: "key" };

const FLAGS = {
  move_in_progress: "moveInProgress",
  is_managed: "isManaged",
  can_reserve: "canReserve",
  has_reserved: "hasReserved",
  cleanup_pending: "cleanupPending",
} as const;

const MSG = { address_hi: "addressHi", address_lo: "addressLo", msg_data: "data" } as const;

export const VECTOR_KEYS: ReadonlySet<string> = new Set([
  "Vector",
  "Target",
  "Previous vector",
  "Previous target",
  ...Object.keys(FLAGS),
]);
export const MSG_KEYS: ReadonlySet<string> = new Set(Object.keys(MSG));

function isFlagKey(key: string): key is keyof typeof FLAGS {
  return key in FLAGS;
}

function isMsgKey(key: string): key is keyof typeof MSG {
  return key in MSG;
}

/** Apply one vector line; returns the error text, if any. */
export function applyVectorLine(holder: { vector?: DebugfsVector }, l: KeyLine): string | undefined {
  if (l.key === "Vector") {
    const vector = l.value === "Not assigned" ? l.value : parseDecimal(l.value);
    if (vector === undefined) return badValue(l, "a vector number or 'Not assigned'");
    holder.vector = { vector };
    return undefined;
  }
  const v = holder.vector;
  if (!v) return `line ${l.line.n}: '${l.key}:' before the 'Vector:' line`;
  if (isFlagKey(l.key)) {
    if (l.value !== "0" && l.value !== "1") return badValue(l, "0 or 1");
    v[FLAGS[l.key]] = l.value === "1";
    return undefined;
  }
  if (l.key === "Target" && l.value === "Legacy PIC all CPUs") {
    v.target = l.value;
    return undefined;
  }
  const n = parseDecimal(l.value);
  if (n === undefined) return badValue(l, "a decimal number");
  if (l.key === "Target") v.target = n;
  else if (l.key === "Previous vector") v.prevVector = n;
  else v.prevTarget = n;
  return undefined;
}

/** Apply one address/data line to a partial message; returns the error text, if any. */
export function applyMsgLine(msg: Partial<DebugfsMsiMsg>, l: KeyLine): string | undefined {
  const n = parseHex(l.value);
  if (n === undefined) return badValue(l, "a hex number");
  if (isMsgKey(l.key)) msg[MSG[l.key]] = n;
  return undefined;
}

export function completeMsg(msg: Partial<DebugfsMsiMsg>): DebugfsMsiMsg | undefined {
  const { addressHi, addressLo, data } = msg;
  if (addressHi === undefined || addressLo === undefined || data === undefined) return undefined;
  return { addressHi, addressLo, data };
}
