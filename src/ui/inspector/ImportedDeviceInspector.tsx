/** A device of an imported machine: what the input says about it and its irqs; no driver actions. */
import { useMemo } from "react";
import type { DeviceRow } from "../../sim/views";
import { useIrqStore } from "../store-context";
import { IrqLink } from "../tables/IrqLink";

export function ImportedDeviceInspector({ dev }: { dev: DeviceRow }) {
  const node = useIrqStore((s) => s.view?.tree.nodes.find((n) => n.kind === "device" && n.label === dev.name));
  const allIrqs = useIrqStore((s) => s.view?.irqs);
  const irqs = useMemo(() => allIrqs?.filter((r) => r.device === dev.name) ?? [], [allIrqs, dev.name]);
  return (
    <section className="inspector-device" aria-label={`device ${dev.name}`} data-testid="device-inspector">
      <h2>
        {dev.name} <span className="muted">{dev.model === "?" ? "driver not printed" : dev.model}</span>
      </h2>
      <p className="muted">
        Read-only: {node?.how === "inferred" ? "deduced from the irqs' chip names and hwirqs" : "named by the input"}.
        Its registers were not printed, so there are no message stores to show.
      </p>
      <dl className="kv">
        <dt>domain</dt>
        <dd className="mono">{node?.parent?.replace(/^[^/]*\/domain:/, "") ?? "unknown"}</dd>
        <dt>irqs</dt>
        <dd>
          {irqs.length === 0
            ? "none seen"
            : irqs.map((r, i) => (
                <span key={r.irq}>
                  {i > 0 ? ", " : ""}
                  <IrqLink irq={r.irq} label={`inspect irq ${r.irq}`} /> {r.actions}
                </span>
              ))}
        </dd>
      </dl>
    </section>
  );
}
