/** A 16550 UART on an IO-APIC pin (COM1 on GSI 4). */
import { ioapicLineModule } from "./ioapic-line";

export const serial = ioapicLineModule("serial", {
  gsi: 4,
  what: "16550 UART on an IO-APIC pin",
  // An ISA port without UPF_SHARE_IRQ: serial8250_do_startup() adds no IRQF_SHARED.
  line: { level: false, shareable: false },
});
