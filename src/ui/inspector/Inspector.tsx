/** The right-hand inspector: whatever is selected (an irq, a device, a domain). */
import { useSim } from "../store";
import { DeviceInspector } from "./DeviceInspector";
import { IrqInspector } from "./IrqInspector";

function DomainInspector({ name }: { name: string }) {
  const text = useSim((s) => (s.details.domain?.name === name ? s.details.domain.text : undefined));
  return (
    <section className="inspector-domain" aria-label={`domain ${name}`} data-testid="domain-inspector">
      <h2>{name}</h2>
      <figure className="debugfs-file">
        <figcaption className="mono">/sys/kernel/debug/irq/domains/{name}</figcaption>
        <pre className="mono" data-testid="debugfs-domain">
          {text ?? "…"}
        </pre>
      </figure>
    </section>
  );
}

export function Inspector() {
  const selection = useSim((s) => s.selection);
  const irqDetail = useSim((s) => s.details.irq);
  const dev = useSim((s) => {
    const sel = s.selection;
    return sel?.kind === "device" ? s.view?.devices.find((d) => d.name === sel.name) : undefined;
  });
  if (selection?.kind === "irq" && irqDetail?.irq === selection.irq) return <IrqInspector d={irqDetail} />;
  if (selection?.kind === "device" && dev) return <DeviceInspector dev={dev} />;
  if (selection?.kind === "domain") return <DomainInspector name={selection.name} />;
  return (
    <section aria-label="inspector">
      <h2>Inspector</h2>
      <p className="empty">
        Select a domain or a device on the canvas, or an irq in the list below, to see its message bit by bit and the
        IRTE behind it.
      </p>
    </section>
  );
}
