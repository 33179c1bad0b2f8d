/** `FILE [--format F]`, as `run` and `compare` take it: the file's text and the format, or exit status 2 said once. */
import { existsSync, readFileSync } from "node:fs";
import type { CliIo } from "./io";

export function readFileArgs<F extends string>(
  command: string,
  usage: string,
  formats: readonly F[],
  args: readonly string[],
  io: CliIo,
): { readonly file: string; readonly text: string; readonly format: F } | 2 {
  let file: string | undefined;
  let format = formats[0] as F;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--format") {
      const f = args[++i];
      if (!formats.includes(f as F)) {
        io.err(`${command}: --format takes ${formats.join("|")}, not "${f ?? ""}"\n`);
        return 2;
      }
      format = f as F;
    } else if (a?.startsWith("-")) {
      io.err(`${command}: unknown option ${a}\n${usage}\n`);
      return 2;
    } else if (file === undefined) file = a;
    else {
      io.err(`${command}: one FILE only\n${usage}\n`);
      return 2;
    }
  }
  if (file === undefined) {
    io.err(`${usage}\n`);
    return 2;
  }
  if (!existsSync(file)) {
    io.err(`${command}: ${file}: no such file\n`);
    return 2;
  }
  return { file, text: readFileSync(file, "utf8"), format };
}
