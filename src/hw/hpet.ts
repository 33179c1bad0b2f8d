import type { MsiMsg } from "../kernel/irq/msi-msg";
import { type Emission, type MessageStore, notSent, type StoreWrite, sent, WHOLE_DEVICE } from "./message-store";
import { checkIndex, checkU32, inRange } from "./slot-range";
import { WriteLog } from "./write-log";

// Register offsets and bits (arch/x86/include/asm/hpet.h).
export const HPET_ID = 0x000;
export const HPET_PERIOD = 0x004;
export const HPET_CFG = 0x010;
export const HPET_Tn_CFG = (n: number): number => 0x100 + 0x20 * n;
export const HPET_Tn_CMP = (n: number): number => 0x108 + 0x20 * n;
export const HPET_Tn_ROUTE = (n: number): number => 0x110 + 0x20 * n;
export const HPET_ID_NUMBER_SHIFT = 8;
export const HPET_TN_LEVEL = 0x0002;
export const HPET_TN_ENABLE = 0x0004;
export const HPET_TN_PERIODIC = 0x0008;
export const HPET_TN_SETVAL = 0x0040;
export const HPET_TN_32BIT = 0x0100;
export const HPET_TN_ROUTE = 0x3e00;
export const HPET_TN_FSB = 0x4000;
export const HPET_TN_FSB_CAP = 0x8000; // read-only
const HPET_TN_WRITABLE =
  HPET_TN_LEVEL | HPET_TN_ENABLE | HPET_TN_PERIODIC | HPET_TN_SETVAL | HPET_TN_32BIT | HPET_TN_ROUTE;
/** 69841279 fs: the usual 14.318 MHz HPET. */
const PERIOD_FS = 0x0429b17f;
const HPET_ID_REV = 0x01;
const HPET_CFG_WRITABLE = 0x3; // HPET_CFG_ENABLE | HPET_CFG_LEGACY
/** Names of the six dwords of a timer block, in offset order. */
const TIMER_REGS = ["config", "config_hi", "cmp_lo", "cmp_hi", "route_data", "route_address"] as const;

export interface HpetConfig {
  /** HPET block number (DMAR scope / "HPET-MSI-<id>"). */
  readonly id: number;
  /** Timers in the block, 3..32. */
  readonly timers: number;
  /** Timers with HPET_TN_FSB_CAP (may deliver by FSB/MSI). */
  readonly fsbCapable: readonly number[];
}

/** Per-timer registers: config low dword, comparator, FSB route (data, address). */
interface Timer {
  cfg: number;
  cmpLo: number;
  cmpHi: number;
  routeData: number;
  routeAddress: number;
}

/** An HPET block: each timer's FSB route register is a one-slot message store. */
export class Hpet implements MessageStore {
  readonly kind = "hpet" as const;
  readonly id: number;
  readonly slots: number;
  private globalCfg = 0;
  private readonly timers: Timer[];
  private readonly log = new WriteLog();

  constructor(config: HpetConfig) {
    checkIndex(config.timers - 3, 30, "HPET timer count - 3");
    this.id = config.id;
    this.slots = config.timers;
    this.timers = Array.from({ length: config.timers }, () => ({
      cfg: 0,
      cmpLo: 0xffffffff,
      cmpHi: 0xffffffff,
      routeData: 0,
      routeAddress: 0,
    }));
    for (const n of config.fsbCapable) {
      checkIndex(n, config.timers, "HPET FSB-capable timer");
      this.timer(n).cfg = HPET_TN_FSB_CAP;
    }
  }

  get writes(): number {
    return this.log.total;
  }

  /** Writes the device had no register for (a non-zero address_hi: the FSB route is 32-bit). */
  get droppedWrites(): number {
    return this.log.dropped;
  }

  recentWrites(): readonly StoreWrite[] {
    return this.log.recent();
  }

  hasFsb(timer: number): boolean {
    return (this.timer(timer).cfg & HPET_TN_FSB_CAP) !== 0;
  }

  readReg(offset: number): number {
    if (offset === HPET_ID) {
      return (HPET_ID_REV | ((this.slots - 1) << HPET_ID_NUMBER_SHIFT) | (0x8086 << 16)) >>> 0;
    }
    if (offset === HPET_PERIOD) return PERIOD_FS;
    if (offset === HPET_CFG) return this.globalCfg;
    const { n, reg } = this.timerReg(offset);
    const t = this.timer(n);
    return [t.cfg, 0, t.cmpLo, t.cmpHi, t.routeData, t.routeAddress][reg] ?? 0;
  }

