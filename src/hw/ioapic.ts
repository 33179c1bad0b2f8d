import type { MsiMsg } from "../kernel/irq/msi-msg";
import { type Emission, type MessageStore, notSent, type StoreWrite, sent, WHOLE_DEVICE } from "./message-store";
import { checkIndex, checkU32, inRange } from "./slot-range";
import { WriteLog } from "./write-log";

// Indirect register indexes (arch/x86/include/asm/io_apic.h).
export const IO_APIC_ID = 0x00;
export const IO_APIC_VERSION = 0x01;
export const IO_APIC_REDIR_TABLE = 0x10; // RTE n: low dword at 0x10 + 2n, high dword at 0x11 + 2n
/** IO-APIC version 0x20: has the EOI register used for directed EOI. */
export const IO_APIC_VERSION_EOI = 0x20;
// RTE low-dword bits (IO_APIC_route_entry).
export const RTE_VECTOR = 0xff;
export const RTE_DELIVERY_MODE_SHIFT = 8;
export const RTE_DEST_MODE_LOGICAL = 1 << 11; // ir_index_15 under IR
export const RTE_DELIVERY_STATUS = 1 << 12; // read-only
export const RTE_ACTIVE_LOW = 1 << 13;
export const RTE_REMOTE_IRR = 1 << 14; // read-only
export const RTE_LEVEL = 1 << 15;
export const RTE_MASKED = 1 << 16;
const RTE_LO_READ_ONLY = RTE_DELIVERY_STATUS | RTE_REMOTE_IRR;

/** The 32-bit interrupt message an RTE makes the IO-APIC send (the reverse of ioapic_setup_msg_from_msi). */
export function rteToMsiMsg(lo: number, hi: number): MsiMsg {
  const addressLo =
    0xfee00000 |
    (((hi >>> 17) & 0x7fff) << 5) | // RTE bits 63:49 → address bits 19:5
    (((hi >>> 16) & 1) << 4) | // RTE bit 48 (ir_format) → address bit 4
    (((lo >>> 11) & 1) << 2); // RTE bit 11 → address bit 2
  const data = (lo & RTE_VECTOR) | (((lo >>> RTE_DELIVERY_MODE_SHIFT) & 7) << 8) | (lo & RTE_LEVEL);
  return { addressLo: addressLo >>> 0, addressHi: 0, data };
}

export interface IoApicConfig {
  readonly id: number;
  /** Redirection entries (24 on the classic 82093AA). */
  readonly pins?: number;
  /** GSI of pin 0. */
  readonly gsiBase?: number;
}

/** An IO-APIC: one RTE per pin is the message store; level pins track Remote IRR and the input line. */
export class IoApic implements MessageStore {
  readonly kind = "ioapic" as const;
  readonly slots: number;
  readonly gsiBase: number;
  private idReg: number;
  private readonly lo: Uint32Array;
  private readonly hi: Uint32Array;
  /** Level inputs currently driven high by their device. */
  private readonly lineHigh: Uint8Array;
  private readonly log = new WriteLog();

  constructor(config: IoApicConfig) {
    const pins = config.pins ?? 24;
    checkIndex(pins - 1, 240, "IO-APIC pin count - 1");
    checkIndex(config.id, 16, "IO-APIC id");
    this.slots = pins;
    this.gsiBase = config.gsiBase ?? 0;
    this.idReg = config.id << 24;
    this.lo = new Uint32Array(pins).fill(RTE_MASKED); // reset: every pin masked
    this.hi = new Uint32Array(pins);
    this.lineHigh = new Uint8Array(pins);
  }

  get id(): number {
    return (this.idReg >>> 24) & 0xf;
  }

  get writes(): number {
    return this.log.total;
  }

  recentWrites(): readonly StoreWrite[] {
    return this.log.recent();
  }

  readReg(reg: number): number {
    if (reg === IO_APIC_ID) return this.idReg;
    if (reg === IO_APIC_VERSION) return (IO_APIC_VERSION_EOI | ((this.slots - 1) << 16)) >>> 0;
    const { pin, high } = this.rteReg(reg);
    return (high ? this.hi[pin] : this.lo[pin]) ?? 0;
  }

  /** One indirect register write. Returns what the pin sent if this unmasked an asserted level line. */
  writeReg(reg: number, value: number): Emission | undefined {
    const v = checkU32(value, "IO-APIC register value");
    if (reg === IO_APIC_ID) {
      this.idReg = v & 0x0f000000;
      this.log.record(WHOLE_DEVICE, "id", v);
      return undefined;
    }
    const { pin, high } = this.rteReg(reg);
    this.log.record(pin, high ? "rte_hi" : "rte_lo", v);
    if (high) {
      this.hi[pin] = v;
      return undefined;
    }
    const before = this.lo[pin] ?? RTE_MASKED;
    let next = (v & ~RTE_LO_READ_ONLY) | (before & RTE_LO_READ_ONLY);
    if (!(next & RTE_LEVEL)) next &= ~RTE_REMOTE_IRR; // Remote IRR is undefined for edge pins
    this.lo[pin] = next >>> 0;
    return before & RTE_MASKED && !(next & RTE_MASKED) ? this.redeliver(pin) : undefined;
  }

