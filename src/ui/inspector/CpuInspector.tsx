/**
 * The selected CPU: online state, APIC id, its irq_matrix counters and its row of debugfs
 * domains/VECTOR, what taking it offline would have to move, the cleanups waiting on it, every
 * vector on it with the irq behind it (a link), and hotplug.
 */

import { hex } from "../../kernel/arch/x86/bitfield";
import type { CpuDetail, CpuVectorRow } from "../../sim/cpu-detail";
import { VECTOR_CLASS_NAMES } from "../../sim/vector-classes";
import { OpenInDebugfs } from "../debugfs/OpenInDebugfs";
import { Term } from "../glossary/Term";
import { useIrqStore } from "../store-context";
import { ColumnHeads } from "../tables/ColumnHeads";
import { IrqLink } from "../tables/IrqLink";

const hex2 = (v: number) => `0x${v.toString(16).padStart(2, "0")}`;

const VECTOR_COLUMNS: readonly (readonly [string, string?])[] = [
  ["vector"],
  ["class", "what the matrix and vector.c say about the vector"],
  ["irq"],
  ["device entry", "the message store slot behind the irq"],
  ["handlers"],
  ["notes", "a move in progress, a vector_irq marker"],
];

/** A move in progress and a vector_irq marker, their state words explained (glossary). */
function Notes({ r }: { r: CpuVectorRow }) {
  const move = r.moving ? (
    <>
      previous vector, awaiting <Term word="cleanup" /> ({r.move})
    </>
  ) : r.move ? (
    <>
      <Term word="moving" /> here {r.move}
    </>
  ) : null;
  const marker = r.marker ? (
    <>
      vector_irq: <Term word={r.marker} /> marker
    </>
  ) : null;
  return (
    <>
      {move}
      {move && marker ? "; " : null}
      {marker}
    </>
  );
}

function VectorRows({ d, from }: { d: CpuDetail; from: number | undefined }) {
  if (d.rows.length === 0) return <p className="empty">No device vector is allocated or reserved on this CPU.</p>;
  return (
    <table className="cpu-vectors" data-testid="cpu-vectors" aria-label={`vectors on CPU ${d.cpu}`}>
      <thead>
        <tr>
          <ColumnHeads names={VECTOR_COLUMNS} className="cell head" />
        </tr>
      </thead>
      <tbody>
        {d.rows.map((r) => (
          <tr
            key={r.vector}
            className={r.irq >= 0 && r.irq === from ? "selected" : ""}
            data-testid={`cpu-vector-${hex2(r.vector)}`}
          >
            <th scope="row" className="cell mono">
              {hex2(r.vector)}
            </th>
            <td className="cell">
              <span className={`heat-swatch heat-c${r.cls}`} aria-hidden="true" /> {VECTOR_CLASS_NAMES[r.cls]}
            </td>
            <td>
              {r.irq >= 0 ? <IrqLink irq={r.irq} label={`inspect irq ${r.irq} (vector ${hex2(r.vector)})`} /> : "—"}
            </td>
            <td className="cell">{r.entry || "—"}</td>
            <td className="cell">{r.handlers || "—"}</td>
            <td className="cell">
              <Notes r={r} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CpuInspector({ d, from }: { d: CpuDetail; from: number | undefined }) {
  const apply = useIrqStore((s) => s.apply);
  const dest = d.x2apic ? hex(d.apicId) : hex(d.apicId << 8);
  return (
    <section className="inspector-cpu" aria-label={`CPU ${d.cpu}`} data-testid="cpu-inspector">
      <h2>
        CPU {d.cpu}{" "}
        <span className={`badge ${d.online ? "badge-ok" : ""}`} data-testid="cpu-state">
          {d.online ? "online" : "offline"}
        </span>
        {from !== undefined ? <span className="muted"> · reached from irq {from}</span> : null}
      </h2>
      <dl className="kv">
        <dt>APIC id</dt>
        <dd>
          {d.apicId}{" "}
          <span className="muted">
            (IRTE dest_id {dest} in {d.x2apic ? "x2APIC" : "xAPIC"} mode; compat MSI destination {d.apicId})
          </span>
        </dd>
        <dt title="cm->available: free device vectors in the allocation window">available</dt>
        <dd data-testid="cpu-avl">{d.available}</dd>
        <dt title="cm->allocated">allocated</dt>
        <dd data-testid="cpu-act">{d.allocated}</dd>
        <dt title="cm->managed: vectors reserved for managed irqs">managed</dt>
        <dd data-testid="cpu-man">{d.managed}</dd>
        <dt title="cm->managed_allocated">managed allocated</dt>
        <dd data-testid="cpu-mac">{d.managedAllocated}</dd>
        <dt title="lapic_can_unplug_cpu()">taking it offline</dt>
        <dd data-testid="cpu-unplug">
          {d.fixed
            ? `never: ${d.fixed}`
            : d.online
              ? `moves ${d.unplug.toMove} vector${d.unplug.toMove === 1 ? "" : "s"}; the other online CPUs have ${d.unplug.available} free${d.unplug.available < d.unplug.toMove ? " — too few: -ENOSPC" : ""}`
              : "offline: its vectors moved away or shut down (managed)"}
        </dd>
        <dt title="vector_cleanup: previous vectors released by the per-CPU cleanup timer">cleanup</dt>
        <dd>
          {d.cleanupIrqs.length === 0
            ? "nothing waiting"
            : `previous vector of irq ${d.cleanupIrqs.join(", ")} waiting; timer at jiffy ${d.timerExpires} (now ${d.jiffies})`}
        </dd>
      </dl>
      <div className="button-row">
        <button
          type="button"
          onClick={() => void apply({ op: d.online ? "cpu_offline" : "cpu_online", cpu: d.cpu })}
          disabled={d.online && d.fixed !== undefined}
          title={d.online ? d.fixed : undefined}
          data-testid="cpu-inspector-toggle"
        >
          {d.online ? `Take CPU ${d.cpu} offline` : `Bring CPU ${d.cpu} online`}
        </button>
      </div>
      <figure className="debugfs-file">
        <figcaption className="mono">/sys/kernel/debug/irq/domains/VECTOR, CPU {d.cpu}</figcaption>
        <pre className="mono" data-testid="cpu-debugfs-row">
          {d.online ? `${d.debugfsHeader}\n${d.debugfsRow}` : "(offline CPUs are not printed)"}
        </pre>
      </figure>
      <OpenInDebugfs path="irq/domains/VECTOR" testId="cpu-open-debugfs" />
      <h3>Vectors on CPU {d.cpu}</h3>
      <VectorRows d={d} from={from} />
      <p className="muted">
        Allocated: {d.vectorList || "none"}. System vectors on every CPU ({d.systemCount}): {d.systemVectors}.
      </p>
    </section>
  );
}