  /** One 32-bit register write (hpet_writel). */
  writeReg(offset: number, value: number): void {
    const v = checkU32(value, "HPET register value");
    if (offset === HPET_CFG) {
      this.globalCfg = v & HPET_CFG_WRITABLE;
      this.log.record(WHOLE_DEVICE, "hpet_cfg", v);
      return;
    }
    const { n, reg } = this.timerReg(offset);
    const t = this.timer(n);
    this.log.record(n, TIMER_REGS[reg] ?? "config", v);
    if (reg === 0) {
      // FSB enable only sticks on a timer with FSB_CAP; FSB_CAP itself is read-only.
      const writable = HPET_TN_WRITABLE | (t.cfg & HPET_TN_FSB_CAP ? HPET_TN_FSB : 0);
      t.cfg = ((t.cfg & ~writable) | (v & writable)) >>> 0;
    } else if (reg === 2) t.cmpLo = v;
    else if (reg === 3) t.cmpHi = v;
    else if (reg === 4) t.routeData = v;
    else if (reg === 5) t.routeAddress = v;
    // reg 1: the interrupt-route capability dword is read-only.
  }

  /** hpet_msi_write: data at HPET_Tn_ROUTE + 0, then address_lo at + 4. */
  writeMessage(timer: number, msg: MsiMsg): void {
    this.timer(timer);
    this.writeReg(HPET_Tn_ROUTE(timer), msg.data);
    this.writeReg(HPET_Tn_ROUTE(timer) + 4, msg.addressLo);
    if (msg.addressHi !== 0) this.log.drop(timer, "address_hi", msg.addressHi);
  }

  setFsb(timer: number, enable: boolean): void {
    this.updateCfg(timer, HPET_TN_FSB, enable);
  }

  setEnable(timer: number, on: boolean): void {
    this.updateCfg(timer, HPET_TN_ENABLE, on);
  }

  /** hpet_msi_mask clears ENABLE | FSB; hpet_msi_unmask sets both. */
  isMasked(slot: number): boolean {
    const cfg = this.timer(slot).cfg;
    return (cfg & (HPET_TN_ENABLE | HPET_TN_FSB)) !== (HPET_TN_ENABLE | HPET_TN_FSB);
  }

  storedMessage(slot: number): MsiMsg {
    const t = this.timer(slot);
    return { addressLo: t.routeAddress, addressHi: 0, data: t.routeData };
  }

  emit(slot: number): Emission {
    if (!inRange(slot, this.slots)) return notSent(`no timer ${slot}: the HPET has ${this.slots}`);
    const t = this.timer(slot);
    if (!(t.cfg & HPET_TN_FSB_CAP)) return notSent(`timer ${slot} cannot deliver by FSB (no FSB_CAP)`);
    if (!(t.cfg & HPET_TN_FSB)) return notSent(`timer ${slot}: FSB delivery disabled`);
    if (!(t.cfg & HPET_TN_ENABLE)) return notSent(`timer ${slot} disabled`);
    return sent(this.storedMessage(slot));
  }

  private updateCfg(timer: number, bit: number, on: boolean): void {
    const cfg = this.timer(timer).cfg;
    this.writeReg(HPET_Tn_CFG(timer), on ? cfg | bit : cfg & ~bit);
  }

  private timer(n: number): Timer {
    checkIndex(n, this.slots, "HPET timer");
    return this.timers[n] as Timer;
  }

  /** Timer n's block is 0x20 bytes at 0x100 + 0x20·n; reg = dword index within CFG, CMP, ROUTE. */
  private timerReg(offset: number): { n: number; reg: number } {
    const rel = offset - HPET_Tn_CFG(0);
    if (!Number.isInteger(offset) || offset % 4 !== 0 || !inRange(rel, 0x20 * this.slots) || rel % 0x20 >= 0x18) {
      throw new RangeError(`HPET register 0x${offset.toString(16)} is not modelled`);
    }
    return { n: Math.floor(rel / 0x20), reg: (rel % 0x20) / 4 };
  }
}