  /** __ioapic_write_entry: high dword first, then low (which may unmask). */
  writeRte(pin: number, lo: number, hi: number): Emission | undefined {
    checkIndex(pin, this.slots, "IO-APIC pin");
    this.writeReg(IO_APIC_REDIR_TABLE + 2 * pin + 1, hi);
    return this.writeReg(IO_APIC_REDIR_TABLE + 2 * pin, lo);
  }

  readRte(pin: number): { readonly lo: number; readonly hi: number } {
    checkIndex(pin, this.slots, "IO-APIC pin");
    return { lo: this.lo[pin] ?? 0, hi: this.hi[pin] ?? 0 };
  }

  /** Read-modify-write of the mask bit in the low dword. */
  setMask(pin: number, masked: boolean): Emission | undefined {
    const { lo } = this.readRte(pin);
    return this.writeReg(IO_APIC_REDIR_TABLE + 2 * pin, masked ? lo | RTE_MASKED : lo & ~RTE_MASKED);
  }

  /** The device drives the pin (an edge pulse, or a level line going high): same as emit. */
  assert(pin: number): Emission {
    return this.emit(pin);
  }

  /** The device stops driving a level line (its handler cleared the cause). Not a register write. */
  deassert(pin: number): void {
    checkIndex(pin, this.slots, "IO-APIC pin");
    this.lineHigh[pin] = 0;
  }

  isLineAsserted(pin: number): boolean {
    checkIndex(pin, this.slots, "IO-APIC pin");
    return this.lineHigh[pin] === 1;
  }

  /**
   * Directed EOI (the EOI register, IO-APIC version ≥ 0x20): clears Remote IRR of every level pin
   * whose RTE vector field equals `vector` (under IR that field is the pin number). A line still high
   * is delivered again; those messages are returned.
   */
  eoi(vector: number): readonly Emission[] {
    checkIndex(vector, 256, "EOI vector");
    this.log.record(WHOLE_DEVICE, "eoi", vector);
    const out: Emission[] = [];
    for (let pin = 0; pin < this.slots; pin++) {
      const lo = this.lo[pin] ?? 0;
      if (!(lo & RTE_REMOTE_IRR) || (lo & RTE_VECTOR) !== vector) continue;
      this.lo[pin] = lo & ~RTE_REMOTE_IRR;
      const again = this.redeliver(pin);
      if (again) out.push(again);
    }
    return out;
  }

  isMasked(slot: number): boolean {
    return (this.readRte(slot).lo & RTE_MASKED) !== 0;
  }

  storedMessage(slot: number): MsiMsg {
    const { lo, hi } = this.readRte(slot);
    return rteToMsiMsg(lo, hi);
  }

  emit(slot: number): Emission {
    if (!inRange(slot, this.slots)) return notSent(`no pin ${slot}: the IO-APIC has ${this.slots}`);
    const lo = this.lo[slot] ?? RTE_MASKED;
    const level = (lo & RTE_LEVEL) !== 0;
    if (level) this.lineHigh[slot] = 1;
    if (lo & RTE_MASKED) {
      return notSent(level ? `pin ${slot} masked: level line stays asserted` : `pin ${slot} masked: edge lost`);
    }
    if (level && lo & RTE_REMOTE_IRR) return notSent("level interrupt still in service: Remote IRR set");
    if (level) this.lo[slot] = lo | RTE_REMOTE_IRR; // cleared by the EOI
    return sent(rteToMsiMsg(lo, this.hi[slot] ?? 0));
  }

  /** Deliver a level line that is still high once nothing blocks it (unmask, EOI). */
  private redeliver(pin: number): Emission | undefined {
    const lo = this.lo[pin] ?? RTE_MASKED;
    if (!(lo & RTE_LEVEL) || this.lineHigh[pin] !== 1 || lo & (RTE_MASKED | RTE_REMOTE_IRR)) return undefined;
    return this.emit(pin);
  }

  private rteReg(reg: number): { pin: number; high: boolean } {
    const rel = reg - IO_APIC_REDIR_TABLE;
    if (!Number.isInteger(reg) || !inRange(rel, 2 * this.slots)) {
      throw new RangeError(`IO-APIC register 0x${reg.toString(16)} is not modelled`);
    }
    return { pin: rel >> 1, high: (rel & 1) === 1 };
  }
}
