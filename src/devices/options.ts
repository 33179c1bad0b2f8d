/**
 * A model's options as its schema defines them (range, choices, default), read from the valibot
 * schema itself so the add form and the palette never keep a copy of a default or a range.
 */
import * as v from "valibot";
import type { DeviceModule } from "./device-module";

export type OptionSpec =
  | { readonly key: string; readonly kind: "int"; readonly min: number; readonly max: number; readonly def: number }
  | { readonly key: string; readonly kind: "bool"; readonly def: boolean }
  | {
      readonly key: string;
      readonly kind: "choice";
      readonly choices: readonly (string | number)[];
      readonly def: string | number;
    };

/** The fields every device has, not options. */
const IDENTITY = new Set(["model", "name", "bdf"]);

function field(x: unknown, key: string): unknown {
  return typeof x === "object" && x !== null && key in x ? (x as Record<string, unknown>)[key] : undefined;
}

/** The schema's type and its min/max requirements, through nested pipes (`v.pipe(int(1, 32), check)`). */
function describe(schema: unknown): { type: unknown; min?: number; max?: number; options?: unknown } {
  const pipe = field(schema, "pipe");
  const out = Array.isArray(pipe)
    ? { ...describe(pipe[0]), type: field(schema, "type") }
    : { type: field(schema, "type"), options: field(schema, "options") };
  for (const item of Array.isArray(pipe) ? pipe.slice(1) : []) {
    const req = field(item, "requirement");
    if (typeof req !== "number") continue;
    if (field(item, "type") === "min_value") out.min = req;
    if (field(item, "type") === "max_value") out.max = req;
  }
  return out;
}

/** Every option of the model, in the schema's order, with its default. */
export function modelOptions(m: DeviceModule): OptionSpec[] {
  const out: OptionSpec[] = [];
  for (const [key, entry] of Object.entries(m.schema.entries)) {
    if (IDENTITY.has(key)) continue;
    const def: unknown = v.getDefault(entry as v.OptionalSchema<v.GenericSchema, unknown>);
    const inner = describe(field(entry, "wrapped") ?? entry);
    const choices = m.ui.choices?.[key];
    if (choices && typeof def === "number") out.push({ key, kind: "choice", choices, def });
    else if (inner.type === "boolean" && typeof def === "boolean") out.push({ key, kind: "bool", def });
    else if (inner.type === "picklist" && Array.isArray(inner.options) && typeof def === "string")
      out.push({ key, kind: "choice", choices: inner.options.filter((o) => typeof o === "string"), def });
    else if (inner.type === "number" && typeof def === "number")
      out.push({ key, kind: "int", min: inner.min ?? 0, max: inner.max ?? Number.MAX_SAFE_INTEGER, def });
    // A number without a default is the driver's to choose (nic `channels`: one per possible CPU): not offered.
    else if (inner.type === "number" && def === undefined) continue;
    // A flag whose default depends on the model (`ims_trapped`: idxd's IMS is emulatable): not offered.
    else if (inner.type === "boolean" && def === undefined) continue;
    else throw new RangeError(`${key}: an option the add form cannot offer (no default, or an unknown type)`);
  }
  return out;
}
