/** A 16550 UART on an IO-APIC pin (COM1 on GSI 4). */
import * as v from "valibot";
import type { LineRule } from "../kernel/platform";
import { deviceName, gsi, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";

// An ISA port without UPF_SHARE_IRQ: serial8250_do_startup() adds no IRQF_SHARED.
const LINE: LineRule = { level: false, shareable: false };

export const serial = deviceModule({
  schema: strict({ model: v.literal("serial"), name: deviceName, gsi: v.optional(gsi, 4) }),
  ui: { what: "16550 UART on an IO-APIC pin" },
  bus: "ioapic",
  line: LINE,
  build: (p, d) => p.attachLine(d.name, d.model, d.gsi, LINE),
});
