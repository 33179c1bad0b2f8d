/** The hwirq of a PCI MSI/MSI-X vector in the old global PCI-MSI domains (before v6.2). */

/** busDevfn is pci_dev_id(): bus << 8 | devfn. */
// mirrors pci_msi_domain_calc_hwirq()
export function pciMsiDomainCalcHwirq(domainNr: number, busDevfn: number, index: number): number {
  // index < 2048 and devid < 2^16 fit in 27 bits; the domain sits above bit 31, beyond 32-bit shifts
  const low = (((busDevfn & 0xffff) << 11) | (index & 0x7ff)) >>> 0;
  return low + (domainNr >>> 0) * 2 ** 27;
}
