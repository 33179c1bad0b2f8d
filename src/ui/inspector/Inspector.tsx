/** The right-hand inspector: whatever is selected (an irq, a device, a domain, a CPU). */

import { OpenInDebugfs } from "../debugfs/OpenInDebugfs";
import { LessonsButton } from "../lessons/LessonsButton";
import { useIrqStore } from "../store-context";
import { CpuInspector } from "./CpuInspector";
import { DeviceInspector } from "./DeviceInspector";
import { ImportedCpuInspector } from "./ImportedCpuInspector";
import { ImportedDeviceInspector } from "./ImportedDeviceInspector";
import { IrqInspector } from "./IrqInspector";
import { LinkInspector, WorldNodeInspector } from "./WorldInspector";

function DomainInspector({ name }: { name: string }) {
  const text = useIrqStore((s) => (s.details.domain?.name === name ? s.details.domain.text : undefined));
  const readOnly = useIrqStore((s) => s.imported !== undefined);
  return (
    <section className="inspector-domain" aria-label={`domain ${name}`} data-testid="domain-inspector">
      <h2>{name}</h2>
      <figure className="debugfs-file">
        <figcaption className="mono">
          {readOnly ? `domains/${name}: what the input says` : `/sys/kernel/debug/irq/domains/${name}`}
        </figcaption>
        <pre className="mono" data-testid="debugfs-domain">
          {text ?? "…"}
        </pre>
      </figure>
      {readOnly ? null : <OpenInDebugfs path={`irq/domains/${name}`} />}
    </section>
  );
}

export function Inspector() {
  const selection = useIrqStore((s) => s.selection);
  const irqDetail = useIrqStore((s) => s.details.irq);
  const cpuDetail = useIrqStore((s) => s.details.cpu);
  const readOnly = useIrqStore((s) => s.imported !== undefined);
  const dev = useIrqStore((s) => {
    const sel = s.selection;
    return sel?.kind === "device" ? s.view?.devices.find((d) => d.name === sel.name) : undefined;
  });
  if (selection?.kind === "irq" && irqDetail?.irq === selection.irq) return <IrqInspector d={irqDetail} />;
  if (selection?.kind === "device" && dev) {
    return readOnly ? <ImportedDeviceInspector dev={dev} /> : <DeviceInspector dev={dev} />;
  }
  if (selection?.kind === "domain") return <DomainInspector name={selection.name} />;
  if (selection?.kind === "link") return <LinkInspector id={selection.id} />;
  if (selection?.kind === "world") return <WorldNodeInspector id={selection.id} />;
  if (selection?.kind === "cpu" && readOnly) return <ImportedCpuInspector cpu={selection.cpu} />;
  if (selection?.kind === "cpu" && cpuDetail?.cpu === selection.cpu)
    return <CpuInspector d={cpuDetail} from={selection.irq} />;
  return (
    <section aria-label="inspector">
      <h2>Inspector</h2>
      <p className="empty">
        Select a domain or a device on the canvas, or an irq in the list below, to see its message bit by bit and the
        IRTE behind it; select a CPU in the CPUs tab to see its vectors.
      </p>
      <LessonsButton big />
    </section>
  );
}
