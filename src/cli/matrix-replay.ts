/** `sim matrix-replay FILE [--check] [--variant v6.7+|pre-v6.7]`: replays an irq_matrix trace or scenario. */
import { existsSync, readFileSync } from "node:fs";
import type { MatrixVariant } from "../kernel/irq/matrix";
import { parseMatrixTrace, replayMatrixTrace } from "../sim/matrix-trace";
import { streamMatrixReplay } from "../sim/matrix-trace-stream";
import { type CliIo, MATRIX_REPLAY_USAGE } from "./io";

/** Returns the exit status: 0 ok, 1 a difference, 2 bad input, 3 the kernel would BUG. */
export function matrixReplay(args: string[], io: CliIo): number {
  let file: string | undefined;
  let check = false;
  let variantArg: MatrixVariant | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--check") check = true;
    else if (a === "--variant") {
      const v = args[++i];
      if (v !== "v6.7+" && v !== "pre-v6.7") {
        io.err(`matrix-replay: --variant takes v6.7+ or pre-v6.7, not "${v ?? ""}"\n`);
        return 2;
      }
      variantArg = v;
    } else if (a?.startsWith("-")) {
      io.err(`matrix-replay: unknown option ${a}\n${MATRIX_REPLAY_USAGE}\n`);
      return 2;
    } else if (file === undefined) file = a;
    else {
      io.err(`matrix-replay: one FILE only\n${MATRIX_REPLAY_USAGE}\n`);
      return 2;
    }
  }
  if (file === undefined) {
    io.err(`${MATRIX_REPLAY_USAGE}\n`);
    return 2;
  }
  if (!existsSync(file)) {
    io.err(`matrix-replay: ${file}: no such file\n`);
    return 2;
  }
  const source = readFileSync(file, "utf8");
  if (!check) {
    const outcome = streamMatrixReplay(source, variantArg, (t) => io.out(t));
    if (outcome.kind === "malformed") {
      io.err(`${file}:${outcome.line}: ${outcome.message}\n`);
      return 2;
    }
    if (outcome.kind === "done") return 0;
    io.err(`${file}:${outcome.line}: the kernel would BUG here: ${outcome.condition}\n`);
    return 3;
  }
  const parsed = parseMatrixTrace(source);
  if (!parsed.ok) {
    io.err(`${file}:${parsed.line}: ${parsed.message}\n`);
    return 2;
  }
  let trace = parsed.trace;
  let reference = file;
  if (!trace.recorded) {
    // A scenario (bare ops) is checked against the recording beside it.
    const sibling = file.replace(/\.txt$/, ".out");
    if (sibling === file || !existsSync(sibling)) {
      io.err(`matrix-replay: ${file} has no recorded result lines and no ${sibling} beside it to check against\n`);
      return 2;
    }
    const rec = parseMatrixTrace(readFileSync(sibling, "utf8"));
    if (!rec.ok) {
      io.err(`${sibling}:${rec.line}: ${rec.message}\n`);
      return 2;
    }
    const ops = trace.steps.map((s) => s.text).join("\n");
    if (ops !== rec.trace.steps.map((s) => s.text).join("\n")) {
      io.err(`matrix-replay: ${sibling} records other ops than ${file}\n`);
      return 2;
    }
    trace = { ...trace, steps: trace.steps.map((s, i) => ({ ...s, expected: rec.trace.steps[i]?.expected ?? [] })) };
    reference = sibling;
  }
  const variant = variantArg ?? trace.variant ?? "v6.7+";
  const outcome = replayMatrixTrace(trace, variant, true);
  if (outcome.kind === "bug") {
    io.err(`${file}:${outcome.line}: the kernel would BUG here: ${outcome.condition}\n`);
    return 3;
  }
  const d = outcome.difference;
  if (d) {
    io.err(
      `${reference}:${d.line}: difference at "> ${d.op}"\n` +
        `  recorded: ${d.expected.map((l) => `< ${l}`).join("\n            ")}\n` +
        `  model:    ${d.actual.map((l) => `< ${l}`).join("\n            ")}\n`,
    );
    return 1;
  }
  io.out(`${reference}: ${outcome.compared} ops replayed (${variant}), 0 differences\n`);
  return 0;
}
