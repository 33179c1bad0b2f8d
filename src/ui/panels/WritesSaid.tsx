/** The result line's word on what the operation wrote: "device written 1×" or "device not written: only IRTE 19". */
import type { StepWrites } from "../../sim/step-writes";
import { writesHeadline } from "../../sim/write-text";

/** Which icon and class a record gets: the device written, only IRTEs, or nothing. */
export function writesKind(w: StepWrites): "device" | "irte" | "none" {
  if (w.deviceMessages > 0) return "device";
  return w.irtes > 0 ? "irte" : "none";
}

export const WRITE_ICONS = { device: "✎", irte: "⇄", none: "○" } as const;

export function WritesSaid({ writes }: { writes: StepWrites }) {
  const kind = writesKind(writes);
  return (
    <span className={`writes-said writes-${kind}`} data-testid="result-writes" data-written={kind}>
      {" · "}
      <span aria-hidden="true">{WRITE_ICONS[kind]} </span>
      {writesHeadline(writes)}
    </span>
  );
}
