/**
 * The Switchtec management driver's interrupts (drivers/pci/switch/switchtec.c): every vector the
 * `nirqs` module parameter asks for, hardware entries and virtual ones alike (PCI_IRQ_VIRTUAL: the
 * NTB MSI descriptors beyond the table), and the event interrupt.
 */
import { type KernelError, kernelError } from "../../../errno";
import type { Platform } from "../../../platform";
import { requestVector } from "../../driver";
import { pciAllocIrqVectors } from "../msi/api";
import type { PciDev } from "../pci-dev";

/** The vector the firmware names in vep_vector_number (the model's partition config says 0). */
export const SWITCHTEC_EVENT_VECTOR = 0;

/** mirrors switchtec_init_isr(): 1..nirqs of MSI-X or MSI, virtual ones allowed; the event irq. */
export function switchtecInitIsr(p: Platform, dev: PciDev, nirqs: number): number | KernelError {
  const r = pciAllocIrqVectors(p.pciMsiPlatform(), dev, {
    min: 1,
    max: nirqs,
    types: ["msix", "msi"],
    virtual: true,
  });
  if ("errno" in r) return r;
  if (SWITCHTEC_EVENT_VECTOR >= r.count) {
    return kernelError("EFAULT", `event vector ${SWITCHTEC_EVENT_VECTOR} is beyond the ${r.count} vectors`);
  }
  // devm_request_irq(..., KBUILD_MODNAME, stdev): the irq carries the module's name.
  return requestVector(p, dev, SWITCHTEC_EVENT_VECTOR, "switchtec") ?? r.count;
}
