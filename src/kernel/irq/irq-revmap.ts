/**
 * An irq domain's reverse map, hwirq → Linux irq (kernel/irq/irqdomain.c): the linear revmap for the
 * hwirqs below its size, the radix tree (here a Map) for the others. A device MSI domain's hwirqs are
 * its msi_index (below MSI_XA_DOMAIN_SIZE); the ≤ 6.1 global PCI-MSI domain has no linear part and
 * its hwirqs are `domain_nr << 27 | devid << 11 | index`, millions apart.
 */
import { grownFor } from "../typed-grow";

/** revmap_size: the linear part covers the hwirqs of a device domain (u16 msi_index). */
const LINEAR_SIZE = 0x10000;

export class IrqRevmap {
  /** virq + 1 by hwirq; 0 where unmapped. Grown as written. */
  private linear = new Int32Array(0);
  private readonly tree = new Map<number, number>();

  /** irq_find_mapping(): the irq of `hwirq`, or -1. */
  find(hwirq: number): number {
    if (hwirq >= 0 && hwirq < LINEAR_SIZE) return (this.linear[hwirq] ?? 0) - 1;
    return this.tree.get(hwirq) ?? -1;
  }

  /** irq_domain_set_mapping(). */
  set(hwirq: number, virq: number): void {
    if (hwirq >= 0 && hwirq < LINEAR_SIZE) {
      if (hwirq >= this.linear.length) this.linear = grownFor(this.linear, hwirq + 1, 64);
      this.linear[hwirq] = virq + 1;
    } else this.tree.set(hwirq, virq);
  }

  /** irq_domain_clear_mapping(), if `hwirq` still maps to `virq`. */
  clear(hwirq: number, virq: number): void {
    if (this.find(hwirq) !== virq) return;
    if (hwirq >= 0 && hwirq < LINEAR_SIZE) this.linear[hwirq] = 0;
    else this.tree.delete(hwirq);
  }

  /** The mapped irqs, by hwirq. */
  *virqs(): IterableIterator<number> {
    for (let hwirq = 0; hwirq < this.linear.length; hwirq++) {
      const virq = (this.linear[hwirq] ?? 0) - 1;
      if (virq >= 0) yield virq;
    }
    for (const hwirq of [...this.tree.keys()].sort((a, b) => a - b)) yield this.tree.get(hwirq) ?? -1;
  }
}
