/** One port of the PS/2 controller: KBD on GSI 1, AUX on GSI 12 (two devices). */
import * as v from "valibot";
import type { LineRule } from "../kernel/platform";
import { deviceName, gsi, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";

// i8042_setup_kbd() and i8042_setup_aux() request their lines with IRQF_SHARED (edge, ISA).
const LINE: LineRule = { level: false, shareable: true };

export const i8042 = deviceModule({
  schema: strict({ model: v.literal("i8042"), name: deviceName, gsi: v.optional(gsi, 1) }),
  ui: { what: "PS/2 controller port on an IO-APIC pin (KBD 1, AUX 12), shareable" },
  bus: "ioapic",
  line: LINE,
  build: (p, d) => p.attachLine(d.name, d.model, d.gsi, LINE),
});
