/** Allocate a block of irqs as a driver would: how many, which kind, on which CPUs. */
import { type FormEvent, useState } from "react";
import type { IrqKind } from "../../sim/irq-blocks";
import { useSim } from "../store";

const KIND_LABELS: readonly [IrqKind, string][] = [
  ["reserve", "reservation mode (PCI MSI-X)"],
  ["managed", "managed, spread over the CPUs"],
  ["immediate", "vector at allocation (IMS, no mask bit)"],
  ["fixed", "fixed target (irq_alloc_info.mask)"],
];

export function AllocateForm() {
  const apply = useSim((s) => s.apply);
  const select = useSim((s) => s.select);
  const ready = useSim((s) => s.status === "ready");
  const [count, setCount] = useState("1");
  const [kind, setKind] = useState<IrqKind>("reserve");
  const [cpus, setCpus] = useState("");
  const [name, setName] = useState("");
  const [pcntxt, setPcntxt] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await apply({
      op: "irq_alloc",
      count: Number(count),
      kind,
      ...(cpus.trim() ? { cpus } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(pcntxt ? { pcntxt } : {}),
    });
    if (result?.ok && result.firstIrq !== undefined) await select(result.firstIrq);
  };
  return (
    <form className="allocate-form" onSubmit={(e) => void onSubmit(e)} aria-label="allocate irqs">
      <label>
        count
        <input
          type="number"
          min={1}
          value={count}
          onChange={(e) => setCount(e.target.value)}
          data-testid="alloc-count"
        />
      </label>
      <label>
        kind
        <select value={kind} onChange={(e) => setKind(e.target.value as IrqKind)} data-testid="alloc-kind">
          {KIND_LABELS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        CPU list
        <input
          value={cpus}
          onChange={(e) => setCpus(e.target.value)}
          data-testid="alloc-cpus"
          placeholder={kind === "fixed" ? "required, e.g. 2" : "all"}
        />
      </label>
      <label>
        device
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="alloc-name" placeholder="dev0" />
      </label>
      <label className="check" title="IRQD_MOVE_PCNTXT: affinity changes apply at once, as with interrupt remapping">
        <input
          type="checkbox"
          checked={pcntxt}
          onChange={(e) => setPcntxt(e.target.checked)}
          data-testid="alloc-pcntxt"
        />
        move at once
      </label>
      <button type="submit" disabled={!ready} data-testid="alloc-submit">
        Allocate
      </button>
    </form>
  );
}
