/** The ACPI System Control Interrupt: a level-triggered, shared line (GSI 9). */
import * as v from "valibot";
import type { LineRule } from "../kernel/platform";
import { deviceName, gsi, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";

// acpi_os_install_interrupt_handler() requests the SCI with IRQF_SHARED; the MADT makes it level.
const LINE: LineRule = { level: true, shareable: true };

export const acpiSci = deviceModule({
  schema: strict({ model: v.literal("acpi-sci"), name: deviceName, gsi: v.optional(gsi, 9) }),
  ui: { what: "ACPI SCI, level-triggered, shareable" },
  bus: "ioapic",
  line: LINE,
  build: (p, d) => p.attachLine(d.name, d.model, d.gsi, LINE),
});
