/** What the IO-APIC line users share: a name, a GSI with the model's default, and how the line is used. */
import * as v from "valibot";
import type { LineRule } from "../kernel/platform";
import { deviceName, gsi, strict } from "../scenario/schema-parts";
import { deviceModule } from "./device-module";

export function ioapicLineModule<const M extends string>(
  model: M,
  o: { readonly gsi: number; readonly what: string; readonly line: LineRule },
) {
  return deviceModule({
    schema: strict({ model: v.literal(model), name: deviceName, gsi: v.optional(gsi, o.gsi) }),
    ui: { what: o.what },
    bus: "ioapic",
    line: o.line,
    build: (p, d) => p.attachLine(d.name, d.model, d.gsi, o.line),
  });
}
