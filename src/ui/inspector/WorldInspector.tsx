/**
 * The world beyond the pane's machine: a link between machines (what it carries, through what, and why
 * it cannot deliver), and a node of another machine (what it is, its links).
 */
import type { MachineLink, WorldExtras } from "../../sim/world";
import { ownIrqOf } from "../canvas/world-picture";
import { useIrqStore } from "../store-context";
import "./world-inspector.css";

const KIND_TITLE: Record<MachineLink["kind"], string> = {
  backs: "host irq backing a guest irq",
  "peer-copy": "copy held by the NTB peer host",
};

const DELIVERS: Record<MachineLink["kind"], string> = {
  backs: "the host irq is set up and routed to the guest's vCPU and vector",
  "peer-copy": "the copy is the kernel's message now",
};

function endWords(world: WorldExtras, end: MachineLink["from"]): string {
  const machine = world.machines.find((m) => m.role === end.machine);
  const node = machine?.tree.nodes.find((n) => n.id === end.node);
  const entry = end.device === undefined ? "" : ` (${[end.device, end.store, end.index].join(" ")})`;
  const irq = end.irq === undefined ? "" : `irq ${end.irq}${entry} at `;
  return `${end.machine}: ${irq}${node?.label ?? end.node.replace(/^[^/]*\/\w+:/, "")}`;
}

/** Selects a link as the canvas does: with the pane's own irq it is about, so its path stays lit. */
function useSelectLink() {
  const select = useIrqStore((s) => s.select);
  const role = useIrqStore((s) => s.view?.role ?? "main");
  return (l: MachineLink) => {
    const irq = ownIrqOf(l, role);
    void select({ kind: "link", id: l.id, ...(irq === undefined ? {} : { irq }) });
  };
}

function LinkList({ links }: { links: readonly MachineLink[] }) {
  const selectLink = useSelectLink();
  if (links.length === 0) return <p className="empty">No links.</p>;
  const shown = links.slice(0, 200);
  return (
    <ul className="world-links">
      {shown.map((l) => (
        <li key={l.id}>
          <button type="button" className="link-button" onClick={() => selectLink(l)}>
            {l.broken ? "✕ " : "⇢ "}
            {l.label}
          </button>
        </li>
      ))}
      {links.length > shown.length ? <li className="muted">and {links.length - shown.length} more</li> : null}
    </ul>
  );
}

export function LinkInspector({ id }: { id: string }) {
  const world = useIrqStore((s) => s.view?.world);
  const select = useIrqStore((s) => s.select);
  const role = useIrqStore((s) => s.view?.role ?? "main");
  const link = world?.links.find((l) => l.id === id);
  if (!world || !link) {
    return (
      <section aria-label="link" data-testid="link-inspector">
        <h2>Link</h2>
        <p className="empty">This link is gone: the machine changed.</p>
      </section>
    );
  }
  const irq = ownIrqOf(link, role);
  return (
    <section
      className="inspector-link"
      aria-label={`link ${link.id}`}
      data-testid="link-inspector"
      data-broken={link.broken ? "true" : "false"}
    >
      <h2>{KIND_TITLE[link.kind]}</h2>
      <p data-testid="link-label">{link.label}</p>
      {link.broken ? (
        <p className="link-broken-reason" data-testid="link-broken">
          <strong>✕ Cannot deliver:</strong> {link.broken}
        </p>
      ) : (
        <p className="link-ok" data-testid="link-ok">
          ⇢ Delivers: {DELIVERS[link.kind]}.
        </p>
      )}
      <dl className="kv" data-testid="link-via">
        <dt>from</dt>
        <dd>{endWords(world, link.from)}</dd>
        <dt>to</dt>
        <dd>{endWords(world, link.to)}</dd>
        {link.via.map((v) => (
          <div key={v.what} className="kv-row">
            <dt>{v.what}</dt>
            <dd className="mono">{v.value}</dd>
          </div>
        ))}
      </dl>
      {irq !== undefined ? (
        <button type="button" onClick={() => void select({ kind: "irq", irq })}>
          Inspect irq {irq}
        </button>
      ) : null}
    </section>
  );
}

export function WorldNodeInspector({ id }: { id: string }) {
  const world = useIrqStore((s) => s.view?.world);
  const machine = world?.machines.find((m) => m.tree.nodes.some((n) => n.id === id));
  const node = machine?.tree.nodes.find((n) => n.id === id);
  if (!world || !machine || !node) {
    return (
      <section aria-label="node of another machine" data-testid="world-node-inspector">
        <h2>Gone</h2>
        <p className="empty">This node is gone: the machine changed.</p>
      </section>
    );
  }
  const links = world.links.filter((l) => l.from.node === id || l.to.node === id);
  return (
    <section aria-label={`${node.label} on ${machine.label}`} data-testid="world-node-inspector">
      <h2>{node.label}</h2>
      <p className="muted">{machine.label}</p>
      <p>{node.detail}</p>
      {node.flags.length ? <p className="mono">{node.flags.join(" · ")}</p> : null}
      <h3>Links</h3>
      <LinkList links={links} />
    </section>
  );
}

/** In the irq inspector: the links of the world that carry or back this irq (the peer's copy, the host irq). */
export function IrqLinks({ irq }: { irq: number }) {
  const world = useIrqStore((s) => s.view?.world);
  const role = useIrqStore((s) => s.view?.role ?? "main");
  const links = world?.links.filter((l) => ownIrqOf(l, role) === irq) ?? [];
  if (links.length === 0) return null;
  return (
    <section aria-label="across machines" data-testid="irq-links">
      <h3>Across machines</h3>
      <LinkList links={links} />
    </section>
  );
}
