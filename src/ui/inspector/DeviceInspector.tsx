/** A device: its message stores, its irqs, and what its driver can do (allocate, grow, free, remove). */

import { type FormEvent, useState } from "react";
import type { AllocType } from "../../scenario/schema";
import type { DeviceRow } from "../../sim/views";
import { useIrqStore } from "../store-context";
import { ColumnHeads } from "../tables/ColumnHeads";
import { useWorkerQuery } from "../tables/useWorkerQuery";

/** The irqs a device inspector lists (a 2,048-entry MSI-X table is found in the Irqs tab beyond them). */
const DEVICE_IRQS_SHOWN = 200;

const TYPE_CHOICES: readonly [string, readonly AllocType[]][] = [
  ["MSI-X, else MSI", ["msix", "msi"]],
  ["MSI-X", ["msix"]],
  ["MSI", ["msi"]],
  ["MSI-X, MSI, else INTx", ["msix", "msi", "intx"]],
];

function AllocForm({ dev }: { dev: DeviceRow }) {
  const apply = useIrqStore((s) => s.apply);
  const select = useIrqStore((s) => s.select);
  const choices = TYPE_CHOICES.filter(([, t]) => (dev.msix ? true : !t.includes("msix") || t.includes("msi")));
  const [type, setType] = useState(0);
  const [min, setMin] = useState("1");
  const [max, setMax] = useState("4");
  const [managed, setManaged] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const types = choices[type]?.[1] ?? ["msix"];
    const r = await apply({
      op: "alloc",
      device: dev.name,
      type: types.length === 1 ? (types[0] as AllocType) : [...types],
      min: Number(min),
      max: Number(max),
      affinity: managed ? "managed" : "none",
    });
    const first = r?.ok ? r.irqs?.[0] : undefined;
    if (first !== undefined) await select({ kind: "irq", irq: first });
  };
  return (
    <form className="device-form" onSubmit={(e) => void onSubmit(e)} aria-label={`allocate vectors on ${dev.name}`}>
      <strong>pci_alloc_irq_vectors()</strong>
      <label>
        type
        <select value={type} onChange={(e) => setType(Number(e.target.value))} data-testid="alloc-type">
          {choices.map(([label], i) => (
            <option key={label} value={i}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        min
        <input type="number" min={1} value={min} onChange={(e) => setMin(e.target.value)} data-testid="alloc-min" />
      </label>
      <label>
        max
        <input type="number" min={1} value={max} onChange={(e) => setMax(e.target.value)} data-testid="alloc-max" />
      </label>
      <label className="check" title="PCI_IRQ_AFFINITY: one managed vector per CPU, spread by the kernel">
        <input
          type="checkbox"
          checked={managed}
          onChange={(e) => setManaged(e.target.checked)}
          data-testid="alloc-managed"
        />
        managed
      </label>
      <button type="submit" data-testid="alloc-submit">
        Allocate
      </button>
    </form>
  );
}

function IndexForm({
  label,
  testId,
  allowAny,
  onIndex,
}: {
  label: string;
  testId: string;
  allowAny: boolean;
  onIndex: (index: number | "any") => void;
}) {
  const [index, setIndex] = useState(allowAny ? "any" : "0");
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onIndex(index.trim() === "any" && allowAny ? "any" : Number(index));
  };
  return (
    <form className="device-form" onSubmit={onSubmit} aria-label={label}>
      <label>
        index
        <input value={index} onChange={(e) => setIndex(e.target.value)} data-testid={`${testId}-index`} size={5} />
      </label>
      <button type="submit" data-testid={testId}>
        {label}
      </button>
    </form>
  );
}

export function DeviceInspector({ dev }: { dev: DeviceRow }) {
  const apply = useIrqStore((s) => s.apply);
  const select = useIrqStore((s) => s.select);
  const node = useIrqStore((s) => s.view?.tree.nodes.find((n) => n.kind === "device" && n.label === dev.name));
  // Asked of the worker: the view carries only the first rows of a big machine, which may hold none of this device's.
  const { data: page, pending } = useWorkerQuery(`device-irqs ${dev.name}`, (api) =>
    api.deviceIrqs(dev.name, 0, DEVICE_IRQS_SHOWN),
  );
  const irqs = page?.rows;
  const [imsCount, setImsCount] = useState("1");
  const pci = dev.msi > 0 || dev.msix > 0 || dev.ims > 0;
  return (
    <section className="inspector-device" aria-label={`device ${dev.name}`} data-testid="device-inspector">
      <h2>
        {dev.name} <span className="muted">{dev.bdf || dev.model}</span>
      </h2>
      <p className="muted">{node?.detail}</p>
      {node?.stores ? (
        <table className="store-table" data-testid="device-stores">
          <thead>
            <tr>
              <ColumnHeads names={["store", "used", "slots", "masked", "writes"]} />
            </tr>
          </thead>
          <tbody>
            {node.stores.map((s) => (
              <tr key={s.kind}>
                <th scope="row">{s.kind}</th>
                <td>{s.used}</td>
                <td>{s.slots}</td>
                <td>{s.masked}</td>
                <td>{s.writes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {pci && (dev.msi > 0 || dev.msix > 0) ? <AllocForm dev={dev} /> : null}
      {dev.msix > 0 ? (
        <div className="form-row">
          <IndexForm
            label="pci_msix_alloc_irq_at()"
            testId="alloc-at"
            allowAny
            onIndex={(index) => void apply({ op: "alloc_at", device: dev.name, index })}
          />
          <IndexForm
            label="pci_msix_free_irq()"
            testId="free-at"
            allowAny={false}
            onIndex={(index) => index !== "any" && void apply({ op: "free_at", device: dev.name, index })}
          />
        </div>
      ) : null}
      {dev.ims > 0 ? (
        <form
          className="device-form"
          aria-label="allocate IMS vectors"
          onSubmit={(e) => {
            e.preventDefault();
            void apply({ op: "alloc_ims", device: dev.name, count: Number(imsCount) });
          }}
        >
          <strong>IMS</strong>
          <label>
            count
            <input
              type="number"
              min={1}
              value={imsCount}
              onChange={(e) => setImsCount(e.target.value)}
              data-testid="ims-count"
            />
          </label>
          <button type="submit" data-testid="alloc-ims">
            pci_ims_alloc_irq()
          </button>
        </form>
      ) : null}
      {dev.hpet ? (
        <button
          type="button"
          data-testid="hpet-assign"
          onClick={() => void apply({ op: "alloc", device: dev.name, type: "msi", min: 1, max: 1 })}
        >
          hpet_assign_irq()
        </button>
      ) : null}
      <div className="button-row">
        {pci ? (
          <button
            type="button"
            data-testid="free-vectors"
            onClick={() => void apply({ op: "free_vectors", device: dev.name })}
          >
            pci_free_irq_vectors()
          </button>
        ) : null}
        <button
          type="button"
          data-testid="device-remove"
          onClick={async () => {
            const r = await apply({ op: "device_remove", device: dev.name });
            if (r?.ok) await select(undefined);
          }}
        >
          Hot-unplug
        </button>
      </div>
      {irqs && irqs.length > 0 ? (
        <ul className="device-irqs" aria-label={`irqs of ${dev.name}`} aria-busy={pending}>
          {irqs.map((r) => (
            <li key={r.irq}>
              <button type="button" onClick={() => void select({ kind: "irq", irq: r.irq })}>
                irq {r.irq}
              </button>{" "}
              {r.store} {r.slot} · {r.actions || "no handler"}
            </li>
          ))}
        </ul>
      ) : page ? (
        <p className="empty">No irqs allocated.</p>
      ) : null}
      {page && page.matched > page.rows.length ? (
        <p className="muted" data-testid="device-irqs-more">
          The first {page.rows.length} of {page.matched} irqs: the Irqs tab finds any of them (“{dev.name} msix 700”).
        </p>
      ) : null}
    </section>
  );
}
