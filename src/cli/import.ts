/** `sim import FILE... [--format text|json]`: what a real machine printed, read back (src/import). */
import { readFileSync } from "node:fs";
import { importJson, importText } from "../import/import-report";
import { importMachines } from "../import/import-text";
import { type CliIo, IMPORT_USAGE } from "./io";

const FORMATS = ["text", "json"] as const;
type Format = (typeof FORMATS)[number];

/** Exit status: 0 something was read, 2 nothing in the input is such a text (or bad arguments). */
export function importCommand(args: string[], io: CliIo): number {
  const files: string[] = [];
  let format: Format = "text";
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--format") {
      const f = args[++i];
      if (!FORMATS.includes(f as Format)) {
        io.err(`import: --format takes ${FORMATS.join("|")}, not "${f ?? ""}"\n`);
        return 2;
      }
      format = f as Format;
    } else if (a.startsWith("--")) {
      io.err(`import: unknown option ${a}\n${IMPORT_USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    io.err(`${IMPORT_USAGE}\n`);
    return 2;
  }
  const inputs: { name: string; text: string }[] = [];
  for (const name of files) {
    try {
      inputs.push({ name, text: readFileSync(name === "-" ? 0 : name, "utf8") });
    } catch (e) {
      io.err(`import: cannot read ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }
  const r = importMachines(inputs);
  if (!r.ok) {
    io.err(`import: ${r.error}\n`);
    return 2;
  }
  io.out(
    format === "json"
      ? `${JSON.stringify(importJson(r.machines, r.notes), null, 2)}\n`
      : importText(r.machines, r.notes),
  );
  return 0;
}
