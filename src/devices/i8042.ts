/** One port of the PS/2 controller: KBD on GSI 1, AUX on GSI 12 (two devices). */
import { ioapicLineModule } from "./ioapic-line";

export const i8042 = ioapicLineModule("i8042", {
  gsi: 1,
  what: "PS/2 controller port on an IO-APIC pin (KBD 1, AUX 12), shareable",
  // i8042_setup_kbd() and i8042_setup_aux() request their lines with IRQF_SHARED (edge, ISA).
  line: { level: false, shareable: true },
});
