/** The CMOS RTC on an IO-APIC pin (GSI 8). */
import { ioapicLineModule } from "./ioapic-line";

export const rtc = ioapicLineModule("rtc", {
  gsi: 8,
  what: "CMOS RTC on an IO-APIC pin",
  // cmos_do_probe() requests its line without IRQF_SHARED.
  line: { level: false, shareable: false },
});
