/** The bottom tabs: debugfs text, the vectors held, and the event log. */
import { useEffect, useRef, useState } from "react";
import { useSim } from "../store";
import { TableHead } from "./TableHead";

type Tab = "debugfs" | "held" | "log";
const TABS: readonly [Tab, string][] = [
  ["debugfs", "debugfs domains/VECTOR"],
  ["held", "Vectors held"],
  ["log", "Event log"],
];

export function BottomTabs() {
  const [tab, setTab] = useState<Tab>("debugfs");
  return (
    <div className="bottom-tabs">
      <div role="tablist" aria-label="details">
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === "debugfs" ? <DebugfsVector /> : tab === "held" ? <HeldVectors /> : <EventLog />}
      </div>
    </div>
  );
}

function DebugfsVector() {
  const text = useSim((s) => s.view?.debugfsVector ?? "");
  return (
    <figure className="debugfs-file">
      <figcaption className="mono">/sys/kernel/debug/irq/domains/VECTOR</figcaption>
      <pre className="mono" data-testid="debugfs-vector">
        {text}
      </pre>
    </figure>
  );
}

function HeldVectors() {
  const held = useSim((s) => s.view?.held);
  const total = useSim((s) => s.view?.heldTotal ?? 0);
  const apply = useSim((s) => s.apply);
  if (!held || held.length === 0) return <p className="empty">No vectors allocated yet: use Allocate above.</p>;
  return (
    <div>
      {total > held.length ? (
        <p className="empty">
          Showing the latest {held.length} of {total}.
        </p>
      ) : null}
      <table className="held-table" data-testid="held-table">
        <TableHead columns={[["handle"], ["CPU"], ["vector"], ["affinity"], ["kind"], ["", "free"]]} />
        <tbody>
          {held
            .slice()
            .reverse()
            .map((h) => (
              <tr key={h.handle} data-testid={`held-${h.handle}`}>
                <td>#{h.handle}</td>
                <td>{h.cpu}</td>
                <td>{h.vector === 0 ? "shut down" : h.vector}</td>
                <td>{h.affinity}</td>
                <td>{h.managed ? "managed" : "normal"}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => void apply({ op: "vector_free", handle: h.handle })}
                    aria-label={`Free vector #${h.handle}`}
                  >
                    Free
                  </button>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

function EventLog() {
  const events = useSim((s) => s.events);
  const shown = events.slice(-400);
  const list = useRef<HTMLOListElement>(null);
  const last = shown.at(-1)?.seq;
  // Follow the newest line, like `tail -f`: the panel scrolls to the end when events arrive.
  useEffect(() => {
    const panel = list.current?.parentElement;
    if (panel && last !== undefined) panel.scrollTop = panel.scrollHeight;
  }, [last]);
  return (
    <ol ref={list} className="mono event-log" data-testid="event-log" aria-label="event log">
      {shown.map((e) => (
        <li key={e.seq} className={`ev-${e.kind}`}>
          {e.text}
        </li>
      ))}
    </ol>
  );
}
