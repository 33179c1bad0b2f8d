/**
 * QEMU q35's ACPI PCI routing table (_PRT) for bus 0, as its DSDT builds it in APIC mode: slots 0–23
 * rotate over GSIE–GSIH (GSI 20–23) by slot and pin; slots 24–31 use GSIA–GSID (GSI 16–19) by pin.
 */
export const Q35_PIRQ_E_GSI = 20;
export const Q35_PIRQ_A_GSI = 16;

/** The GSI of INTx pin `pin` (0 = INTA) of device `slot` on bus 0. */
export function q35IntxGsi(slot: number, pin: number): number {
  if (slot < 24) return Q35_PIRQ_E_GSI + ((slot + pin) & 3);
  return Q35_PIRQ_A_GSI + (pin & 3);
}
