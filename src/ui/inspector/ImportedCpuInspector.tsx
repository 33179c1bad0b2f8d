/**
 * A CPU of an imported machine: the irqs the input says are delivered to it (effective CPU, and the
 * vector where debugfs printed one) and its interrupt counts. The matrix counters are the model's:
 * /proc/interrupts and irqs/N do not print them, so they are unknown here.
 */
import { useMemo } from "react";
import { useIrqStore } from "../store-context";
import { IrqLink } from "../tables/IrqLink";

export function ImportedCpuInspector({ cpu }: { cpu: number }) {
  const row = useIrqStore((s) => s.view?.cpus.find((c) => c.cpu === cpu));
  const allIrqs = useIrqStore((s) => s.view?.irqs);
  const total = useIrqStore((s) => s.view?.irqTotal ?? 0);
  const here = useMemo(() => allIrqs?.filter((r) => r.cpu === cpu) ?? [], [allIrqs, cpu]);
  const shown = allIrqs?.length ?? 0;
  return (
    <section className="inspector-cpu" aria-label={`CPU ${cpu}`} data-testid="cpu-inspector">
      <h2>
        CPU {cpu} <span className="muted">imported, read-only</span>
      </h2>
      <p className="muted">
        {row?.online === false ? "Offline in the input. " : ""}
        The vector matrix (available, managed, allocated) is not printed by /proc/interrupts or irqs/N: unknown.
      </p>
      <h3>Irqs delivered here {shown < total ? `(among the first ${shown} of ${total})` : ""}</h3>
      {here.length === 0 ? (
        <p className="empty">The input places no irq on CPU {cpu}.</p>
      ) : (
        <ul className="mono" data-testid="cpu-imported-irqs">
          {here.map((r) => (
            <li key={r.irq}>
              <IrqLink irq={r.irq} label={`inspect irq ${r.irq}`} /> {r.actions || r.device}
              {r.vector > 0 ? ` · vector 0x${r.vector.toString(16)}` : " · vector not printed"}
              {r.count > 0 ? ` · ${r.count.toLocaleString("en")} interrupts` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
