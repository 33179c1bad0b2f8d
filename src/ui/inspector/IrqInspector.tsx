/**
 * The selected irq: its path from the device's store entry to the CPU, the message its device holds
 * decoded bit by bit (compat or remappable format), the IRTE behind it, the IO-APIC RTE, every
 * irq_data level, and what a driver or a user can do to it.
 */

import { type FormEvent, useEffect, useState } from "react";
import { hex } from "../../kernel/arch/x86/bitfield";
import type { IrqDetail } from "../../sim/irq-detail";
import { OpenInDebugfs } from "../debugfs/OpenInDebugfs";
import { Term } from "../glossary/Term";
import { useIrqStore } from "../store-context";
import { BitTable, hex8 } from "./BitTable";
import { GuestBacking } from "./GuestBacking";
import { IrqWrites } from "./IrqWrites";
import { IrqLinks } from "./WorldInspector";

function IrqActions({ d }: { d: IrqDetail }) {
  const apply = useIrqStore((s) => s.apply);
  const [cpus, setCpus] = useState(d.target.affinity);
  useEffect(() => setCpus(d.target.affinity), [d.target.affinity]);
  const irq = d.irq;
  const onSet = (e: FormEvent) => {
    e.preventDefault();
    void apply({ op: "set_affinity", irq, cpus });
  };
  const requested = d.target.actions.length > 0;
  return (
    <div className="irq-actions">
      <div className="button-row">
        <button
          type="button"
          data-testid="irq-request"
          onClick={() =>
            void apply(
              requested ? { op: "free_irq", irq } : { op: "request_irq", irq, name: `${d.device}-${d.store}${d.slot}` },
            )
          }
        >
          {requested ? "free_irq" : "request_irq"}
        </button>
        <button type="button" data-testid="irq-raise" onClick={() => void apply({ op: "raise", irq, times: 1 })}>
          Raise
        </button>
      </div>
      <form className="affinity-form" onSubmit={onSet} aria-label="set affinity">
        <label>
          smp_affinity_list
          <input
            value={cpus}
            onChange={(e) => setCpus(e.target.value)}
            data-testid="affinity-input"
            title={d.target.managed ? "managed: the kernel owns the affinity (writes fail with -EIO)" : "e.g. 2 or 0-3"}
          />
        </label>
        <button type="submit" data-testid="affinity-set">
          Write
        </button>
      </form>
    </div>
  );
}

/** An imported irq: where it was read, what is deduced, what the input does not say; no actions. */
function ImportedFacts({ d }: { d: IrqDetail }) {
  const i = d.imported;
  if (!i) return null;
  return (
    <div className="imported-facts" data-testid="irq-provenance">
      <p className="muted">Read-only: imported from {i.source}.</p>
      <dl className="kv">
        <dt>inferred</dt>
        <dd>{i.inferred.join(", ") || "nothing: every field shown was printed"}</dd>
        <dt>unknown</dt>
        <dd>{i.unknown.join(", ") || "nothing"}</dd>
      </dl>
    </div>
  );
}

/** The CPU an irq lands on, as a link that inspects that CPU (keeping the irq's path lit). */
function CpuLink({ cpu, irq }: { cpu: number; irq: number }) {
  const select = useIrqStore((s) => s.select);
  return (
    <button
      type="button"
      className="link"
      onClick={() => void select({ kind: "cpu", cpu, irq })}
      aria-label={`inspect CPU ${cpu}`}
      data-testid="irq-target-cpu"
    >
      CPU {cpu}
    </button>
  );
}

