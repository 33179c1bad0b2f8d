/** An HPET block whose timers deliver by FSB (each timer a one-message store). */
import * as v from "valibot";
import { deviceName, int, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";

export const hpet = deviceModule({
  schema: strict({ model: v.literal("hpet"), name: deviceName, timers: v.optional(int(3, 32), 8) }),
  ui: { what: "HPET block (FSB timers)" },
  bus: "hpet",
  fixed:
    "the HPET is part of the chipset: hpet_enable() sets it up once at boot from the ACPI HPET table, and Linux has no way to remove it",
  build: (p, d) => p.attachHpet(d.name, d.timers),
});
