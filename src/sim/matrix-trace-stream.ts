/**
 * `sim matrix-replay` without --check: the trace runs while it is scanned, in one pass over its text,
 * and its lines are encoded into 64 kB chunks as they are made. Nothing may be printed for a
 * malformed file, so the chunks are handed out once the whole text has been read; they are bytes
 * outside the JavaScript heap, so the garbage collector never copies them. No parsed op is kept.
 */
import { KernelBug, type MatrixVariant } from "../kernel/irq/matrix";
import { MatrixTraceRunner } from "./matrix-trace";
import { headerVariant, scanMatrixTrace } from "./matrix-trace-parse";

export type StreamOutcome =
  | { readonly kind: "malformed"; readonly line: number; readonly message: string }
  | { readonly kind: "done"; readonly variant: MatrixVariant }
  | { readonly kind: "bug"; readonly variant: MatrixVariant; readonly condition: string; readonly line: number };

const CHUNK = 1 << 16;

/** Replays `source` with the given variant (else its header's, else v6.7+), writing the oracle's lines. */
export function streamMatrixReplay(
  source: string,
  variantArg: MatrixVariant | undefined,
  write: (chunk: Uint8Array) => void,
): StreamOutcome {
  const header = headerVariant(source);
  // An unknown header's name fails the scan below; until then any variant will do.
  const variant = variantArg ?? (header === "pre-v6.7" ? header : "v6.7+");
  const runner = new MatrixTraceRunner(variant);
  const more: string[] = [];
  const chunks: Uint8Array[] = [];
  let buf = "";
  let ops = 0;
  let bug: { condition: string; line: number } | undefined;
  const scanned = scanMatrixTrace(
    source,
    {
      op(op, line, from, to) {
        // After a BUG the kernel stops; the scan goes on, since a malformed line later still counts.
        if (bug) return true;
        ops++;
        buf += `> ${source.slice(from, to)}\n`;
        try {
          buf += `< ${runner.step(op, more)}\n`;
        } catch (e) {
          if (!(e instanceof KernelBug)) throw e;
          buf += `< BUG ${e.condition} line ${line}\n`;
          bug = { condition: e.condition, line };
          return true;
        }
        if (more.length > 0) {
          for (const l of more) buf += `< ${l}\n`;
          more.length = 0;
        }
        if (buf.length >= CHUNK) {
          chunks.push(Buffer.from(buf));
          buf = "";
        }
        return true;
      },
    },
    true,
  );
  if (!scanned.ok) return { kind: "malformed", line: scanned.line, message: scanned.message };
  for (const c of chunks) write(c);
  // The oracle's output of a file without ops is one empty line.
  write(Buffer.from(ops === 0 ? "\n" : buf));
  return bug ? { kind: "bug", variant, ...bug } : { kind: "done", variant };
}
