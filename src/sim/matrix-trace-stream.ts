/**
 * A trace replayed straight from its text, its lines handed out as they are made, in chunks of
 * about 64 kB (`sim matrix-replay` without --check). The text is scanned twice: once to check every
 * line, since nothing may be printed for a malformed file, and once to run. Neither scan keeps the
 * parsed ops, so the heap stays small and the garbage collector has little to copy.
 */
import { KernelBug, type MatrixVariant } from "../kernel/irq/matrix";
import { MatrixTraceRunner } from "./matrix-trace";
import { scanMatrixTrace } from "./matrix-trace-parse";

export type StreamOutcome =
  | { readonly kind: "malformed"; readonly line: number; readonly message: string }
  | { readonly kind: "done"; readonly variant: MatrixVariant }
  | { readonly kind: "bug"; readonly variant: MatrixVariant; readonly condition: string; readonly line: number };

const CHUNK = 1 << 16;

/** Replays `source` with the given variant (else its header's, else v6.7+), writing the oracle's lines. */
export function streamMatrixReplay(
  source: string,
  variantArg: MatrixVariant | undefined,
  write: (chunk: string) => void,
): StreamOutcome {
  const checked = scanMatrixTrace(source, { op: () => true }, true);
  if (!checked.ok) return { kind: "malformed", line: checked.line, message: checked.message };
  const variant = variantArg ?? checked.variant ?? "v6.7+";
  const runner = new MatrixTraceRunner(variant);
  const more: string[] = [];
  let buf = "";
  let ops = 0;
  let bug: { condition: string; line: number } | undefined;
  scanMatrixTrace(
    source,
    {
      op(op, line, from, to) {
        ops++;
        buf += `> ${source.slice(from, to)}\n`;
        try {
          buf += `< ${runner.step(op, more)}\n`;
        } catch (e) {
          if (!(e instanceof KernelBug)) throw e;
          buf += `< BUG ${e.condition} line ${line}\n`;
          bug = { condition: e.condition, line };
          return false;
        }
        if (more.length > 0) {
          for (const l of more) buf += `< ${l}\n`;
          more.length = 0;
        }
        if (buf.length >= CHUNK) {
          write(buf);
          buf = "";
        }
        return true;
      },
    },
    true,
  );
  // The oracle's output of a file without ops is one empty line.
  write(ops === 0 ? "\n" : buf);
  return bug ? { kind: "bug", variant, ...bug } : { kind: "done", variant };
}
