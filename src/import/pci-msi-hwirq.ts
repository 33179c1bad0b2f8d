/**
 * The global PCI-MSI hwirq of kernels before 6.2 (pci_msi_domain_calc_hwirq):
 * `domain << 27 | bus << 19 | devfn << 11 | index`. The domain part makes it exceed 2^32 (Hyper-V
 * uses domains like 0x7870), so this uses division, not 32-bit bitwise operators.
 */

export interface PciMsiHwirq {
  domain: number;
  bus: number;
  dev: number;
  fn: number;
  /** "dddd:bb:dd.f" as the kernel prints a PCI device name. */
  bdf: string;
  /** The MSI or MSI-X entry on the device. */
  index: number;
}

const INDEX_SPAN = 2 ** 11;
const DEVID_SPAN = 2 ** 16;

function hex(v: number, width: number): string {
  return v.toString(16).padStart(width, "0");
}

export function formatBdf(domain: number, bus: number, dev: number, fn: number): string {
  return `${hex(domain, 4)}:${hex(bus, 2)}:${hex(dev, 2)}.${fn}`;
}

/** undefined for a value no kernel could print (negative, fractional or past 2^53). */
export function decodeGlobalPciMsiHwirq(hwirq: number): PciMsiHwirq | undefined {
  if (!Number.isSafeInteger(hwirq) || hwirq < 0) return undefined;
  const index = hwirq % INDEX_SPAN;
  const devid = Math.floor(hwirq / INDEX_SPAN) % DEVID_SPAN;
  const domain = Math.floor(hwirq / (INDEX_SPAN * DEVID_SPAN));
  const bus = Math.floor(devid / 256);
  const devfn = devid % 256;
  const dev = Math.floor(devfn / 8);
  const fn = devfn % 8;
  return { domain, bus, dev, fn, bdf: formatBdf(domain, bus, dev, fn), index };
}
