/**
 * Above the canvas, large enough for the back of a room: what the last operation wrote. Under IR an
 * affinity change says "device not written: only IRTE 19"; without IR "device written 2×" with the
 * entry's words old → new. It changes at the next operation; its strip stays, so the canvas never jumps.
 */
import type { DeviceEntryWrites, IrteWrites, StepWrites } from "../../sim/step-writes";
import { entryWriteText, irteWriteText, writesHeadline } from "../../sim/write-text";
import { WRITE_ICONS, writesKind } from "../panels/WritesSaid";

export function WriteBanner({ writes }: { writes: StepWrites | undefined }) {
  if (!writes) {
    return (
      <div className="write-banner write-idle" data-testid="write-banner" data-written="idle">
        <div className="write-line">
          What an operation writes (device entry or IRTE) is said here and marked on the canvas.
        </div>
      </div>
    );
  }
  const kind = writesKind(writes);
  const entry = writes.sinks.find((s): s is DeviceEntryWrites => s.kind === "device-entry" && s.messages.length > 0);
  const irte = writes.sinks.find((s): s is IrteWrites => s.kind === "irte");
  const lines = [
    entry ? `${entry.device} ${entryWriteText(entry)}` : undefined,
    irte ? irteWriteText(irte) : undefined,
  ].filter((l): l is string => l !== undefined);
  const headline = writesHeadline(writes);
  return (
    <div className={`write-banner write-${kind}`} data-testid="write-banner" data-written={kind}>
      <div className="write-headline" title={headline}>
        <span aria-hidden="true">{WRITE_ICONS[kind]} </span>
        {headline}
      </div>
      {lines.map((l) => (
        <div key={l} className="write-line" title={l}>
          {l}
        </div>
      ))}
    </div>
  );
}
