/** A 16550 UART on an IO-APIC pin (COM1 on GSI 4). */
import { ioapicLineModule } from "./ioapic-line";

export const serial = ioapicLineModule("serial", {
  gsi: 4,
  what: "16550 UART on an IO-APIC pin",
  // serial8250_do_startup() adds IRQF_SHARED only with UPF_SHARE_IRQ, which serial_pnp_probe() sets
  // only for an IRQ the firmware marks shareable; a COM port's ISA IRQ is exclusive.
  line: { level: false, shareable: false },
});
