/** The bottom tabs: the irq list, the kernel's own views (debugfs, /proc/interrupts) and the event log. */
import { useEffect, useRef, useState } from "react";
import { useSim } from "../store";
import { IrqTable } from "./IrqTable";

type Tab = "irqs" | "irq-debugfs" | "interrupts" | "debugfs" | "log";

export function BottomTabs() {
  const [tab, setTab] = useState<Tab>("irqs");
  const selected = useSim((s) => s.selectedIrq);
  const showInterrupts = useSim((s) => s.showInterrupts);
  const tabs: readonly [Tab, string][] = [
    ["irqs", "Irqs"],
    ["irq-debugfs", selected === undefined ? "irqs/N" : `irqs/${selected}`],
    ["interrupts", "/proc/interrupts"],
    ["debugfs", "domains/VECTOR"],
    ["log", "Event log"],
  ];
  const open = (id: Tab) => {
    setTab(id);
    void showInterrupts(id === "interrupts");
  };
  return (
    <div className="bottom-tabs">
      <div role="tablist" aria-label="details">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            onClick={() => open(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === "irqs" ? (
          <IrqTable />
        ) : tab === "irq-debugfs" ? (
          <IrqDebugfs />
        ) : tab === "interrupts" ? (
          <ProcInterrupts />
        ) : tab === "debugfs" ? (
          <DebugfsVector />
        ) : (
          <EventLog />
        )}
      </div>
    </div>
  );
}

function TextFile({ path, text, testId }: { path: string; text: string; testId: string }) {
  return (
    <figure className="debugfs-file">
      <figcaption className="mono">{path}</figcaption>
      <pre className="mono" data-testid={testId}>
        {text}
      </pre>
    </figure>
  );
}

function DebugfsVector() {
  const text = useSim((s) => s.view?.debugfsVector ?? "");
  return <TextFile path="/sys/kernel/debug/irq/domains/VECTOR" text={text} testId="debugfs-vector" />;
}

function IrqDebugfs() {
  const d = useSim((s) => s.details);
  if (d.irq === undefined || !d.debugfsIrq) return <p className="empty">Select an irq in the Irqs tab.</p>;
  return <TextFile path={`/sys/kernel/debug/irq/irqs/${d.irq}`} text={d.debugfsIrq} testId="debugfs-irq" />;
}

function ProcInterrupts() {
  const text = useSim((s) => s.details.interrupts ?? "");
  return <TextFile path="/proc/interrupts (device irqs)" text={text} testId="proc-interrupts" />;
}

function EventLog() {
  const events = useSim((s) => s.events);
  const selected = useSim((s) => s.selectedIrq);
  const [onlySelected, setOnlySelected] = useState(false);
  const [showMatrix, setShowMatrix] = useState(true);
  const shown = events
    .filter((e) => !onlySelected || selected === undefined || e.irq === selected || e.kind === "result")
    .filter((e) => showMatrix || !e.text.startsWith("irq_matrix_"))
    .slice(-400);
  const list = useRef<HTMLOListElement>(null);
  const last = shown.at(-1)?.seq;
  // Follow the newest line, like `tail -f`: the panel scrolls to the end when events arrive.
  useEffect(() => {
    const panel = list.current?.parentElement;
    if (panel && last !== undefined) panel.scrollTop = panel.scrollHeight;
  }, [last]);
  return (
    <div>
      <div className="log-filters">
        <label className="check">
          <input type="checkbox" checked={showMatrix} onChange={(e) => setShowMatrix(e.target.checked)} />
          irq_matrix events
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={onlySelected}
            disabled={selected === undefined}
            onChange={(e) => setOnlySelected(e.target.checked)}
          />
          only irq {selected ?? "—"}
        </label>
      </div>
      <ol ref={list} className="mono event-log" data-testid="event-log" aria-label="event log">
        {shown.map((e) => (
          <li key={e.seq} className={`ev-${e.kind}`}>
            {e.text}
          </li>
        ))}
      </ol>
    </div>
  );
}
