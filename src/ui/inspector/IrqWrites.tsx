/** The inspector's word on what the last operation wrote for this irq: its device entry, its IRTE, or neither. */
import { writesOfIrq } from "../../sim/write-text";
import { WRITE_ICONS, writesKind } from "../panels/WritesSaid";
import { useIrqStore } from "../store-context";

export function IrqWrites({ irq }: { irq: number }) {
  const writes = useIrqStore((s) => s.lastResult?.writes);
  if (!writes) return null;
  const lines = writesOfIrq(writes, irq);
  const device = writes.sinks.some((s) => s.kind === "device-entry" && s.irq === irq && s.messages.length > 0);
  const irte = writes.sinks.some((s) => s.kind === "irte" && s.irq === irq);
  const said = device
    ? "device entry written"
    : irte
      ? "device not written: only the IRTE changed"
      : "neither its device entry nor an IRTE was written";
  const kind = device ? "device" : irte ? "irte" : "none";
  return (
    <div className={`irq-writes write-${kind}`} data-testid="irq-writes" data-written={kind}>
      <h3>
        <span aria-hidden="true">{WRITE_ICONS[kind]} </span>
        Last operation: {said}
      </h3>
      {lines.length ? (
        <ul className="mono">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : writesKind(writes) !== "none" ? (
        <p className="muted">It wrote for other irqs.</p>
      ) : null}
    </div>
  );
}