export function IrqInspector({ d }: { d: IrqDetail }) {
  const t = d.target;
  return (
    <section className="inspector-irq" aria-label={`irq ${d.irq}`} data-testid="irq-inspector">
      <h2>
        irq {d.irq}{" "}
        <span className="muted">
          {d.device} · {d.message?.where ?? `${d.store} ${d.slot}`}
        </span>
      </h2>
      <ol className="path-list" aria-label="path" data-testid="irq-path">
        <li>
          {d.device} <span className="muted">{d.message?.where ?? d.store}</span>
        </li>
        {d.levels.map((l) => (
          <li key={l.domain}>
            {l.domain}{" "}
            <span className="muted">
              hwirq {levelHwirq(l.domain, l.hwirq)} · {l.chip}
              {d.irte && l.domain.startsWith("INTEL-IR") ? ` · IRTE ${d.irte.index}` : ""}
            </span>
          </li>
        ))}
        <li data-testid="irq-target">
          {t.vector < 0 ? (
            d.imported ? (
              "vector not printed"
            ) : (
              "no vector"
            )
          ) : (
            <>
              <CpuLink cpu={t.cpu} irq={d.irq} />, vector {hex(t.vector)}
              {t.vector === 0xef && !t.started ? (
                <>
                  {" "}
                  (<Term word="parked" />)
                </>
              ) : null}
            </>
          )}
          {t.prevVector > 0 ? (
            <span className="muted">
              {" "}
              (<Term word="moving">moving</Term> from CPU {t.prevCpu}, {hex(t.prevVector)})
            </span>
          ) : null}
        </li>
      </ol>
      <IrqLinks irq={d.irq} />
      <dl className="kv">
        <dt>handlers</dt>
        <dd>{t.actions.join(", ") || "—"}</dd>
        <dt>affinity</dt>
        <dd className="mono">
          {t.affinity}
          {t.managed ? " (managed)" : ""}
          {t.pending ? (
            <>
              {" "}
              → {t.pending} <Term word="pending" />
            </>
          ) : null}
        </dd>
        <dt>effective</dt>
        <dd className="mono">{t.effective || "—"}</dd>
        <dt>count</dt>
        <dd data-testid="irq-count">{t.count}</dd>
      </dl>
      {d.imported ? (
        <ImportedFacts d={d} />
      ) : (
        <>
          <IrqActions d={d} />
          <IrqWrites irq={d.irq} />
        </>
      )}
      {d.backing ? <GuestBacking b={d.backing} /> : null}
      {d.message ? (
        <div className="message">
          <h3>
            Message in the {d.message.where}
            {d.message.masked ? <Term word="masked" className="badge" /> : null}
          </h3>
          <p className="mono" data-testid="msg-words">
            address {hex8(d.message.addressHi)}:{hex8(d.message.addressLo)} · data {hex8(d.message.data)}
          </p>
          <p className={`format format-${d.message.format}`} data-testid="msg-summary">
            {d.message.summary}
          </p>
          <BitTable caption="address and data, bit by bit" fields={d.message.fields} testId="msg-bits" />
        </div>
      ) : null}
      {d.rte ? (
        <div className="rte">
          <h3>IO-APIC redirection table entry</h3>
          <p className="mono">
            {hex8(d.rte.hi)}:{hex8(d.rte.lo)} · {d.rte.summary}
          </p>
          <BitTable caption="RTE, bit by bit" fields={d.rte.fields} testId="rte-bits" />
        </div>
      ) : null}
      {d.irte ? (
        <div className="irte">
          <h3>
            IRTE {d.irte.index}
            {d.irte.subHandle ? <span className="muted"> (block + sub-handle {d.irte.subHandle})</span> : null}
            {d.irte.present ? null : <span className="badge">not present</span>}
          </h3>
          <p className="mono" data-testid="irte-words">
            {d.irte.high} {d.irte.low}
          </p>
          <p className="muted">{d.irte.sidCheck}</p>
          <BitTable caption="IRTE, bit by bit" fields={d.irte.fields} testId="irte-bits" />
        </div>
      ) : null}
      <details className="debugfs-irq">
        <summary>/sys/kernel/debug/irq/irqs/{d.irq}</summary>
        <pre className="mono" data-testid="debugfs-irq">
          {d.debugfs}
        </pre>
      </details>
      {d.imported ? null : <OpenInDebugfs path={`irq/irqs/${d.irq}`} testId="irq-open-debugfs" />}
    </section>
  );
}

/**
 * A level's hwirq as the inspector prints it: a remapping level's in hex, as debugfs prints every
 * hwirq, since it is the IRTE index << 16 | sub-handle (in decimal, IRTE 63,502 reads 4161667072).
 */
function levelHwirq(domain: string, hwirq: number): string {
  if (hwirq < 0) return "?";
  return domain.startsWith("INTEL-IR") ? hex(hwirq) : String(hwirq);
}
