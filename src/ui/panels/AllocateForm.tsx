/** Allocate vectors on a CPU list, as a driver's irq would get them. */
import { type FormEvent, useState } from "react";
import { useSim } from "../store";

export function AllocateForm() {
  const apply = useSim((s) => s.apply);
  const ready = useSim((s) => s.status === "ready");
  const [cpus, setCpus] = useState("0-3");
  const [count, setCount] = useState("1");
  const [managed, setManaged] = useState(false);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void apply({ op: "vector_alloc", cpus, count: Number(count), managed });
  };
  return (
    <form className="allocate-form" onSubmit={onSubmit} aria-label="allocate vectors">
      <label>
        CPU list
        <input value={cpus} onChange={(e) => setCpus(e.target.value)} data-testid="alloc-cpus" placeholder="0-3,8" />
      </label>
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
      <label className="check">
        <input
          type="checkbox"
          checked={managed}
          onChange={(e) => setManaged(e.target.checked)}
          data-testid="alloc-managed"
        />
        managed
      </label>
      <button type="submit" disabled={!ready} data-testid="alloc-submit">
        Allocate
      </button>
    </form>
  );
}
