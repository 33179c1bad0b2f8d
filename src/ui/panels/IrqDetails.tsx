/** The selected irq: where it is, what it is waiting for, and the actions a user and a driver have on it. */
import { type FormEvent, useEffect, useState } from "react";
import { useSim } from "../store";
import { requestOrFree, vectorText } from "./IrqTable";

export function IrqDetails() {
  const irq = useSim((s) => s.selectedIrq);
  const row = useSim((s) => s.view?.irqs.find((r) => r.irq === s.selectedIrq));
  const apply = useSim((s) => s.apply);
  const select = useSim((s) => s.select);
  const [cpus, setCpus] = useState("");
  useEffect(() => setCpus(row?.affinity ?? ""), [row?.affinity]);
  if (irq === undefined || !row) {
    return (
      <section className="irq-details" aria-label="selected irq">
        <h2>irq</h2>
        <p className="empty">Select an irq in the list below.</p>
      </section>
    );
  }
  const onSet = (e: FormEvent) => {
    e.preventDefault();
    void apply({ op: "irq_set_affinity", irq, cpus });
  };
  return (
    <section className="irq-details" aria-label="selected irq" data-testid="irq-details">
      <h2>
        irq {irq} <span className="muted">{row.device}</span>
      </h2>
      <p className="state-text" data-testid="irq-state">
        {row.stateText}
      </p>
      <dl className="kv">
        <dt>vector</dt>
        <dd className="mono">{vectorText(row)}</dd>
        <dt>previous</dt>
        <dd className="mono">{row.prevVector ? `${row.prevVector} @ CPU ${row.prevCpu}` : "—"}</dd>
        <dt>hardware points at</dt>
        <dd className="mono">
          {row.hwVector} @ CPU {row.hwCpu}
        </dd>
        <dt>affinity</dt>
        <dd className="mono">{row.affinity}</dd>
        <dt>effective</dt>
        <dd className="mono">{row.effective || "—"}</dd>
        <dt>pending</dt>
        <dd className="mono">{row.pending || "—"}</dd>
      </dl>
      <form className="affinity-form" onSubmit={onSet} aria-label="set affinity">
        <label>
          smp_affinity_list
          <input
            value={cpus}
            onChange={(e) => setCpus(e.target.value)}
            data-testid="affinity-input"
            disabled={row.managed}
            title={row.managed ? "managed: the kernel owns the affinity (writes fail with -EPERM)" : ""}
          />
        </label>
        <button type="submit" data-testid="affinity-set">
          Write
        </button>
      </form>
      <div className="button-row">
        <button type="button" data-testid="irq-request" onClick={() => void apply(requestOrFree(row))}>
          {row.actions ? "free_irq" : "request_irq"}
        </button>
        <button type="button" data-testid="irq-raise" onClick={() => void apply({ op: "irq_raise", irq })}>
          Raise
        </button>
        <button
          type="button"
          data-testid="irq-dealloc"
          onClick={async () => {
            const r = await apply({ op: "irq_dealloc", irq });
            if (r?.ok) await select(undefined);
          }}
        >
          Free block
        </button>
      </div>
    </section>
  );
}
