/** The CMOS RTC on an IO-APIC pin (GSI 8). */
import * as v from "valibot";
import type { LineRule } from "../kernel/platform";
import { deviceName, gsi, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";

// cmos_do_probe() requests its line without IRQF_SHARED.
const LINE: LineRule = { level: false, shareable: false };

export const rtc = deviceModule({
  schema: strict({ model: v.literal("rtc"), name: deviceName, gsi: v.optional(gsi, 8) }),
  ui: { what: "CMOS RTC on an IO-APIC pin" },
  bus: "ioapic",
  line: LINE,
  build: (p, d) => p.attachLine(d.name, d.model, d.gsi, LINE),
});
