/** The ACPI System Control Interrupt: a level-triggered, shared line (GSI 9). */
import { ioapicLineModule } from "./ioapic-line";

export const acpiSci = ioapicLineModule("acpi-sci", {
  gsi: 9,
  what: "ACPI SCI, level-triggered, shareable",
  // acpi_os_install_interrupt_handler() requests the SCI with IRQF_SHARED; the MADT makes it level.
  line: { level: true, shareable: true },
});
