/** struct msi_msg (include/linux/msi.h): what a device writes, and where, to raise an interrupt. */
export interface MsiMsg {
  /** Bits 31:0 of the address (u32, unsigned). */
  readonly addressLo: number;
  /** Bits 63:32 of the address (u32, unsigned). */
  readonly addressHi: number;
  /** The data word (u32, unsigned). */
  readonly data: number;
}

/** The all-zero message an MSI domain writes on deactivation (msi_domain_deactivate()). */
export const ZERO_MSG: MsiMsg = { addressLo: 0, addressHi: 0, data: 0 };

export function msiMsgEqual(a: MsiMsg, b: MsiMsg): boolean {
  return a.addressLo === b.addressLo && a.addressHi === b.addressHi && a.data === b.data;
}

/** "0xfee01000/0x00000041" style, for logs and results. */
export function formatMsiMsg(m: MsiMsg): string {
  const hex = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, "0")}`;
  return m.addressHi ? `${hex(m.addressHi)}:${hex(m.addressLo)}/${hex(m.data)}` : `${hex(m.addressLo)}/${hex(m.data)}`;
}
